import { eventTimeText } from '../common/event-time.ts';
import { reportUrl } from '../common/urls.ts';
import { fitTitle } from '../common/email.ts';
import { catalogue, formatInstant, uiLanguage } from '../common/i18n/index.ts';
import { eventHeading, placeOf } from '../reports/event-details.ts';
import { eventLastMoment, toEpoch } from '../reports/dates.ts';
import { renderMarkdown } from '../reports/markdown.ts';
import { bodyOf } from '../reports/rendering.ts';
import type { Report, ReportEvent } from '../reports/schema.ts';
import { type PublicReport, sameLanguage } from '../reports/index.ts';
import { excerpt } from './excerpt.ts';


/** A report to list, with its other versions readers can open (translations). */
export type DigestEntry = PublicReport & { versions?: { slug: string; lang: string }[] };

/** What composing a digest needs besides the reports: no bindings, no clock. */
export interface DigestOptions {
  siteUrl: string;
  siteTitle: string;
  /** Language of the reader-facing strings. */
  lang: string;
  /** The time zone the window's times are told in (the reader's, or the site's on the web). */
  timeZone: string;
  /** The reader's own time zone, in an email: an event's time is followed by theirs where their clocks differ. */
  readerZone?: string;
  /** Decides which events are upcoming. */
  now: number;
  since: number;
  until: number;
  /** The web digest of this window, where "and N more" points. */
  webUrl: string;
  /** The edition an email or the web archive names (absent: a window asked for on the web). */
  edition?: Edition;
}

/** What a digest is: a daily or weekly brief, or one report's instant email. */
export type Edition = 'daily' | 'weekly' | 'instant';

/** One report as a digest lists it. */
export interface DigestItem {
  slug: string;
  url: string;
  title: string;
  lang: string;
  kind: 'event' | 'news';
  /** Event kind as a label ("Workshop"), for events. */
  eventKind?: string;
  eventName?: string;
  /** Kind and name as the report page heads them (“Workshop: …”; “……研讨会” alone when the name says its kind). Absent in editions kept before. */
  eventHeading?: string;
  /** The event's own start and end, as written (a date, or a date-time with offset). */
  start?: string;
  end?: string;
  when?: string;
  where?: string;
  organizers: string[];
  speakers: { name: string; role: string; affiliation?: string }[];
  /** Speakers left out of the list. */
  moreSpeakers: number;
  topics: string[];
  summary: string;
  upcoming: boolean;
  publicAt: number;
  published: string;
  /** The same report in other languages, each link named for its readers ("Also in 中文"). Absent in editions kept before. */
  alternates?: { lang: string; url: string; label: string }[];
  /** Set when the report is in another language than the digest's and has no version in it ("Chinese only"). */
  only?: string;
}

/** A digest: JSON-serializable, rendered as a page, text or email. */
export interface Digest {
  lang: string;
  timeZone: string;
  siteTitle: string;
  siteUrl: string;
  subject: string;
  since: number;
  until: number;
  /** The window in words, for the reader. */
  period: string;
  webUrl: string;
  /** Absent for a window asked for on the web, and in editions kept before editions were named. */
  edition?: Edition;
  items: DigestItem[];
}

/** Speakers listed by name; the rest are counted. */
export const MAX_SPEAKERS = 5;
/** Characters (graphemes) of a summary. */
export const SUMMARY_CHARS = 320;

export { matchesPreferences } from './groups.ts';

/**
 * The event's time in the reader's language, by the one rule of every surface
 * (src/common/event-time.ts): in the event's zone, named, or at the offset it was written
 * with; with `readerZone` (an email's subscriber), the reader's own time beside it where
 * their clocks differ.
 */
export function eventWhen(event: ReportEvent, lang: string, readerZone?: string): string {
  return eventTimeText(event, lang, readerZone ? { readerZone } : {});
}

/**
 * An event is upcoming while its start or end is still ahead: an all-day date counts to the
 * end of its day, so an event on today's date is still listed as upcoming.
 */
function isUpcoming(event: ReportEvent | undefined, now: number): boolean {
  return event !== undefined && eventLastMoment(event) >= now;
}

/** Where the leads of long bodies are cut from: enough text for any summary. */
const BODY_HEAD_CHARS = SUMMARY_CHARS * 64;

