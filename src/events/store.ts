import type { Report } from '../reports/schema.ts';
import { eventLastMoment, toEpoch } from '../reports/dates.ts';
import { indexMetaOf, type ReportIndex } from '../reports/report-index.ts';
import { eventKey, eventPrefix } from './keys.ts';
import { type IndexMeta } from '../reports/keys.ts';
import { type Scope, scopeId, scopesOf } from '../common/scope.ts';
import { getReport } from '../reports/index.ts';

/** A public report with an event, as the events pages and calendars list it. */
export type EventReport = Report & { event: NonNullable<Report['event']> };

export interface EventListing {
  /** Events not yet over, soonest first. */
  upcoming: EventReport[];
  /** Events over, latest first, at most the limit asked for. */
  past: EventReport[];
  /** When the listing next changes by itself (epoch ms): an upcoming event ends, or a scheduled report with an event comes due; null if never. */
  nextChange: number | null;
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

/**
 * The events of a scope at `now`: every upcoming one and the latest `pastLimit` past ones.
 * The event index lists the latest start first, so the listing stops once enough past
 * events are seen: its cost follows what is shown, not the archive. One read per event
 * shown; drafts, scheduled reports and stale index keys are skipped.
 */
export async function listEvents(kv: KVNamespace, scope: Scope, now: number, pastLimit: number): Promise<EventListing> {
  const upcoming: IndexMeta[] = [];
  const past: IndexMeta[] = [];
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
      }
      else if (past.length < pastLimit) past.push(meta);
    }
  } while (cursor && past.length < pastLimit);
  const read = (metas: IndexMeta[]) => Promise.all(metas.map(async (meta) => ({ meta, report: await getReport(kv, meta.s) })));
  const [up, down] = await Promise.all([read(upcoming), read(past)]);
  const keep = (rows: { meta: IndexMeta; report: Report | null }[]) => rows.flatMap(({ meta, report }) => (stillListed(report, meta, scope, now) ? [report] : []));
  return { upcoming: keep(up).reverse(), past: keep(down), nextChange: Number.isFinite(nextChange) ? nextChange : null };
}

/** Where the rendered events page or calendar of a scope is kept. */
export const eventsCopyKey = (scope: Scope, format: 'html' | 'ics') => `render:events:${scopeId(scope)}:${format}`;

/** The rendered events copies a report's scopes have, to drop when a report with an event changes. */
export function eventCopiesOf(report: Report | null): string[] {
  if (!report?.event) return [];
  return scopesOf(report).flatMap((scope) => [eventsCopyKey(scope, 'html'), eventsCopyKey(scope, 'ics')]);
}

/** The events index: one key per scope for a report with an event, written with the report. */
export const eventIndex: ReportIndex = {
  keysOf(report) {
    const keys = new Map<string, object>();
    if (!report.event) return keys;
    const start = toEpoch(report.event.start);
    const end = eventLastMoment(report.event);
    for (const scope of scopesOf(report)) keys.set(eventKey(scope, start, report.slug), { ...indexMetaOf(report, false), e: start, x: end });
    return keys;
  },
};
