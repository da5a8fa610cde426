import { bestEffort } from '../common/log.ts';
import type { Report } from './schema.ts';
import { ALL, type Scope, scopesOf } from '../common/scope.ts';
import { type IndexMeta, indexKey, indexPrefix, REMOVED_KEY, reportKey, WRITTEN_KEY } from './keys.ts';
import { indexMetaOf, type ReportIndex } from './report-index.ts';

/** The report's own index keys (newest first, per scope) and those of every other index. */
function indexKeysOf(report: Report, indexes: readonly ReportIndex[]): Map<string, object> {
  const p = Date.parse(report.published);
  const keys = new Map<string, object>();
  for (const index of indexes) for (const [key, meta] of index.keysOf(report)) keys.set(key, meta);
  for (const scope of scopesOf(report)) keys.set(indexKey(scope, p, report.slug), indexMetaOf(report, scope.kind === 'all'));
  return keys;
}

function writeIndexKeys(kv: KVNamespace, keys: Map<string, object>): Promise<unknown> {
  return Promise.all([...keys].map(([key, meta]) => kv.put(key, '', { metadata: meta })));
}

function settle(kv: KVNamespace, indexes: readonly ReportIndex[], previous: Report | null, next: Report | null, at: number): Promise<unknown> {
  return Promise.all(indexes.map((index) => index.settle?.(kv, previous, next, at)));
}

/** Reads one report, or null. */
export async function getReport(kv: KVNamespace, slug: string): Promise<Report | null> {
  return kv.get<Report>(reportKey(slug), 'json');
}

/**
 * Stores `report`, replacing `previous` (the version read before, or null): writes the
 * report, then its index keys and those of `indexes`, then removes index keys the new
 * version no longer has, then lets each index settle.
 * A crash part-way leaves at worst a stale index key, which readers check and skip.
 */
export async function putReport(kv: KVNamespace, report: Report, previous: Report | null, indexes: readonly ReportIndex[]): Promise<void> {
  await kv.put(reportKey(report.slug), JSON.stringify(report), { metadata: indexMetaOf(report, false) });
  const next = indexKeysOf(report, indexes);
  await writeIndexKeys(kv, next);
  const stale = previous ? [...indexKeysOf(previous, indexes).keys()].filter((key) => !next.has(key)) : [];
  await Promise.all(stale.map((key) => kv.delete(key)));
  const at = Date.parse(report.updated);
  await settle(kv, indexes, previous, report, at);
  await Promise.all([markWrite(kv, at), previous && leavesSomeFeed(previous, report) ? markRemoval(kv, at) : null]);
}

/** Deletes a report and its index keys; returns what was deleted, or null. */
export async function deleteReport(kv: KVNamespace, slug: string, now: number, indexes: readonly ReportIndex[]): Promise<Report | null> {
  const previous = await getReport(kv, slug);
  if (!previous) return null;
  await kv.delete(reportKey(slug));
  await Promise.all([...indexKeysOf(previous, indexes).keys()].map((key) => kv.delete(key)));
  await settle(kv, indexes, previous, null, now);
  await Promise.all([markWrite(kv, now), markRemoval(kv, now)]);
  return previous;
}

function leavesSomeFeed(before: Report, after: Report): boolean {
  if (before.draft) return false;
  return after.draft || before.topics.some((topic) => !after.topics.includes(topic)) || Date.parse(after.published) > Date.parse(before.published);
}

/** Records that a report left a feed, so the feed's modification time moves forward. */
function markRemoval(kv: KVNamespace, at: number): Promise<void> {
  return bestEffort(REMOVED_KEY, kv.put(REMOVED_KEY, String(at)));
}

/**
 * Records that a report was written: its time, and a nonce so that two writes in the same
 * millisecond still change the marker (a rebuild compares it before and after, see
 * {@link writtenSince}). Concurrent writers race for this key; any one will do.
 */
function markWrite(kv: KVNamespace, at: number): Promise<void> {
  return bestEffort(WRITTEN_KEY, kv.put(WRITTEN_KEY, `${at}:${crypto.randomUUID().slice(0, 8)}`));
}

/**
 * When a report last left a feed and when any was last written (epoch ms, 0 if never):
 * the first dates a feed that lost an item, the second tells a rebuild that the index
 * may still be settling across locations.
 */
export async function lastChanges(kv: KVNamespace): Promise<{ removed: number; written: number; mark: string }> {
  const [removed, written] = await Promise.all([kv.get(REMOVED_KEY), kv.get(WRITTEN_KEY)]);
  return { removed: Number(removed ?? 0) || 0, written: Number.parseInt(written ?? '0', 10) || 0, mark: written ?? '' };
}

