import { MONTHS } from '../reports/dates.ts';
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

/** `August 2022` for a month id, `2022` for a year. */
export function periodLabel(id: string): string {
  const [year, month] = id.split('-');
  return month ? `${MONTHS[Number(month) - 1]} ${year}` : year!;
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

/** The months of the archive public at `now`, oldest first. */
export function publicMonths(periods: Period[], now: number): string[] {
  return periods.filter((period) => period.p <= now).map((period) => period.month);
}

/** The years of those months, oldest first. */
export function yearsOf(months: string[]): string[] {
  return [...new Set(months.map((month) => month.slice(0, 4)))];
}
