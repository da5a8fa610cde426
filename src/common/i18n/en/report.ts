/** Strings of a report's page and of its event's facts (stored with the report, shown in feeds). */

let dayFormat: Intl.DateTimeFormat | undefined;
const day = (ms: number) => (dayFormat ??= new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' })).format(ms);

/** Names in running text: "A", "A and B", "A, B and C". */
const andList = (names: string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

/** A citation's element ends with a full stop, unless it ends with one of its own ("Why norms?"). */
const sentence = (text: string) => (/[.?!]$/.test(text) ? text : `${text}.`);

/** Double quotes inside a quoted title become single ones: “Forum ‘Rules for Cyberspace’ at …”. */
const quotedInside = (text: string) => text.replace(/(^|[\s([])"/g, '$1‘').replace(/"/g, '’').replace(/“/g, '‘').replace(/”/g, '’');

export const report = {
  kinds: { workshop: 'Workshop', conference: 'Conference', forum: 'Forum', lecture: 'Lecture', seminar: 'Seminar', meeting: 'Meeting', other: 'Event' },
  /** The event's heading: its kind's label and its name. */
  heading: (kind: string, name: string) => `${kind}: ${name}`,
  /** Above the headline when the report has no event. */
  kicker: 'Report',
  /** The event panel's heading, and the start of its one line when folded on a phone. */
  aboutEvent: 'About the event',
  /** The event panel's folded line: when, and where if known. */
  gist: (when: string, where: string | undefined) => (where ? `${when} · ${where}` : when),
  when: 'When',
  where: 'Where',
  organizers: 'Organized by',
  participants: 'Participating institutions',
  speakers: 'Speakers',
  /** The byline. */
  byline: (names: string[]) => `By ${andList(names)}`,
  /** Around the publication and revision dates: "Published 12 August 2022", "Updated 3 September 2022". */
  published: ['Published ', ''] as [string, string],
  updated: ['Updated ', ''] as [string, string],
  /** The heading of the report's topics. */
  topics: 'Topics',
  /** The heading of the files offered with the report. */
  downloads: 'Downloads',
  /** What each kind of attachment is, as a reader calls it. */
  fileKinds: { 'application/pdf': 'PDF', 'image/png': 'PNG image', 'image/jpeg': 'JPEG image', 'image/webp': 'WebP image', 'image/gif': 'GIF image' },
  /** A size under a kilobyte. */
  bytes: (n: number) => (n === 1 ? '1 byte' : `${n} bytes`),
  /** An attachment's kind and size, after its title: "PDF, 1.2 MB". */
  fileFacts: (kind: string, size: string) => `${kind}, ${size}`,
  citeThis: 'Cite this report',
  /** Before the links to the citation files. */
  downloadCitation: 'Download the citation',
  /**
   * The report as a reference list cites it (Chicago-like): "Authors. “Title.” Institution,
   * 12 August 2022. URL". `published` is the publication time (epoch ms, its UTC day counts).
   */
  citation: (authors: string[], title: string, institution: string, published: number, url: string) => `${sentence(andList(authors))} “${sentence(quotedInside(title))}” ${institution}, ${day(published)}. ${url}`,
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
