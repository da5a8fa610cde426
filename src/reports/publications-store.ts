import type { Report } from './schema.ts';
import { getReport } from './store.ts';

/**
 * When each report became public, in D1 (table `publications`), and which reports wait
 * for their scheduled time (table `scheduled`). Only this module reads or writes them.
 */

/** One report's first moment of visibility, and its place in commit order. */
export interface Publication {
  seq: number;
  slug: string;
  /** Epoch ms the report became visible to readers. */
  publicAt: number;
  /** Epoch ms D1 last saw it become public: its record, or its return after a withdrawal. */
  changedAt: number;
  /** The report is not public any more (deleted, a draft again, moved later), as D1 knows it. */
  withdrawn: boolean;
  /** Why it was recorded quietly (announced by no digest, instant email or cross-post), or null: it was news. */
  quiet: QuietReason | null;
}

/**
 * Why a report was recorded quietly, decided once when it first became public:
 * `back-catalogue` (its `published` is more than {@link BACK_CATALOGUE_MS} before it was
 * first stored), `first-sync` (written by the first content sync into an empty store), or
 * `unrecorded` (found public long after it became so, stored before D1 kept the moment).
 */
export type QuietReason = 'back-catalogue' | 'first-sync' | 'unrecorded';

/** A stored report as a digest or cross-post sees it: with the moment it became public. */
export interface PublicReport {
  report: Report;
  publicAt: number;
  seq: number;
}

interface PublicationRow {
  seq: number;
  slug: string;
  public_at: number;
  changed_at: number;
  withdrawn_at: number | null;
  quiet_reason: QuietReason | null;
}

const COLUMNS = 'seq, slug, public_at, MAX(recorded_at, COALESCE(returned_at, 0)) AS changed_at, withdrawn_at, quiet_reason';

const toPublication = (row: PublicationRow): Publication => ({
  seq: row.seq,
  slug: row.slug,
  publicAt: row.public_at,
  changedAt: row.changed_at,
  withdrawn: row.withdrawn_at !== null,
  quiet: row.quiet_reason,
});

/** A withdrawn report is public again (its moment stays the first one). */
const RETURN = 'UPDATE publications SET withdrawn_at = NULL, returned_at = ?2 WHERE slug = ?1 AND withdrawn_at IS NOT NULL';

/** True when readers can see `report` at `now`: not a draft, and its time has come. */
export function isPublicAt(report: Report | null, now: number): boolean {
  return report !== null && !report.draft && Date.parse(report.published) <= now;
}

/**
 * A report already public before a write, last written longer ago than this, was public
 * before its moment could be recorded (stored before D1 kept it): it is recorded quietly.
 * Within it, the earlier write's record may have failed after KV took it: recorded loudly.
 */
export const QUIET_AFTER_MS = 10 * 60_000;

/**
 * How long a write may take to be seen by KV reads in every location (about a minute, more
 * at times): within this of a report's record, a read that finds it missing or not public
 * is taken for KV lag, not for a withdrawal.
 */
export const KV_SETTLE_MS = 5 * 60_000;

/**
 * A report whose `published` is more than this before it was first stored is old news: its
 * first moment in public is recorded quietly, unless it says `announce: true`.
 */
export const BACK_CATALOGUE_MS = 30 * 86_400_000;

/**
 * Why `report`, becoming public at `now` through a write that replaced `before`, is recorded
 * quietly by that write's own nature: `unrecorded` (public long before, never recorded) or
 * `back-catalogue` (published long before it was first stored, not `announce: true`); null
 * when neither holds. A report scheduled for later was stored before its `published` time:
 * never back catalogue. (Whether the write is part of the first sync is decided in D1.)
 */
export function quietReason(report: Report, before: Report | null, now: number): QuietReason | null {
  if (before !== null && isPublicAt(before, now) && now - Date.parse(before.updated) > QUIET_AFTER_MS) return 'unrecorded';
  if (report.announce) return null;
  const firstStored = report.created ? Date.parse(report.created) : now;
  return firstStored - Date.parse(report.published) > BACK_CATALOGUE_MS ? 'back-catalogue' : null;
}

/**
 * Records the first moment in public, with the reason it is quiet: the one `quietReason`
 * gives, else `first-sync` when `firstSync` is the token of the first sync open at `now`
 * (checked in the same statement, so a sync that ended cannot silence a write), else none.
 * Returns the inserted row's quiet flag; no row when the report was recorded before.
 */
const RECORD = `INSERT INTO publications (slug, public_at, recorded_at, quiet, quiet_reason)
  SELECT ?1, ?2, ?2, reason IS NOT NULL, reason FROM (
    SELECT COALESCE(?3, CASE WHEN EXISTS (SELECT 1 FROM first_sync WHERE token = ?4 AND expires_at > ?2) THEN 'first-sync' END) AS reason
  ) WHERE true
  ON CONFLICT (slug) DO NOTHING RETURNING quiet`;

