import { dateFormat } from '../../intl.ts';

/** A language's English name ("Chinese" for zh-Hans). */
function languageName(lang: string): string {
  const primary = lang.split('-')[0]!.toLowerCase();
  return primary === 'zh' ? 'Chinese' : primary === 'en' ? 'English' : (new Intl.DisplayNames('en', { type: 'language' }).of(primary) ?? lang);
}

/** A formatter for `timeZone`, kept (see dateFormat). */
const formatIn = (timeZone: string, options: Intl.DateTimeFormatOptions) => dateFormat('en-GB', { timeZone, ...options });

/** Strings of the digest (web page, JSON, text, email) and of the digest archive. */
export const digest = {
  /** A day as an edition names it, on the reader's calendar: "Thursday 3 December". */
  dayDate: (ms: number, timeZone: string) => formatIn(timeZone, { weekday: 'long', day: 'numeric', month: 'long' }).format(ms),
  /** A day without its weekday: "30 November". */
  dayMonth: (ms: number, timeZone: string) => formatIn(timeZone, { day: 'numeric', month: 'long' }).format(ms),
  /** A time of day on the 24-hour clock: "07:00". */
  clock: (ms: number, timeZone: string) => formatIn(timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms),
  /** The name of an email's edition, after the site's short name in its header. */
  editions: {
    daily: (day: string) => `Daily brief · ${day}`,
    weekly: (day: string) => `Weekly brief · week of ${day}`,
    instant: 'New report',
  },
  /** The one line under an edition's name. */
  intro: {
    daily: (count: number, upcomingFirst: boolean) => `${count === 1 ? 'One new report' : `${count} new reports`} in the last day${upcomingFirst ? ', upcoming events first' : ''}.`,
    weekly: (count: number, upcomingFirst: boolean) => `${count === 1 ? 'One new report' : `${count} new reports`} in the last week${upcomingFirst ? ', upcoming events first' : ''}.`,
    instant: (site: string, day: string) => `Published by ${site} on ${day}.`,
  },
  /** A link named for what it opens, read alone by a screen reader. */
  readTitle: (title: string) => `Read: ${title}`,
  subjectOne: (title: string) => `New report: ${title}`,
  subjectMany: (count: number, first: string) => `${count} new reports: ${first} and ${count - 1} more`,
  subjectNone: 'No new reports',
  heading: (site: string) => `${site} digest`,
  window: (since: string, until: string, timeZone: string) => `Reports that became public from ${since} to ${until} (times in ${timeZone})`,
  upcoming: 'Upcoming events',
  past: 'Reports',
  news: 'News',
  kinds: { workshop: 'Workshop', conference: 'Conference', forum: 'Forum', lecture: 'Lecture', seminar: 'Seminar', meeting: 'Meeting', other: 'Event' },
  /** A label before its value ("When: …"); languages differ in the colon and its spacing. */
  label: (name: string) => `${name}:`,
  /** A value after its label (`label(…)`) on one line: English puts a space after the colon. */
  afterLabel: (value: string) => ` ${value}`,
  /** Names that may hold commas themselves (institutions, speakers). */
  list: (items: string[]) => items.join('; '),
  /** Simple words (topics). */
  wordList: (items: string[]) => items.join(', '),
  speaker: (name: string, role: string) => `${name} (${role})`,
  affiliated: (name: string, affiliation: string) => `${name}, ${affiliation}`,
  when: 'When',
  where: 'Where',
  organizers: 'Organized by',
  speakers: 'Speakers',
  topics: 'Topics',
  moreSpeakers: (n: number) => `and ${n} more`,
  read: 'Read the report',
  /** A link to the same report in another language, named in that language so its readers find it. */
  alsoIn: (lang: string) => (lang === 'zh' ? 'Also in 中文' : lang === 'en' ? 'Also in English' : `Also in ${languageName(lang)}`),
  /** A report with no version in the reader's interface language. */
  only: (lang: string) => `${languageName(lang)} only`,
  more: (n: number) => (n === 1 ? '1 more report on the web' : `${n} more reports on the web`),
  empty: 'No report became public in this period.',
  unsubscribe: 'Unsubscribe',
  preferences: 'Change your preferences',
  archive: 'Past briefs on the web',
  why: (site: string) => `You receive this because you subscribed to ${site}.`,
  /** The site's home, in the footer. */
  visit: 'Visit the website',
  archiveTitle: (site: string) => `${site}: past briefs`,
  archiveEmpty: 'No brief has been published yet.',
  daily: 'Daily brief',
  weekly: 'Weekly brief',
  older: 'Older briefs',
  subscribe: 'Subscribe by email',
};
