import { monthOf } from '../reports/dates.ts';
import type { IndexMeta } from '../reports/keys.ts';
import { inLanguage, type Scope, scopeId } from '../common/scope.ts';

/**
 * The archive's keys in the REPORTS namespace (only `store.ts` of this folder writes them):
 * - `month:<scope id>:<YYYY-MM>:<time>:<slug>` every report of a scope by month (UTC),
 *                                      oldest first, metadata {@link ArchiveMeta}
 * - `period:<scope id>:<YYYY-MM>`      a month of a scope with a report that is not a draft,
 *                                      metadata {@link PeriodMeta}
 * - `meta:periods:<scope id>`          when a scope's months last changed (one appeared or went)
 *
 * The keys are kept per scope without its language (`all`, `topic:t`): a language's pages
 * choose among the same keys, whose metadata says each report's language and group.
 */

/** The scope's name in these keys: a language's scope uses the keys of its scope in every language. */
const keyScope = (scope: Scope) => scopeId(inLanguage(scope, null));

/** Times from year 0000 to 9999 as 16 digits that sort in time order. */
const TIME_OFFSET = 100_000_000_000_000;

/** The prefix of a scope's reports in one month (`2022-08`) or one year (`2022-`). */
export function monthPrefix(scope: Scope, period: string): string {
  return `month:${keyScope(scope)}:${period}`;
}

/** The month index key of a report published at `publishedMs`. */
export function monthKey(scope: Scope, publishedMs: number, slug: string): string {
  return `${monthPrefix(scope, monthOf(publishedMs))}:${String(TIME_OFFSET + publishedMs).padStart(16, '0')}:${slug}`;
}

export function periodPrefix(scope: Scope): string {
  return `period:${keyScope(scope)}:`;
}

export function periodKey(scope: Scope, month: string): string {
  return `${periodPrefix(scope)}${month}`;
}

export function periodsChangedKey(scope: Scope): string {
  return `meta:periods:${keyScope(scope)}`;
}

/** What a month index key carries: enough to list the report in the archive with no read. */
export interface ArchiveMeta extends IndexMeta {
  /** title, cut to fit the metadata limit */
  t: string;
  /** the report's language */
  l: string;
  /** the report's translation key, if it has one */
  k?: string;
  /** the event, its text cut to fit: kind, name, start, end, time zone (absent in keys written before it was kept), place */
  v?: { k: string; n: string; s: string; e?: string; z?: string; w?: string };
}

/** What a period key carries. */
export interface PeriodMeta {
  /** The earliest publication time (epoch ms) of the month's reports that are not drafts. */
  p: number;
  /**
   * The same per interface language (`en`, `zh`) of the month's reports in it: a language's
   * pages under TRANSLATION_FALLBACK=omit offer only its months. Absent on period keys
   * written before languages were tracked (those are recounted on the month's next write).
   */
  n?: Partial<Record<string, number>>;
}
