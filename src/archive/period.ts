import type { Lang } from '../common/i18n/index.ts';
import { monthIn, yearIn } from '../events/when.ts';
import type { Period } from './store.ts';

/** A page of the archive: its index, a year, or a month. */
export type ArchivePeriod = { kind: 'index' } | { kind: 'year'; year: string } | { kind: 'month'; year: string; month: string };


/** The period named by a URL's `2022` and `08`, or null for anything else (`2022/13`, `22`, `2022/8`). */
export function parsePeriod(year: string | undefined, month?: string): ArchivePeriod | null {
  if (year === undefined) return { kind: 'index' };
  if (!/^[0-9]{4}$/.test(year)) return null;
  if (month === undefined) return { kind: 'year', year };
  if (!/^(0[1-9]|1[0-2])$/.test(month)) return null;
  return { kind: 'month', year, month };
}

/** `index`, `2022` or `2022-08`: the period's id in keys and URLs. */
export function periodId(period: ArchivePeriod): string {
  return period.kind === 'index' ? 'index' : period.kind === 'year' ? period.year : `${period.year}-${period.month}`;
}

/** `August 2022` for a month id, `2022` for a year; in Chinese `2022年8月`, `2022年`. */
export function periodLabel(id: string, lang: Lang = 'en'): string {
  return id.length === 7 ? monthIn(lang, id) : yearIn(lang, id);
}

/** When a period ends (epoch ms, exclusive): after it, only an edit changes it. */
export function periodEnd(period: ArchivePeriod): number {
  if (period.kind === 'index') return Number.POSITIVE_INFINITY;
  const year = Number(period.year);
  return period.kind === 'year' ? Date.UTC(year + 1, 0, 1) : Date.UTC(year, Number(period.month), 1);
}

/** The periods before and after `id` among `ids` (sorted, oldest first), where it would sort. */
export function neighbours(ids: string[], id: string): { prev?: string; next?: string } {
  const prev = ids.filter((other) => other < id).at(-1);
  const next = ids.find((other) => other > id);
  return { ...(prev ? { prev } : {}), ...(next ? { next } : {}) };
}

/**
 * The months of the archive public at `now`, oldest first: every month with a public report,
 * or, for a language whose lists leave out what has no version in it (`omit`), the months
 * with a public report in that language. (Under `mark` every month has something to show in
 * every language, unless each of its reports has its version in that language in another
 * month: the page then says so.)
 */
export function publicMonths(periods: Period[], now: number, lang?: Lang, fallback: 'mark' | 'omit' = 'mark'): string[] {
  const byLanguage = lang !== undefined && fallback === 'omit';
  // A period key written before languages were tracked counts for every language.
  const since = (period: Period) => (byLanguage && period.n ? (period.n[lang] ?? Number.POSITIVE_INFINITY) : period.p);
  return periods.filter((period) => since(period) <= now).map((period) => period.month);
}

/** The times after `now` at which a month of `periods` becomes public, in any language. */
export function laterChanges(periods: Period[], now: number): number[] {
  return periods.flatMap((period) => [period.p, ...Object.values(period.n ?? {})]).filter((p): p is number => p !== undefined && p > now);
}

/** The years of those months, oldest first. */
export function yearsOf(months: string[]): string[] {
  return [...new Set(months.map((month) => month.slice(0, 4)))];
}
