import { reportUrl } from '../common/urls.ts';
import { bodyOf } from '../reports/rendering.ts';
import type { Report } from '../reports/schema.ts';
import { truncate } from '../reports/text.ts';
import { eventLineIn, eventPlace } from './event-line.ts';

/**
 * What every channel says about a report that became public, all in the report's own
 * language: its title, summary and address, and the event line (see event-line.ts).
 */
export interface Announcement {
  id: string;
  slug: string;
  url: string;
  title: string;
  summary: string;
  topics: string[];
  lang: string;
  published: string;
  /** When it became public (ISO 8601). */
  becamePublic: string;
  event?: { kind: string; name: string; start: string; end?: string; timezone?: string; place?: string; organizers: string[] };
  /** For a report with an event: what, when and where, in one line. */
  eventLine?: string;
}

export function announcementOf(report: Report, siteUrl: string, publicAt: number): Announcement {
  const url = reportUrl({ siteUrl }, report.slug);
  const event = report.event;
  const place = event ? eventPlace(event, report.lang) : undefined;
  return {
    id: report.id,
    slug: report.slug,
    url,
    title: report.title,
    summary: bodyOf(report, url).summary,
    topics: report.topics,
    lang: report.lang,
    published: report.published,
    becamePublic: new Date(publicAt).toISOString(),
    ...(event
      ? {
          event: { kind: event.kind, name: event.name, start: event.start, ...(event.end ? { end: event.end } : {}), ...(event.timezone ? { timezone: event.timezone } : {}), ...(place ? { place } : {}), organizers: event.organizers },
          eventLine: eventLineIn(event, report.lang),
        }
      : {}),
  };
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

export const graphemeCount = (text: string) => [...segmenter.segment(text)].length;
export const codePointCount = (text: string) => [...text].length;
export const utf16Count = (text: string) => text.length;

/** Mastodon's count: characters (code points), every URL as 23. */
export function mastodonCount(text: string): number {
  return codePointCount(text.replace(/https?:\/\/\S+/g, 'x'.repeat(23)));
}

/**
 * The longest text `compose(cut)` that `fits`, where `cut` is `text` shortened on a word
 * boundary (a grapheme boundary in scripts without spaces) with an ellipsis, or '' if even
 * the shortest does not fit. What `compose` adds around it (the link) is never cut.
 */
export function fitting(text: string, compose: (cut: string) => string, fits: (message: string) => boolean): string {
  if (fits(compose(text))) return compose(text);
  let low = 0;
  let high = graphemeCount(text);
  let best = compose('');
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    const candidate = compose(mid >= 2 ? truncate(text, mid) : '');
    if (fits(candidate)) {
      best = candidate;
      low = mid;
    } else high = mid - 1;
  }
  return best;
}

/** The announcement as plain text: the event line (or title), the title, the summary cut to fit, then the link. */
export function plainText(a: Announcement, fits: (message: string) => boolean): string {
  const head = a.eventLine ? `${a.eventLine}\n${a.title}` : a.title;
  const headFits = (h: string) => fits(`${h}\n\n${a.url}`);
  const top = fitting(head, (h) => h, headFits);
  return fitting(a.summary, (s) => (s ? `${top}\n\n${s}\n\n${a.url}` : `${top}\n\n${a.url}`), fits);
}
