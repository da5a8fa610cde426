import type { Report } from '../reports/schema.ts';
import { eventLastMoment, toEpoch } from '../reports/dates.ts';
import { indexMetaOf, type ReportIndex } from '../reports/report-index.ts';
import { eventKey, eventPrefix } from './keys.ts';
import { type IndexMeta } from '../reports/keys.ts';
import { everyLanguage, type Scope, scopeId, scopesOf } from '../common/scope.ts';
import type { Lang } from '../common/i18n/index.ts';
import { getReport, sameLanguage } from '../reports/index.ts';

/** A public report with an event, as the events pages and calendars list it. */
export type EventReport = Report & { event: NonNullable<Report['event']> };

export interface EventListing {
  /** Events not yet over, soonest first. */
  upcoming: EventReport[];
  /** Events over, latest first, at most the limit asked for. */
  past: EventReport[];
  /** When the listing next changes by itself (epoch ms): an upcoming event ends, or a scheduled report with an event comes due; null if never. */
  nextChange: number | null;
  /** Slugs of the reports listed in another language than the list's (no version in its language). */
  marked: Set<string>;
  /** The scope has a public event in some language (a language's list may still be empty). */
  any: boolean;
}

/** Which version of each translation group a list shows: the one in `lang`, else (`mark`) another one, marked, or (`omit`) none. */
export interface LanguageChoice {
  lang: Lang;
  fallback: 'mark' | 'omit';
}

function stillListed(report: Report | null, meta: IndexMeta, scope: Scope, now: number): report is EventReport {
  return (
    report !== null &&
    !report.draft &&
    Date.parse(report.published) <= now &&
    report.event !== undefined &&
    toEpoch(report.event.start) === meta.e &&
    (scope.kind === 'all' || report.topics.includes(scope.topic))
  );
}

/** An index entry with the report's language and group known. */
type Known = IndexMeta & { l: string };

/**
 * The entries a list in `choice.lang` shows, in listing order: each translation group once,
 * by its version in that language where the listing has one, else by its first version
 * listed, marked (or none, with `omit`). A report without a group is its own group.
 */
export function chooseEvents(metas: Known[], choice: LanguageChoice): { shown: Known[]; marked: Set<string> } {
  const own = (meta: Known) => sameLanguage(meta.l, choice.lang);
  const covered = new Set(metas.flatMap((meta) => (own(meta) && meta.k ? [meta.k] : [])));
  const taken = new Set<string>();
  const shown: Known[] = [];
  const marked = new Set<string>();
  for (const meta of metas) {
    if (own(meta)) shown.push(meta);
    else if (choice.fallback === 'omit' || (meta.k && (covered.has(meta.k) || taken.has(meta.k)))) continue;
    else {
      if (meta.k) taken.add(meta.k);
      shown.push(meta);
      marked.add(meta.s);
    }
  }
  return { shown, marked };
}

/**
 * The events of a scope at `now` in one language: every upcoming one and the latest
 * `pastLimit` past ones (counted by translation group). The event index lists the latest
 * start first, so the listing stops once enough past events are seen: its cost follows what
 * is shown, not the archive. The index keys say each report's language and group, so a
 * version is read only when it is shown: one read per event shown (entries written before
 * languages were kept in the index are read first). Drafts, scheduled reports and stale
 * index keys are skipped.
 */
export async function listEvents(kv: KVNamespace, scope: Scope, now: number, pastLimit: number, choice: LanguageChoice): Promise<EventListing> {
  const upcoming: IndexMeta[] = [];
  const past: IndexMeta[] = [];
  const pastGroups = new Set<string>();
  let nextChange = Number.POSITIVE_INFINITY;
  let cursor: string | undefined;
  do {
    const page = await kv.list<IndexMeta>({ prefix: eventPrefix(scope), cursor, limit: 1000 });
    cursor = page.list_complete ? undefined : page.cursor;
    for (const { metadata: meta } of page.keys) {
      if (!meta || meta.d || meta.e === undefined) continue;
      if (meta.p > now) {
        nextChange = Math.min(nextChange, meta.p);
        continue;
      }
      if ((meta.x ?? meta.e) >= now) {
        upcoming.push(meta);
        nextChange = Math.min(nextChange, (meta.x ?? meta.e) + 1);
        continue;
      }
      // The versions of a group listed after the limit is reached still count, so none is chosen wrongly.
      const group = meta.k ?? `slug:${meta.s}`;
      if (pastGroups.size < pastLimit || pastGroups.has(group)) {
        past.push(meta);
        pastGroups.add(group);
      }
    }
  } while (cursor && pastGroups.size < pastLimit);
  const reads = new Map<string, Promise<Report | null>>();
  const read = (slug: string) => reads.get(slug) ?? reads.set(slug, getReport(kv, slug)).get(slug)!;
  const known = async (metas: IndexMeta[]): Promise<Known[]> =>
    (
      await Promise.all(
        metas.map(async (meta) => {
          if (meta.l !== undefined) return { ...meta, l: meta.l };
          const report = await read(meta.s);
          return report ? { ...meta, l: report.lang, ...(report.translation_key ? { k: report.translation_key } : {}) } : null;
        }),
      )
    ).filter((meta): meta is Known => meta !== null);
  const [up, down] = await Promise.all([known(upcoming), known(past)]);
  const { shown, marked } = chooseEvents([...up, ...down], choice);
  const keep = async (metas: Known[]) => (await Promise.all(metas.map(async (meta) => ({ meta, report: await read(meta.s) })))).flatMap(({ meta, report }) => (stillListed(report, meta, scope, now) ? [report] : []));
  const shownSet = new Set(shown);
  const [upReports, pastReports] = await Promise.all([keep(up.filter((m) => shownSet.has(m))), keep(down.filter((m) => shownSet.has(m)))]);
  return { upcoming: upReports.reverse(), past: pastReports, nextChange: Number.isFinite(nextChange) ? nextChange : null, marked, any: up.length + down.length > 0 };
}

/** Where the rendered events page or calendar of a scope is kept. */
export const eventsCopyKey = (scope: Scope, format: 'html' | 'ics') => `render:events:${scopeId(scope)}:${format}`;

/**
 * The rendered events copies a report's scopes have, in every language (a version's change
 * can change which version another language lists), to drop when a report with an event
 * changes: the calendar in every language, and each language's page and calendar.
 */
export function eventCopiesOf(report: Report | null): string[] {
  if (!report?.event) return [];
  return scopesOf(report)
    .flatMap(everyLanguage)
    .flatMap((scope) => (scope.lang ? [eventsCopyKey(scope, 'html'), eventsCopyKey(scope, 'ics')] : [eventsCopyKey(scope, 'ics')]));
}

/** The events index: one key per scope for a report with an event, written with the report, saying its language and group. */
export const eventIndex: ReportIndex = {
  keysOf(report) {
    const keys = new Map<string, object>();
    if (!report.event) return keys;
    const start = toEpoch(report.event.start);
    const end = eventLastMoment(report.event);
    const meta: IndexMeta = { ...indexMetaOf(report, false), l: report.lang, ...(report.translation_key ? { k: report.translation_key } : {}), e: start, x: end };
    for (const scope of scopesOf(report)) keys.set(eventKey(scope, start, report.slug), meta);
    return keys;
  },
};
