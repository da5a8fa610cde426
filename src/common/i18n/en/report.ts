/** Strings of a report's page and of its event's facts (stored with the report, shown in feeds). */

let dayFormat: Intl.DateTimeFormat | undefined;
const day = (ms: number) => (dayFormat ??= new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' })).format(ms);

export const report = {
  kinds: { workshop: 'Workshop', conference: 'Conference', forum: 'Forum', lecture: 'Lecture', seminar: 'Seminar', meeting: 'Meeting', other: 'Event' },
  /** The event's heading: its kind's label and its name. */
  heading: (kind: string, name: string) => `${kind}: ${name}`,
  when: 'When',
  where: 'Where',
  organizers: 'Organized by',
  participants: 'Participating institutions',
  speakers: 'Speakers',
  speaker: (name: string, role: string, affiliation: string | undefined) => `${name}${affiliation ? `, ${affiliation}` : ''} — ${role}`,
  /** Names of institutions on one line: they often hold commas ("Law School, Wuhan University"), so always semicolons. */
  list: (items: string[]) => items.join('; '),
  /** The authors' names in the byline. */
  authors: (names: string[]) => names.join(', '),
  /** Where, in one line, small to big: "Luojia Hall, Wuhan, China", "(online)" added when the name does not say so. */
  place: (name: string, city: string | undefined, country: string | undefined, online: boolean) => {
    const parts = [name, city, country].filter((part): part is string => Boolean(part));
    return parts.filter((part, i) => parts.indexOf(part) === i).join(', ') + (online && !/online/i.test(name) ? ' (online)' : '');
  },
  /** A calendar day, given as its midnight UTC: "12 August 2022". */
  day,
  /** Between short items of a run-in list (links to other versions). */
  comma: ', ',
  /** A label before what it names, on one line. */
  label: (name: string) => `${name}: `,
  addToCalendar: 'Add to calendar',
  ics: 'iCalendar (.ics)',
  googleCalendar: 'Google Calendar',
  /** The name a calendar application gives the report's event.ics. */
  calendarName: (site: string, event: string) => `${site}: ${event}`,
  pageTitle: (title: string, site: string) => `${title} · ${site}`,
};
