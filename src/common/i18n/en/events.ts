/** Strings of the events pages and calendars. */
export const events = {
  title: 'Events',
  topicTitle: (topic: string) => `Events: ${topic}`,
  subscribe: 'Subscribe in your calendar',
  upcoming: 'Upcoming events',
  /** What a page with no upcoming event says, and where it leads. */
  noUpcoming: 'No events are scheduled at the moment.',
  noUpcomingMeaning: 'When the institute announces a workshop, conference or lecture, it is listed here and added to the calendar you can follow.',
  seePast: 'See past events',
  followCalendar: 'Follow the calendar',
  /** A page with no event at all. */
  noEvents: 'No events have been reported yet.',
  latestReports: 'Read the latest reports',
  /** The section of events that are over, by year. */
  past: 'Past events',
  kinds: { workshop: 'Workshop', conference: 'Conference', forum: 'Forum', lecture: 'Lecture', seminar: 'Seminar', meeting: 'Meeting', other: 'Event' },
  /** A label before its value ("Organized by: …"). */
  label: (name: string) => `${name}:`,
  /** A label and its value on one line. */
  labelled: (name: string, value: string) => `${name}: ${value}`,
  organizedBy: 'Organized by',
  speakers: 'Speakers',
  /** Institutions and people, whose names may hold commas. */
  list: (items: string[]) => items.join('; '),
  /** A place from its most to its least particular part (venue, city, country). */
  place: (parts: string[]) => parts.join(', '),
  /** After a place that is online, unless its name says so. */
  online: ' (online)',
  speaker: (name: string, affiliation: string | undefined, role: string) => `${name}${affiliation ? `, ${affiliation}` : ''} (${role})`,
  calendarName: (site: string) => `${site} events`,
  topicCalendarName: (site: string, topic: string) => `${site} events: ${topic}`,
};
