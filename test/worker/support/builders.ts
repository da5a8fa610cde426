import forum from '../../../content/reports/2017-12-04-international-rules-for-cyberspace-forum-wuzhen-summit.md?raw';
import workshop from '../../../content/reports/2022-08-12-workshop-on-international-rule-of-law-in-cyberspace.md?raw';
import { parseReportFile } from '../../../src/reports/front-matter.ts';
import { prepareReport } from '../../../src/reports/prepare.ts';
import type { ReportEvent, ReportInput } from '../../../src/reports/schema.ts';
import type { PublicReport } from '../../../src/reports/publications-store.ts';
import { NOW } from './clock.ts';
import { SITE } from './site.ts';

/**
 * Builders shared by every test: a report as the admin API takes it (`makeReport`), and a
 * report as it is stored and seen by the digests and cross-posts (`publicReport`, `seed`),
 * on the fixed clock of clock.ts. Each takes overrides.
 */


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

let counter = 0;

/**
 * A valid report body for the API, with overrides. Each call gets its own title and time.
 * Its `published` is fixed in January 2024, years before any clock the tests run on, so
 * it says `announce: true`: stored now, it is announced as new (digest item, instant email,
 * cross-post) as the tests that publish it expect, rather than recorded quietly as back
 * catalogue. A test of the quiet rules passes `announce: undefined` (or false).
 */
export function makeReport(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    title: `Seminar on cyber norms ${counter}`,
    body: `The seminar number ${counter} discussed due diligence. Participants agreed to meet again.\n\nA second paragraph.`,
    topics: ['due-diligence'],
    published: new Date(Date.UTC(2024, 0, 1) + counter * 60_000).toISOString(),
    announce: true,
    ...overrides,
  };
}
