import type { Scope } from '../common/scope.ts';

/**
 * The report store's keys in the REPORTS namespace. Only `store.ts` builds them.
 *
 * - `report:<slug>`                    one report (JSON), metadata {@link IndexMeta}
 * - `pub:<inverted time>:<slug>`       newest-first index of every report, value empty
 * - `topic:<topic>:<inverted time>:<slug>`  the same, per topic
 * - `meta:removed`                     when a report last left a feed (delete, draft, topic)
 * - `meta:written`                     when any report was last written or deleted
 *
 * Other capabilities keep keys of their own in the namespace, each in its folder:
 * `render:…` (common/rendered.ts), `event:…` / `etopic:…` (events/keys.ts),
 * `month:…` / `period:…` / `meta:periods:…` (archive/keys.ts).
 */

/** KV lists keys in byte order; subtracting from a constant makes the newest sort first. */
const INVERT_FROM = 9_999_999_999_999_999;

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
  /** language tag (where the title is kept) */
  l?: string;
  /** translation key (where the title is kept) */
  k?: string;
  /** 'desk' for a desk-made report (where the title is kept); absent: made from a file */
  o?: 'desk';
  /** its first topics (where the title is kept): the desk filters by topic without reading each report */
  g?: string[];
  /** event start, epoch ms (event index keys only) */
  e?: number;
  /** the event's last moment, epoch ms (see eventLastMoment; event index keys only) */
  x?: number;
}

