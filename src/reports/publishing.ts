import type { SiteConfig } from '../common/config.ts';
import { scopeUrls } from '../common/urls.ts';
import { prepareReport } from './prepare.ts';
import type { Report, ReportInput } from './schema.ts';
import { everyLanguage, type Scope, scopesOf } from '../common/scope.ts';
import { Problem } from '../common/problem.ts';
import { groupIndex, groupOf } from './groups.ts';
import { claimTranslation, releaseTranslation } from './translations-store.ts';
import { invalidateRendered } from '../common/rendered.ts';
import { archiveCopiesOf, archiveIndex, forgetGenerations } from '../archive/index.ts';
import { eventCopiesOf, eventIndex } from '../events/index.ts';
import type { ReportIndex } from './report-index.ts';
import { isCurrentRendering } from './rendering.ts';
import { affectedScopes, deleteReport, getReport, putReport, reindexPage } from './store.ts';
import { continueFirstSync } from './first-sync-store.ts';
import { isPublicAt, trackPublicity } from './publications-store.ts';
import { checkPrecondition, claimWrite, currentHash, type IfMatch, revisionOf } from './revisions.ts';
import { releaseRevision, revisionHead } from './revisions-store.ts';
import { ensureIndexed, indexReport, unindexReport } from '../search/index.ts';

/** The other indexes a report is written into with its own: the events index, the archive's months and its translation group. */
export const REPORT_INDEXES: readonly ReportIndex[] = [archiveIndex, eventIndex, groupIndex];

/** Stores `report` (replacing `previous`, or null) with every index kept of it. */
export function writeReport(kv: KVNamespace, report: Report, previous: Report | null): Promise<void> {
  return putReport(kv, report, previous, REPORT_INDEXES);
}

/** Where reports live (KV) and where their publicity is recorded (D1). */
export interface Stores {
  kv: KVNamespace;
  db: D1Database;
}

export interface Saved {
  report: Report;
  /** No report had this slug before. */
  created: boolean;
  /** False when the same content was already stored: nothing was written. */
  changed: boolean;
  /** Feeds whose rendered copies were dropped. */
  scopes: Scope[];
  /** Feeds whose public content changed: the ones to announce to the WebSub hub. */
  announce: Scope[];
  /** This write made the report public for the first time, as news (not quietly). */
  becamePublic: boolean;
}

/**
 * The feeds a change shows up in right now: those of the public version before and of the
 * public version after. A draft or a report scheduled for later changes no feed yet.
 */
export function scopesToAnnounce(before: Report | null, after: Report | null, now: number): Scope[] {
  const visibleBefore = before && isPublicAt(before, now) ? before : null;
  const visibleAfter = after && isPublicAt(after, now) ? after : null;
  return visibleBefore || visibleAfter ? affectedScopes(visibleBefore, visibleAfter) : [];
}

/**
 * Drops the rendered feeds and pages of `scopes` (in every language: a version's change can
 * change which version a language's list shows), the archive and event copies either
 * version is in, and the copies of the other versions of both groups, which link to it.
 */
async function dropCopies(kv: KVNamespace, scopes: Scope[], before: Report | null, after: Report | null): Promise<void> {
  const siblings = await siblingsOf(kv, [before, after]);
  const all = [...new Map([...scopes, ...siblings.flatMap((r) => scopesOf(r))].flatMap(everyLanguage).map((s) => [JSON.stringify(s), s])).values()];
  forgetGenerations(all);
  const copies = [before, after, ...siblings].flatMap((r) => [...archiveCopiesOf(r), ...eventCopiesOf(r)]);
  return invalidateRendered(kv, all, [...new Set(copies)]);
}

/** The other versions of the groups of `reports` (one listing per group, one read per version). */
async function siblingsOf(kv: KVNamespace, reports: (Report | null)[]): Promise<Report[]> {
  const own = new Set(reports.flatMap((r) => (r ? [r.slug] : [])));
  const keys = new Set(reports.flatMap((r) => (r?.translation_key ? [r.translation_key] : [])));
  const versions = (await Promise.all([...keys].map((key) => groupOf(kv, key)))).flat().filter((v) => !own.has(v.slug));
  const read = await Promise.all(versions.map((v) => getReport(kv, v.slug)));
  return read.filter((r): r is Report => r !== null);
}

/** How a write is made: who makes it, what it must replace, and whether it is part of the first sync. */
export interface WriteOptions {
  /** The write is part of the first content sync into an empty store, whose token this is (see first-sync-store.ts). */
  firstSync?: string;
  /** Who makes the write, recorded with its revision (default 'owner'). */
  author?: string;
  /** The If-Match precondition (revisions.ts): a write that does not replace what it names is a 412 with nothing changed. */
  ifMatch?: IfMatch;
  /** The write restores this revision. */
  restoredFrom?: number;
}

/**
 * Creates or replaces the report at `slug`, drops the rendered feeds it appears in, and
 * records in D1 when it became public (or when it is due), quietly when it is not news.
 * Writing the same content again writes nothing to KV, so `updated` and the feeds stay as
 * they are (unless the stored rendering is an earlier pipeline's: it is then replaced,
 * `updated` kept); the publicity record is still made sure of, so a write whose D1 step
 * failed is healed by sending it again. A `firstSync` token that is not the open first
 * sync's is a 409 naming `first_sync`, before anything is written.
 */
