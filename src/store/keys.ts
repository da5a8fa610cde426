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
 */

/** KV lists keys in byte order; subtracting from a constant makes the newest sort first. */
const INVERT_FROM = 9_999_999_999_999_999;

/** A feed's scope: every public report, or one topic's. */
export type Scope = { kind: 'all' } | { kind: 'topic'; topic: string };

export const ALL: Scope = { kind: 'all' };

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
