import type { IndexMeta } from '../reports/keys.ts';

/** A report's state as the desk names it. */
export type ReportState = 'draft' | 'scheduled' | 'public';
export const REPORT_STATES: readonly ReportState[] = ['draft', 'scheduled', 'public'];

/** Draft, scheduled (its time is ahead), or public. */
export function reportState(entry: { d: boolean; p: number }, now: number): ReportState {
  if (entry.d) return 'draft';
  return entry.p > now ? 'scheduled' : 'public';
}

/** What the list is filtered by: the GET form's fields, each optional. */
export interface ListFilter {
  state?: ReportState;
  lang?: string;
  topic?: string;
  q?: string;
}

/** The filter a query string asks for; an unknown state, or an over-long value, is no filter. */
export function filterOf(query: Record<string, string | undefined>): ListFilter {
  const short = (v: string | undefined) => (v && v.length <= 200 ? v.trim() : undefined) || undefined;
  const state = REPORT_STATES.find((s) => s === query.state);
  return { state, lang: short(query.lang), topic: short(query.topic), q: short(query.q) };
}

/** Title search: case- and width-insensitive, every word of the query somewhere in the title. */
export function titleMatches(title: string, q: string): boolean {
  const fold = (s: string) => s.normalize('NFKC').toLocaleLowerCase();
  const t = fold(title);
  return fold(q)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => t.includes(word));
}

/** The entries that pass `filter`, in their order (newest first). */
export function filterReports(entries: readonly IndexMeta[], filter: ListFilter, now: number): IndexMeta[] {
  return entries.filter(
    (e) =>
      (!filter.state || reportState(e, now) === filter.state) &&
      (!filter.lang || e.l === filter.lang) &&
      (!filter.topic || (e.g ?? []).includes(filter.topic)) &&
      (!filter.q || titleMatches(e.t ?? e.s, filter.q)),
  );
}

/** The languages and topics the entries have, for the filter's choices (sorted). */
export function choicesOf(entries: readonly IndexMeta[]): { langs: string[]; topics: string[] } {
  const langs = new Set<string>();
  const topics = new Set<string>();
  for (const e of entries) {
    if (e.l) langs.add(e.l);
    for (const t of e.g ?? []) topics.add(t);
  }
  return { langs: [...langs].sort(), topics: [...topics].sort() };
}