export async function saveReport(stores: Stores, site: SiteConfig, input: ReportInput, slug: string, now: number, previous?: Report | null, options: WriteOptions = {}): Promise<Saved> {
  const { kv, db } = stores;
  const firstSync = options.firstSync ?? null;
  if (firstSync !== null && !(await continueFirstSync(db, firstSync, now))) {
    throw new Problem(409, 'The first sync this write names is over (closed, or idle for an hour): the write was not made.', [
      { field: 'first_sync', message: 'is not the token of the first sync open now; send the write without it' },
    ]);
  }
  const before = previous === undefined ? await getReport(kv, slug) : previous;
  const report = await prepareReport(input, before, { now, siteUrl: site.siteUrl, slug });
  const unchanged = before !== null && before.hash === report.hash;
  // A change claims its revision (checking If-Match there, atomically); the same content only checks it.
  if (unchanged && options.ifMatch !== undefined) checkPrecondition(options.ifMatch, currentHash(before, await revisionHead(db, slug), now));
  const revision = unchanged
    ? null
    : await claimWrite(db, { slug, stored: before, ifMatch: options.ifMatch, now, revision: revisionOf(report, options.restoredFrom ? 'restore' : 'save', options.author, options.restoredFrom) });
  const conflict = await claimTranslation(db, slug, report, before, now);
  if (conflict) {
    // The write is refused: the revision it claimed never happened.
    if (revision !== null) await releaseRevision(db, slug, revision, report.hash);
    throw new Problem(409, `The translation group "${report.translation_key}" has a version in this language already: ${conflict.slug}.`, [
      { field: 'translation_key', message: `already has a version in "${report.lang}" (${conflict.slug}); a group holds one report per language` },
    ]);
  }
  // The same content with a rendering of the current pipeline is no change; with one of an
  // earlier pipeline (RENDERING_VERSION) it is stored again with the new rendering, `updated` kept.
  if (unchanged && isCurrentRendering(before.rendered, report.rendered!.url)) {
    const becamePublic = await trackPublicity(db, slug, before, now, before, firstSync);
    await ensureIndexed(db, before, now);
    return { report: before, created: false, changed: false, scopes: [], announce: [], becamePublic };
  }
  await writeReport(kv, report, before);
  // Searchable (or, as a draft, no longer found) as soon as the write returns.
  await indexReport(db, report, now);
  const scopes = affectedScopes(before, report);
  await dropCopies(kv, scopes, before, report);
  const becamePublic = await trackPublicity(db, slug, report, now, before, firstSync);
  return { report, created: before === null, changed: true, scopes, announce: scopesToAnnounce(before, report, now), becamePublic };
}

/**
 * Deletes the report at `slug` and drops the rendered feeds it was in; null if none. The
 * deletion is a revision holding the report as it was, so it can be restored; `ifMatch`
 * and `author` as for {@link saveReport}.
 */
export async function removeReport(stores: Stores, slug: string, now: number, options: Pick<WriteOptions, 'author' | 'ifMatch'> = {}): Promise<{ report: Report; scopes: Scope[]; announce: Scope[] } | null> {
  const stored = await getReport(stores.kv, slug);
  if (!stored) {
    // Nothing to delete; a precondition still says why (412 rather than 404 when one was sent).
    if (options.ifMatch !== undefined) checkPrecondition(options.ifMatch, currentHash(null, await revisionHead(stores.db, slug), now));
    return null;
  }
  await claimWrite(stores.db, { slug, stored, ifMatch: options.ifMatch, now, revision: revisionOf(stored, 'delete', options.author) });
  const report = await deleteReport(stores.kv, slug, now, REPORT_INDEXES);
  if (!report) return null;
  await releaseTranslation(stores.db, slug);
  await unindexReport(stores.db, slug);
  const scopes = affectedScopes(report, null);
  await dropCopies(stores.kv, scopes, report, null);
  await trackPublicity(stores.db, slug, null, now);
  return { report, scopes, announce: scopesToAnnounce(report, null, now) };
}

/** How long the WebSub hub has to answer a ping: a hub that hangs must not hold up the cron's other jobs. */
export const HUB_TIMEOUT_MS = 5_000;

/**
 * Tells the WebSub hub that the feeds of `scopes` changed, in every language and in each
 * (`hub.mode=publish`), so subscribers hear of a report without polling. Returns the hub's status, or null with no
 * hub; throws when the hub has not answered within {@link HUB_TIMEOUT_MS}.
 */
export async function notifyHub(site: SiteConfig, scopes: Scope[], fetcher: typeof fetch = fetch): Promise<number | null> {
  if (!site.hub || scopes.length === 0) return null;
  const form = new URLSearchParams({ 'hub.mode': 'publish' });
  // Each language's feeds advertise the hub as well: a change reaches them too.
  for (const scope of scopes.flatMap(everyLanguage)) {
    const urls = scopeUrls(site, scope);
    for (const url of [urls.rss, urls.atom, urls.json]) form.append('hub.url', url);
  }
  const response = await fetcher(site.hub, { method: 'POST', body: form, redirect: 'manual', signal: AbortSignal.timeout(HUB_TIMEOUT_MS) });
  await response.body?.cancel();
  return response.status;
}

/**
 * Rewrites the index keys (feeds, events, archive months and periods) of one page of stored
 * reports, for reports stored before an index existed; `POST /api/reindex` walks every page.
 */
export function reindexReports(kv: KVNamespace, options: { limit: number; cursor?: string; now: number }): Promise<{ reindexed: number; cursor?: string }> {
  return reindexPage(kv, options, REPORT_INDEXES);
}
