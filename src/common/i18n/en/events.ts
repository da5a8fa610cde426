/** Strings of the events pages and calendars. */
export const events = {
  title: 'Events',
  topicTitle: (topic: string) => `Events: ${topic}`,
  subscribe: 'Subscribe in your calendar',
  upcoming: 'Upcoming',
  noUpcoming: 'No upcoming events.',
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