/**
 * Records what a write means for publicity. A report public after the write, and never
 * recorded before, became public now (a backdated report too: readers see it for the
 * first time now), quietly when it is not news (see {@link QuietReason}; `firstSync` is the
 * token of the first content sync the write belongs to, if any). A report scheduled for
 * later waits in `scheduled`; a draft or a deleted report waits for nothing. A recorded
 * moment, and whether it is quiet, is never changed: not by an edit (`announce` included),
 * not by a draft round-trip, not by a delete. `before` is the version the write replaced.
 *
 * @returns true when this write made the report public for the first time, as news.
 */
export async function trackPublicity(db: D1Database, slug: string, after: Report | null, now: number, before: Report | null = null, firstSync: string | null = null): Promise<boolean> {
  if (isPublicAt(after, now)) {
    const reason = quietReason(after!, before, now);
    const [inserted] = await db.batch<{ quiet: number }>([
      db.prepare(RECORD).bind(slug, now, reason, after!.announce ? null : firstSync),
      db.prepare(RETURN).bind(slug, now),
      db.prepare('DELETE FROM scheduled WHERE slug = ?1').bind(slug),
    ]);
    return inserted?.results[0]?.quiet === 0;
  }
  // Not public after this write: a recorded report is withdrawn (KV may show it elsewhere for a while yet).
  const withdraw = db.prepare('UPDATE publications SET withdrawn_at = ?2 WHERE slug = ?1 AND withdrawn_at IS NULL').bind(slug, now);
  if (after && !after.draft) {
    await db.batch([db.prepare('INSERT INTO scheduled (slug, due_at) VALUES (?1, ?2) ON CONFLICT (slug) DO UPDATE SET due_at = excluded.due_at').bind(slug, Date.parse(after.published)), withdraw]);
  } else {
    await db.batch([db.prepare('DELETE FROM scheduled WHERE slug = ?1').bind(slug), withdraw]);
  }
  return false;
}

/**
 * Records the scheduled reports whose time has come by `now`, each as public from its own
 * `published` time. Safe to run twice or concurrently: a report is recorded once, and a
 * schedule row is removed only if it still holds the time that was checked.
 *
 * @returns the reports that became public in this call.
 */
export async function promoteDue(db: D1Database, kv: KVNamespace, now: number): Promise<Report[]> {
  const { results } = await db.prepare('SELECT slug, due_at FROM scheduled WHERE due_at <= ?1 ORDER BY due_at LIMIT 500').bind(now).all<{ slug: string; due_at: number }>();
  const promoted: Report[] = [];
  for (const row of results) {
    const report = await getReport(kv, row.slug);
    const statements = [db.prepare('DELETE FROM scheduled WHERE slug = ?1 AND due_at = ?2').bind(row.slug, row.due_at)];
    if (report && isPublicAt(report, now)) {
      statements.unshift(
        db.prepare('INSERT INTO publications (slug, public_at, recorded_at) VALUES (?1, ?2, ?3) ON CONFLICT (slug) DO NOTHING').bind(row.slug, Date.parse(report.published), now),
        db.prepare(RETURN).bind(row.slug, now),
      );
    } else if (report && !report.draft && Date.parse(report.published) > now) {
      // Moved later by an edit whose schedule write has not landed yet: keep the row.
      continue;
    } else if (now - row.due_at < KV_SETTLE_MS) {
      // D1 says it is due, KV here shows it missing or a draft: the write that scheduled it
      // may not have reached this location yet (a delete or a draft removes the row in D1).
      continue;
    }
    const [first] = await db.batch(statements);
    if (report && isPublicAt(report, now) && (first?.meta.changes ?? 0) > 0) promoted.push(report);
  }
  return promoted;
}

/** The newest publication's seq (0 when none): the upper end of a run's window. */
export async function latestSeq(db: D1Database): Promise<number> {
  const row = await db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM publications').first<{ seq: number }>();
  return row?.seq ?? 0;
}

/** Publications with seq in (after, upTo], oldest first. Costs rows in proportion to the window. */
export async function publicationsBySeq(db: D1Database, after: number, upTo: number): Promise<Publication[]> {
  const { results } = await db.prepare(`SELECT ${COLUMNS} FROM publications WHERE seq > ?1 AND seq <= ?2 AND quiet = 0 ORDER BY seq`).bind(after, upTo).all<PublicationRow>();
  return results.map(toPublication);
}

/**
 * Publications that became public in (since, until], at most `limit`: the newest of them,
 * so a window busier than the limit loses its oldest reports, never its latest.
 */