/**
 * The editor's summary, or the lead of the body, cut to {@link SUMMARY_CHARS}. The stored
 * lead ends with an ellipsis when the body's first sentence was too long, and it was then
 * cut between code points (an emoji could be split): the summary is then cut afresh from
 * the start of the body's text, between graphemes.
 */
function summaryOf(report: Report, url: string): string {
  if (report.summary) return excerpt(report.summary, SUMMARY_CHARS, report.lang);
  const lead = bodyOf(report, url).summary;
  if (!lead.endsWith('…')) return excerpt(lead, SUMMARY_CHARS, report.lang);
  const head = report.body.slice(0, BODY_HEAD_CHARS);
  const fresh = excerpt(renderMarkdown(head, url).text, SUMMARY_CHARS, report.lang, head.length === report.body.length);
  return fresh === '' ? excerpt(lead, SUMMARY_CHARS, report.lang) : fresh;
}

function itemOf(entry: DigestEntry, options: DigestOptions): DigestItem {
  const { report } = entry;
  const strings = catalogue(options.lang).digest;
  const url = reportUrl(options, report.slug);
  const event = report.event;
  const alternates = (entry.versions ?? []).map((v) => ({ lang: v.lang, url: reportUrl(options, v.slug), label: strings.alsoIn(v.lang) }));
  return {
    slug: report.slug,
    url,
    title: report.title,
    lang: report.lang,
    kind: event ? 'event' : 'news',
    ...(event
      ? {
          eventKind: catalogue(options.lang).digest.kinds[event.kind],
          eventHeading: eventHeading(event, options.lang),
          eventName: event.name,
          start: event.start,
          ...(event.end ? { end: event.end } : {}),
          when: eventWhen(event, options.lang, options.readerZone),
          // The place is the report's data, written in its language and ordered as it orders places.
          where: placeOf(event, report.lang),
        }
      : {}),
    organizers: event?.organizers ?? [],
    speakers: (event?.speakers ?? []).slice(0, MAX_SPEAKERS),
    moreSpeakers: Math.max(0, (event?.speakers.length ?? 0) - MAX_SPEAKERS),
    topics: report.topics,
    summary: summaryOf(report, url),
    upcoming: isUpcoming(event, options.now),
    publicAt: entry.publicAt,
    published: report.published,
    alternates,
    ...(alternates.length === 0 && !sameLanguage(report.lang, uiLanguage(options.lang)) ? { only: strings.only(report.lang) } : {}),
  };
}

/**
 * Turns reports into a digest: upcoming events first (soonest first), then the rest newest
 * first; a subject that says what is in it. Pure: the same reports and options give the same
 * digest.
 *
 * @example composeDigest(reports, options).subject // '3 new reports: Workshop on … and 2 more'
 */
export function composeDigest(reports: DigestEntry[], options: DigestOptions): Digest {
  const lang = uiLanguage(options.lang);
  const strings = catalogue(lang).digest;
  const items = reports.map((entry) => itemOf(entry, { ...options, lang }));
  const tie = (a: DigestItem, b: DigestItem) => b.publicAt - a.publicAt || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
  const upcoming = items.filter((item) => item.upcoming).sort((a, b) => toEpoch(a.start!) - toEpoch(b.start!) || tie(a, b));
  const rest = items.filter((item) => !item.upcoming).sort((a, b) => Date.parse(b.published) - Date.parse(a.published) || tie(a, b));
  const ordered = [...upcoming, ...rest];
  const first = ordered[0]?.title;
  // The frame of the subject stays whole; only the title is cut to fit (SUBJECT_COLUMNS).
  const subject = ordered.length === 0 ? strings.subjectNone : ordered.length === 1 ? fitTitle(strings.subjectOne, first!) : fitTitle((title) => strings.subjectMany(ordered.length, title), first!);
  return {
    lang,
    timeZone: options.timeZone,
    siteTitle: options.siteTitle,
    siteUrl: options.siteUrl,
    subject,
    since: options.since,
    until: options.until,
    period: strings.window(formatInstant(options.since, lang, options.timeZone, true), formatInstant(options.until, lang, options.timeZone, true), options.timeZone),
    webUrl: options.webUrl,
    ...(options.edition ? { edition: options.edition } : {}),
    items: ordered,
  };
}
