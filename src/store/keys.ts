/**
 * The key scheme of the REPORTS namespace. Only the modules in `src/store/` build keys.
 *
 * - `report:<slug>`                    one report (JSON), metadata {@link IndexMeta}
 * - `pub:<inverted time>:<slug>`       newest-first index of every report, value empty
 * - `topic:<topic>:<inverted time>:<slug>`  the same, per topic
 * - `render:<scope>:<format>`          a rendered feed or page, see `rendered.ts`
 * - `meta:removed`                     when a report last left a feed (delete, draft, topic)
 * - `meta:written`                     when any report was last written or deleted
 * - `event:<inverted start>:<slug>`    every report with an event, latest event first
 * - `etopic:<topic>:<inverted start>:<slug>`  the same, per topic
 * - `month:<scope id>:<YYYY-MM>:<time>:<slug>` every report of a scope by month (UTC),
 *                                      oldest first, metadata {@link ArchiveMeta}
 * - `period:<scope id>:<YYYY-MM>`      a month of a scope with a report that is not a draft,
 *                                      metadata {@link PeriodMeta}
 * - `meta:periods:<scope id>`          when a scope's months last changed (one appeared or went)
 */

/** KV lists keys in byte order; subtracting from a constant makes the newest sort first. */
const INVERT_FROM = 9_999_999_999_999_999;

/** A feed's scope: every public report, or one topic's. */
export type Scope = { kind: 'all' } | { kind: 'topic'; topic: string };

export const ALL: Scope = { kind: 'all' };

/** Every scope a report is listed in: all reports, and each of its topics. */
export function scopesOf(report: { topics: string[] }): Scope[] {
  return [ALL, ...report.topics.map((topic): Scope => ({ kind: 'topic', topic }))];
}

export function scopeId(scope: Scope): string {
  return scope.kind === 'all' ? 'all' : `topic:${scope.topic}`;
}

export function invertedTime(ms: number): string {
  return String(INVERT_FROM - ms).padStart(16, '0');
}

export const reportKey = (slug: string) => `report:${slug}`;

export function indexPrefix(scope: Scope): string {
  return scope.kind === 'all' ? 'pub:' : `topic:${scope.topic}:`;
}

export function indexKey(scope: Scope, publishedMs: number, slug: string): string {
  return `${indexPrefix(scope)}${invertedTime(publishedMs)}:${slug}`;
}

/** Event starts run from the 17th century to the 26th: one fixed width sorts them all. */
const EVENT_INVERT_FROM = 20_000_000_000_000;

/** An event index key prefix: every event, or one topic's. */
export function eventPrefix(scope: Scope): string {
  return scope.kind === 'all' ? 'event:' : `etopic:${scope.topic}:`;
}

/** The event index key of a report whose event starts at `startMs`; later events sort first. */
export function eventKey(scope: Scope, startMs: number, slug: string): string {
  const clamped = Math.min(EVENT_INVERT_FROM - 1, Math.max(-EVENT_INVERT_FROM / 2, startMs));
  return `${eventPrefix(scope)}${String(EVENT_INVERT_FROM - clamped).padStart(17, '0')}:${slug}`;
}

/** A month, `YYYY-MM`, of an epoch time (UTC, as the pages show publication dates). */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** Times from year 0000 to 9999 as 16 digits that sort in time order. */
const TIME_OFFSET = 100_000_000_000_000;

/** The prefix of a scope's reports in one month (`2022-08`) or one year (`2022-`). */
export function monthPrefix(scope: Scope, period: string): string {
  return `month:${scopeId(scope)}:${period}`;
}

/** The month index key of a report published at `publishedMs`. */
export function monthKey(scope: Scope, publishedMs: number, slug: string): string {
  return `${monthPrefix(scope, monthOf(publishedMs))}:${String(TIME_OFFSET + publishedMs).padStart(16, '0')}:${slug}`;
}

export function periodPrefix(scope: Scope): string {
  return `period:${scopeId(scope)}:`;
}

export function periodKey(scope: Scope, month: string): string {
  return `${periodPrefix(scope)}${month}`;
}

export function periodsChangedKey(scope: Scope): string {
  return `meta:periods:${scopeId(scope)}`;
}

export const REMOVED_KEY = 'meta:removed';
export const WRITTEN_KEY = 'meta:written';

/** What an index key carries, so a listing needs no read per report. */
export interface IndexMeta {
  /** slug */
  s: string;
  /** published, epoch ms */
  p: number;
  /** updated, epoch ms */
  u: number;
  /** draft */
  d: boolean;
  /** title, shortened to keep metadata under KV's 1024-byte limit */
  t?: string;
  /** event start, epoch ms (event index keys only) */
  e?: number;
  /** the event's last moment, epoch ms (see eventLastMoment; event index keys only) */
  x?: number;
}

/** What a month index key carries: enough to list the report in the archive with no read. */
export interface ArchiveMeta extends IndexMeta {
  /** title, cut to fit the metadata limit */
  t: string;
  /** the report's language */
  l: string;
  /** the event, its text cut to fit: kind, name, start, end, place */
  v?: { k: string; n: string; s: string; e?: string; w?: string };
}

/** What a period key carries. */
export interface PeriodMeta {
  /** The earliest publication time (epoch ms) of the month's reports that are not drafts. */
  p: number;
}
