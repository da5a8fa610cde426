import forum from '../../content/reports/2017-12-04-international-rules-for-cyberspace-forum-wuzhen-summit.md?raw';
import workshop from '../../content/reports/2022-08-12-workshop-on-international-rule-of-law-in-cyberspace.md?raw';
import { parseReportFile } from '../../src/reports/front-matter.ts';
import type { DigestOptions } from '../../src/digests/compose.ts';
import { prepareReport } from '../../src/reports/prepare.ts';
import type { ReportEvent, ReportInput } from '../../src/reports/schema.ts';
import type { PublicReport } from '../../src/reports/publications-store.ts';

/** Builders for the digest tests: reports as the composer sees them, on a fixed clock. */

export const SITE = 'https://herald.example.org';
export const NOW = Date.parse('2026-11-23T07:00:00Z');
export const DAY = 86_400_000;

export const OPTIONS: DigestOptions = { siteUrl: SITE, siteTitle: 'Herald', lang: 'en', timeZone: 'UTC', now: NOW, since: NOW - DAY, until: NOW, webUrl: `${SITE}/digest?since=2026-11-22` };

let seq = 0;

/** A public report, stored as the API would store it, that became public just before NOW. */
export async function publicReport(input: Partial<ReportInput> & { title: string }, slug?: string): Promise<PublicReport> {
  seq += 1;
  const full: ReportInput = { body: 'A body. It has two sentences.', lang: 'en', topics: [], draft: false, authors: [], published: '2026-11-01T00:00:00.000Z', ...input };
  return { report: await prepareReport(full, null, { now: NOW, siteUrl: SITE, slug: slug ?? `report-${seq}` }), publicAt: NOW - seq * 1000, seq };
}

/** An event with no organizers or speakers unless given. */
export function event(overrides: Partial<ReportEvent> = {}): ReportEvent {
  return { kind: 'seminar', name: 'A seminar', start: '2026-12-01', organizers: [], participants: [], speakers: [], ...overrides };
}

/** One of the seed reports in content/reports, read through the front-matter parser. */
export async function seed(which: 'workshop' | 'forum'): Promise<PublicReport> {
  const parsed = parseReportFile(`${which}.md`, which === 'workshop' ? workshop : forum);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const input = parsed.input as ReportInput & { title: string };
  return publicReport(input, input.slug ?? which);
}

/** Text split into graphemes, as a reader's screen splits it. */
export function graphemes(text: string, lang = 'en'): string[] {
  return Array.from(new Intl.Segmenter(lang, { granularity: 'grapheme' }).segment(text), (s) => s.segment);
}

/**
 * True when `cut` (a summary, its ellipsis removed) is `source` up to a grapheme boundary of
 * `source`: nothing was split.
 */
export function cutAtGrapheme(source: string, cut: string, lang = 'en'): boolean {
  const kept = cut.endsWith('…') ? cut.slice(0, -1).trimEnd() : cut;
  if (!source.startsWith(kept)) return false;
  let at = 0;
  for (const g of graphemes(source, lang)) {
    if (at === kept.length) return true;
    at += g.length;
    if (at > kept.length) return false;
  }
  return at === kept.length;
}