/** When any report was last written or deleted (epoch ms, 0 if never): one read. */
export async function lastWritten(kv: KVNamespace): Promise<number> {
  return Number.parseInt((await kv.get(WRITTEN_KEY)) ?? '0', 10) || 0;
}

/**
 * True when a report was written since `mark` (a `lastChanges` result's): a copy rebuilt
 * from reads made before that write must not stand. One read.
 */
export async function writtenSince(kv: KVNamespace, mark: string): Promise<boolean> {
  return ((await kv.get(WRITTEN_KEY)) ?? '') !== mark;
}

/** The scopes whose feeds change when `previous` becomes `next` (either may be null). */
export function affectedScopes(previous: Report | null, next: Report | null): Scope[] {
  const topics = new Set([...(previous?.topics ?? []), ...(next?.topics ?? [])]);
  return scopesOf({ topics: [...topics] });
}

/** One page of the index of every report, drafts and scheduled ones included, newest first. */
export async function listIndex(kv: KVNamespace, options: { limit: number; cursor?: string }): Promise<{ entries: IndexMeta[]; cursor?: string }> {
  const page = await kv.list<IndexMeta>({ prefix: indexPrefix(ALL), limit: options.limit, cursor: options.cursor });
  const entries = page.keys.flatMap((key) => (key.metadata ? [key.metadata] : []));
  return { entries, cursor: page.list_complete ? undefined : page.cursor };
}

/** What a feed shows: its newest visible reports, and when that next changes by itself. */
export interface Visible {
  reports: Report[];
  /** The earliest future publication time of a scheduled report in the scope, or null. */
  nextChange: number | null;
}

/** True when `report` (read for index key `meta`) is public and still listed in `scope` under that key. */
export function stillListed(report: Report | null, meta: IndexMeta, scope: Scope): report is Report {
  return (
    report !== null &&
    !report.draft &&
    Date.parse(report.published) === meta.p &&
    (scope.kind === 'all' || report.topics.includes(scope.topic))
  );
}

/**
 * The newest `limit` public reports of a scope at `now` (of those `choose` takes, when
 * given: a language's list, see groups.ts): one index listing (newest first,
 * so the cost does not grow with the archive) and one read per report shown. Drafts,
 * scheduled reports and stale index keys (whose time no longer matches the report) are
 * skipped; only the index key matching a report's time is ever accepted, so none repeats.
 */
export async function newestVisible(kv: KVNamespace, scope: Scope, limit: number, now: number, choose?: (report: Report) => Promise<boolean>): Promise<Visible> {
  const reports: Report[] = [];
  let nextChange: number | null = null;
  let cursor: string | undefined;
  do {
    // A little over `limit`: enough for the usual few drafts and scheduled reports on top.
    const page = await kv.list<IndexMeta>({ prefix: indexPrefix(scope), cursor, limit: Math.min(1000, limit + 25) });
    cursor = page.list_complete ? undefined : page.cursor;
    const pending: IndexMeta[] = [];
    for (const { metadata: meta } of page.keys) {
      if (!meta || meta.d) continue;
      if (meta.p > now) nextChange = nextChange === null ? meta.p : Math.min(nextChange, meta.p);
      else pending.push(meta);
    }
    while (pending.length > 0 && reports.length < limit) {
      const batch = pending.splice(0, limit - reports.length);
      const fetched = await Promise.all(batch.map((meta) => getReport(kv, meta.s)));
      for (const [i, report] of fetched.entries()) {
        // In order: a language's chooser keeps the newest version of each group.
        if (stillListed(report, batch[i]!, scope) && (!choose || (await choose(report)))) reports.push(report);
      }
    }
  } while (cursor && reports.length < limit);
  return { reports: reports.slice(0, limit), nextChange };
}

/**
 * Rewrites the index keys (feeds, events, archive months and periods) of one page of stored
 * reports, for reports stored before an index existed: `POST /api/reindex` walks every page.
 * Writing a key that is already right changes nothing a reader sees.
 */
export async function reindexPage(kv: KVNamespace, options: { limit: number; cursor?: string; now: number }, indexes: readonly ReportIndex[]): Promise<{ reindexed: number; cursor?: string }> {
  const page = await kv.list({ prefix: 'report:', limit: options.limit, cursor: options.cursor });
  const reports = await Promise.all(page.keys.map((key) => kv.get<Report>(key.name, 'json')));
  let reindexed = 0;
  for (const report of reports) {
    if (!report) continue;
    await writeIndexKeys(kv, indexKeysOf(report, indexes));
    await settle(kv, indexes, null, report, options.now);
    reindexed++;
  }
  return { reindexed, cursor: page.list_complete ? undefined : page.cursor };
}
