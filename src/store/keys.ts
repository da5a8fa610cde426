/**
 * The key scheme of the REPORTS namespace. Only the modules in `src/store/` build keys.
 *
 * - `report:<slug>`                    one report (JSON), metadata {@link IndexMeta}
 * - `pub:<inverted time>:<slug>`       newest-first index of every report, value empty
 * - `topic:<topic>:<inverted time>:<slug>`  the same, per topic
 * - `render:<scope>:<format>`          a rendered feed or page, see `rendered.ts`
 * - `meta:removed`                     when a report last left a feed (delete, draft, topic)
 * - `meta:written`                     when any report was last written or deleted
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
}
