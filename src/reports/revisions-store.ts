import { Problem } from '../common/problem.ts';
import type { ReportInput, ReportSource } from './schema.ts';

/**
 * Report revisions in D1 (table `report_revisions`, migration 0014): the history of every
 * report, one row per write that changed it. Only this module reads or writes the table.
 */

/** What a revision records of a report: its input fields, with its slug and `published`. */
export type RevisionContent = ReportInput & { slug: string; published: string };

export type RevisionKind = 'save' | 'restore' | 'delete' | 'baseline';

/** A revision as listed: everything but its content. */
export interface RevisionEntry {
  n: number;
  at: number;
  author: string;
  kind: RevisionKind;
  restoredFrom: number | null;
  hash: string;
  title: string;
  source: ReportSource;
}

export interface Revision extends RevisionEntry {
  content: RevisionContent;
}

/** A revision to claim: its number is the head's plus one. */
export type NewRevision = Omit<Revision, 'n'>;

/** D1 holds at most 2,000,000 bytes in a row: the content is refused before it gets there. */
const MAX_CONTENT_BYTES = 1_900_000;

const COLUMNS = 'n, at, author, kind, restored_from, hash, title, source';

interface Row {
  n: number;
  at: number;
  author: string;
  kind: RevisionKind;
  restored_from: number | null;
  hash: string;
  title: string;
  source: ReportSource;
}

const entryOf = (row: Row): RevisionEntry => ({ n: row.n, at: row.at, author: row.author, kind: row.kind, restoredFrom: row.restored_from, hash: row.hash, title: row.title, source: row.source });

async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function gunzip(bytes: ArrayBuffer | number[] | Uint8Array): Promise<string> {
  const data = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : Uint8Array.from(bytes);
  return new Response(new Blob([data]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
}

/** The newest revision of `slug`, or null when it has none (never written since revisions exist). */
export async function revisionHead(db: D1Database, slug: string): Promise<RevisionEntry | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM report_revisions WHERE slug = ?1 ORDER BY n DESC LIMIT 1`).bind(slug).first<Row>();
  return row ? entryOf(row) : null;
}

/**
 * Claims the revisions after `headN` (the head this write read, 0 for none) in one
 * transaction: each row only if its number is free. True when the last one was this
 * write's: another writer that read the same head and claimed first leaves it 0 changes.
 * A content too large for a D1 row is a 413 naming `body`, before anything is written.
 */
export async function claimRevisions(db: D1Database, slug: string, headN: number, revisions: NewRevision[]): Promise<boolean> {
  const statements: D1PreparedStatement[] = [];
  for (const [i, revision] of revisions.entries()) {
    const content = await gzip(JSON.stringify(revision.content));
    if (content.byteLength > MAX_CONTENT_BYTES) {
      throw new Problem(413, 'The report is too large to keep in its history.', [{ field: 'body', message: 'must be smaller: the whole report, compressed, must stay under 1.9 MB' }]);
    }
    statements.push(
      db
        .prepare(
          `INSERT INTO report_revisions (slug, n, at, author, kind, restored_from, hash, title, source, content)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (slug, n) DO NOTHING`,
        )
        .bind(slug, headN + 1 + i, revision.at, revision.author, revision.kind, revision.restoredFrom, revision.hash, revision.title, revision.source, content),
    );
  }
  const results = await db.batch(statements);
  return results.at(-1)?.meta.changes === 1;
}

/** Gives back revision `n` of `slug` that this write claimed but did not make (its write was refused). */
export async function releaseRevision(db: D1Database, slug: string, n: number, hash: string): Promise<void> {
  await db.prepare('DELETE FROM report_revisions WHERE slug = ?1 AND n = ?2 AND hash = ?3').bind(slug, n, hash).run();
}

/** A page of the revisions of `slug`, newest first, numbered below `before` when given. One query, no content read. */
export async function listRevisions(db: D1Database, slug: string, options: { limit: number; before?: number }): Promise<RevisionEntry[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM report_revisions WHERE slug = ?1 AND n < ?2 ORDER BY n DESC LIMIT ?3`)
    .bind(slug, options.before ?? Number.MAX_SAFE_INTEGER, options.limit)
    .all<Row>();
  return results.map(entryOf);
}

/** Revision `n` of `slug` with its content, or null. */
export async function readRevision(db: D1Database, slug: string, n: number): Promise<Revision | null> {
  const row = await db.prepare(`SELECT ${COLUMNS}, content FROM report_revisions WHERE slug = ?1 AND n = ?2`).bind(slug, n).first<Row & { content: ArrayBuffer | number[] }>();
  if (!row) return null;
  return { ...entryOf(row), content: JSON.parse(await gunzip(row.content)) as RevisionContent };
}

/** The newest revision of `slug` whose hash is `hash` and that is not a deletion: the current one, while `hash` is stored. */
export async function currentRevision(db: D1Database, slug: string, hash: string): Promise<number | null> {
  const row = await db.prepare("SELECT MAX(n) AS n FROM report_revisions WHERE slug = ?1 AND hash = ?2 AND kind <> 'delete'").bind(slug, hash).first<{ n: number | null }>();
  return row?.n ?? null;
}
