import { FIELDS, WEIGHTS, type SearchDocument } from './document.ts';

/**
 * The search index in D1: `search_documents` (what a result shows and is filtered on) and
 * `search_index` (FTS5, the tokens of each field under the document's id). Only this module
 * reads or writes them.
 */

/** Writes `doc` into the index (replacing the slug's earlier row) in one transaction, stamped `at`. */
export async function putDocument(db: D1Database, doc: SearchDocument, at: number): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT INTO search_documents (slug, lang, published, kind, topics, title, excerpt, event, hash, indexed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (slug) DO UPDATE SET lang = excluded.lang, published = excluded.published, kind = excluded.kind,
           topics = excluded.topics, title = excluded.title, excerpt = excluded.excerpt, event = excluded.event,
           hash = excluded.hash, indexed_at = excluded.indexed_at`,
      )
      .bind(doc.slug, doc.lang, doc.published, doc.kind, ` ${doc.topics.join(' ')} `, doc.title, doc.excerpt, doc.event, doc.hash, at),
    db.prepare('DELETE FROM search_index WHERE rowid = (SELECT id FROM search_documents WHERE slug = ?1)').bind(doc.slug),
    db
      .prepare(`INSERT INTO search_index (rowid, ${FIELDS.join(', ')}) SELECT id, ?2, ?3, ?4, ?5 FROM search_documents WHERE slug = ?1`)
      .bind(doc.slug, ...FIELDS.map((field) => doc.fields[field])),
  ]);
}

/** The hash of the slug's indexed document, or null when it has none. */
export async function indexedHash(db: D1Database, slug: string): Promise<string | null> {
  const row = await db.prepare('SELECT hash FROM search_documents WHERE slug = ?1').bind(slug).first<{ hash: string }>();
  return row?.hash ?? null;
}

/** Marks the slug's document as reached by a reindex started before `at` (it is current). */
export async function touchDocument(db: D1Database, slug: string, at: number): Promise<void> {
  await db.prepare('UPDATE search_documents SET indexed_at = ?2 WHERE slug = ?1').bind(slug, at).run();
}

/** Removes the slug from the index; nothing when it was not there. */
export async function removeDocument(db: D1Database, slug: string): Promise<void> {
  await db.batch([
    db.prepare('DELETE FROM search_index WHERE rowid = (SELECT id FROM search_documents WHERE slug = ?1)').bind(slug),
    db.prepare('DELETE FROM search_documents WHERE slug = ?1').bind(slug),
  ]);
}

/** Removes every document not written since `since` (a finished reindex's start): reports that are gone. */
export async function removeUnreached(db: D1Database, since: number): Promise<number> {
  const [, removed] = await db.batch([
    db.prepare('DELETE FROM search_index WHERE rowid IN (SELECT id FROM search_documents WHERE indexed_at < ?1)').bind(since),
    db.prepare('DELETE FROM search_documents WHERE indexed_at < ?1').bind(since),
  ]);
  return removed?.meta.changes ?? 0;
}

/** What a query may be narrowed to; every filter given must hold. */
export interface IndexFilters {
  /** Any of these topics. */
  topics: string[];
  lang?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  until?: number;
  kind?: string;
}

/** A found document, as a result shows it. */
export interface FoundDocument {
  slug: string;
  lang: string;
  published: number;
  title: string;
  excerpt: string;
  event: string | null;
  topics: string;
}

/** The rows a query read and how many it found, as D1 reports them (what D1 bills). */
export interface QueryCost {
  rowsRead: number;
}

function filterSql(filters: IndexFilters, first: number): { sql: string; binds: unknown[] } {
  const clauses: string[] = [];
  const binds: unknown[] = [];
  const next = (value: unknown) => {
    binds.push(value);
    return `?${first + binds.length - 1}`;
  };
  if (filters.topics.length > 0) clauses.push(`(${filters.topics.map((t) => `instr(d.topics, ${next(` ${t} `)}) > 0`).join(' OR ')})`);
  if (filters.lang) clauses.push(`d.lang = ${next(filters.lang)}`);
  if (filters.from !== undefined) clauses.push(`d.published >= ${next(filters.from)}`);
  if (filters.until !== undefined) clauses.push(`d.published < ${next(filters.until)}`);
  if (filters.kind) clauses.push(`d.kind = ${next(filters.kind)}`);
  return { sql: clauses.map((c) => ` AND ${c}`).join(''), binds };
}

/**
 * One page of the public documents matching `match` (an FTS5 expression from query.ts) and
 * `filters`, best first by BM25 (ties, and `order: 'newest'`, newest first), and how many
 * there are in all. Two statements: the ranked ids of the page with the total (reads the
 * matching rows, not the archive), then the page's documents.
 */
export async function queryIndex(
  db: D1Database,
  match: string,
  filters: IndexFilters,
  options: { now: number; limit: number; offset: number; order: 'rank' | 'newest' },
): Promise<{ total: number; documents: FoundDocument[]; cost: QueryCost }> {
  const weights = FIELDS.map((f) => WEIGHTS[f].toFixed(1)).join(', ');
  const where = filterSql(filters, 3);
  const order = options.order === 'rank' ? 'rank, d.published DESC' : 'd.published DESC';
  const ids = await db
    .prepare(
      `SELECT d.id AS id, count(*) OVER () AS total FROM
         (SELECT rowid AS id, bm25(search_index, ${weights}) AS rank FROM search_index WHERE search_index MATCH ?1) m
       JOIN search_documents d ON d.id = m.id
       WHERE d.published <= ?2${where.sql}
       ORDER BY ${order} LIMIT ${Math.trunc(options.limit)} OFFSET ${Math.trunc(options.offset)}`,
    )
    .bind(match, options.now, ...where.binds)
    .all<{ id: number; total: number }>();
  let rowsRead = ids.meta.rows_read ?? 0;
  const page = ids.results.map((row) => row.id);
  let total = ids.results[0]?.total ?? 0;
  if (page.length === 0 && options.offset > 0) {
    // Past the last page: the window count came with no row, so count on its own.
    const counted = await db
      .prepare(
        `SELECT count(*) AS total FROM search_index JOIN search_documents d ON d.id = search_index.rowid
         WHERE search_index MATCH ?1 AND d.published <= ?2${where.sql}`,
      )
      .bind(match, options.now, ...where.binds)
      .first<{ total: number }>();
    total = counted?.total ?? 0;
  }
  if (page.length === 0) return { total, documents: [], cost: { rowsRead } };
  const rows = await db
    .prepare(`SELECT id, slug, lang, published, title, excerpt, event, topics FROM search_documents WHERE id IN (${page.map((_, i) => `?${i + 1}`).join(', ')})`)
    .bind(...page)
    .all<FoundDocument & { id: number }>();
  rowsRead += rows.meta.rows_read ?? 0;
  const byId = new Map(rows.results.map((row) => [row.id, row]));
  const documents = page.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const { id: _id, ...doc } = row;
    return [doc];
  });
  return { total, documents, cost: { rowsRead } };
}

/** Which of `slugs` match `match` (and are public at `now`): for following a search by email. */
export async function matchingSlugs(db: D1Database, match: string, slugs: string[], now: number): Promise<Set<string>> {
  const found = new Set<string>();
  // D1 binds at most 100 parameters to a statement.
  for (let i = 0; i < slugs.length; i += 90) {
    const chunk = slugs.slice(i, i + 90);
    const rows = await db
      .prepare(
        `SELECT d.slug AS slug FROM search_index JOIN search_documents d ON d.id = search_index.rowid
         WHERE search_index MATCH ?1 AND d.published <= ?2 AND d.slug IN (${chunk.map((_, j) => `?${j + 3}`).join(', ')})`,
      )
      .bind(match, now, ...chunk)
      .all<{ slug: string }>();
    for (const row of rows.results) found.add(row.slug);
  }
  return found;
}