export async function publicationsBetween(db: D1Database, since: number, until: number, limit = 1000): Promise<Publication[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM publications WHERE public_at > ?1 AND public_at <= ?2 AND quiet = 0 ORDER BY public_at DESC, seq DESC LIMIT ?3`)
    .bind(since, until, limit)
    .all<PublicationRow>();
  return results.map(toPublication);
}

/**
 * Up to `limit` announced publications with seq after `after`, oldest first, and `through`:
 * the seq a reader that keeps its own cursor (cross-posting) may move it to, past the quiet
 * records among and after them, so it never reads them again.
 */
export async function publicationsAfter(db: D1Database, after: number, limit: number): Promise<{ publications: Publication[]; through: number }> {
  // One transaction: no record below the newest seq can commit between the two reads.
  const [page, newest] = await db.batch([
    db.prepare(`SELECT ${COLUMNS} FROM publications WHERE seq > ?1 AND quiet = 0 ORDER BY seq LIMIT ?2`).bind(after, limit),
    db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM publications'),
  ]);
  const publications = (page!.results as PublicationRow[]).map(toPublication);
  const through = publications.length === limit ? publications.at(-1)!.seq : Math.max(after, (newest!.results[0] as { seq: number }).seq);
  return { publications, through };
}

/** The newest announced (not quiet) publication's seq, 0 when none: a reader past it has nothing to announce. */
export async function latestAnnouncedSeq(db: D1Database): Promise<number> {
  const row = await db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM publications WHERE quiet = 0').first<{ seq: number }>();
  return row?.seq ?? 0;
}

/** Up to `limit` publications that became public at or after `since`, in commit order (a backfill). */
export async function publicationsSince(db: D1Database, since: number, limit: number): Promise<Publication[]> {
  const { results } = await db.prepare(`SELECT ${COLUMNS} FROM publications WHERE public_at >= ?1 AND quiet = 0 ORDER BY seq LIMIT ?2`).bind(since, limit).all<PublicationRow>();
  return results.map(toPublication);
}

/** The record of the report at `slug` (quiet ones too: see `quiet`), or null: what a reader of one report passes to {@link readPublished}. */
export async function publicationOf(db: D1Database, slug: string): Promise<Publication | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM publications WHERE slug = ?1`).bind(slug).first<PublicationRow>();
  return row ? toPublication(row) : null;
}

/** When the report at `slug` became public (epoch ms), or null if it has no record. */
export async function publicAtOf(db: D1Database, slug: string): Promise<number | null> {
  const row = await db.prepare('SELECT public_at FROM publications WHERE slug = ?1').bind(slug).first<{ public_at: number }>();
  return row?.public_at ?? null;
}

/** Reports already read, by slug: a batch of subscribers of one run reads each report once. */
export type ReportCache = Map<string, Promise<Report | null>>;

function reader(kv: KVNamespace, cache?: ReportCache): (slug: string) => Promise<Report | null> {
  return (slug) => {
    if (!cache) return getReport(kv, slug);
    let report = cache.get(slug);
    if (!report) {
      report = getReport(kv, slug);
      cache.set(slug, report);
    }
    return report;
  };
}

/**
 * The reports of `publications` that are still public at `now`, read from KV in parallel
 * (one read each, none for a report already in `cache`). A report deleted, made a draft
 * again, or moved to a later time since is left out; so is one KV here does not show yet.
 */
export async function loadPublic(kv: KVNamespace, publications: Publication[], now: number, cache?: ReportCache): Promise<PublicReport[]> {
  const read = reader(kv, cache);
  const reports = await Promise.all(publications.map((p) => read(p.slug)));
  return publications.flatMap((p, i) => {
    const report = reports[i] ?? null;
    return report && isPublicAt(report, now) ? [{ report, publicAt: p.publicAt, seq: p.seq }] : [];
  });
}

/** What a reader of some publications can take now, and where it must stop. */
export interface Readable {
  /** The public reports among the publications, in their order, before the first that is waiting. */
  reports: PublicReport[];
  /** The first publication KV here does not show yet, and when it will be taken as gone; null when none. */
  waiting: { seq: number; slug: string; until: number } | null;
}

/**
 * Reads `publications` (in the order given) as a reader that must never skip a report
 * because KV has not caught up with a write made elsewhere seconds ago. A publication D1
 * knows as withdrawn is left out unread. One that reads as missing or not public is waiting
 * while D1 saw it become public less than {@link KV_SETTLE_MS} ago (the caller stops before it and
 * takes it next time), and is taken as gone after that (a withdrawal whose D1 step failed).
 * Digests and cross-posts read the reports they announce through this.
 */
export async function readPublished(kv: KVNamespace, publications: Publication[], now: number, cache?: ReportCache): Promise<Readable> {
  const live = publications.filter((p) => !p.withdrawn);
  const read = reader(kv, cache);
  const found = await Promise.all(live.map((p) => read(p.slug)));
  const reports: PublicReport[] = [];
  for (const [i, p] of live.entries()) {
    const report = found[i] ?? null;
    if (report && isPublicAt(report, now)) reports.push({ report, publicAt: p.publicAt, seq: p.seq });
    else if (now - p.changedAt < KV_SETTLE_MS) return { reports, waiting: { seq: p.seq, slug: p.slug, until: p.changedAt + KV_SETTLE_MS } };
  }
  return { reports, waiting: null };
}
