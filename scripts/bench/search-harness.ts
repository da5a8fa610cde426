/**
 * The search benchmark's harness Worker (bench-only; never part of the production Worker).
 * It runs the real search code inside workerd on real D1 databases, one per archive size
 * (the binding named by `?db=`), each wrapped in a counting D1:
 *
 * - `/__bench/migrate?db=` (body: SQL) applies a migration.
 * - `/__bench/seed?db=&from=&to=` stores the corpus' reports from..to-1 in the index as
 *   every save does (`parseReportInput`, `prepareReport`, then `indexReport`), counting D1.
 * - `/__bench/save?from=&to=` saves reports through `saveReport` (KV and D1, everything a
 *   write does), then saves each again edited, counting D1 for each half.
 * - `/__bench/size?db=` the database's size (D1's `size_after`) and the FTS shadow tables'.
 * - `/__bench/anatomy?db=&q=` what parts of a search cost: D1 `rows_read` of the bare FTS5
 *   match counted, of its first 20 rowids unranked, and of its first 20 by BM25.
 * - `/__bench/query` (JSON `{ db, method, params, now }`) answers a search by `searchReports`
 *   (`method: 'search'`) or by a LIKE scan of `search_documents` (`'like'`), counting D1.
 */
import type { Env } from '../../src/common/config.ts';
import { readConfig } from '../../src/common/config.ts';
import { saveReport } from '../../src/reports/publishing.ts';
import { prepareReport } from '../../src/reports/prepare.ts';
import { parseReportInput, type Report } from '../../src/reports/schema.ts';
import { indexReport, readSearch, type SearchRequest, searchReports } from '../../src/search/index.ts';
import { FIELDS, WEIGHTS } from '../../src/search/document.ts';
import { nextDay, startOfDay } from '../../src/search/params.ts';
import { matchExpression, parseQuery } from '../../src/search/query.ts';
import { countingD1, migrate, newD1Counts } from './d1.ts';
import { searchReportJson } from './search-corpus.ts';

type BenchEnv = Env & Record<string, D1Database>;

function input(i: number) {
  const json = searchReportJson(i);
  const parsed = parseReportInput(json);
  if (!parsed.ok) throw new Error(`search corpus report ${i}: ${JSON.stringify(parsed.errors)}`);
  return { json, value: parsed.value };
}

async function report(i: number, siteUrl: string): Promise<Report> {
  const { json, value } = input(i);
  return prepareReport(value, null, { now: Date.parse(json.published) + 300_000, siteUrl, slug: json.slug });
}

/** Reports from..to-1 into the index, as `saveReport` writes them (its search step alone). */
async function seed(env: BenchEnv, db: D1Database, from: number, to: number): Promise<Response> {
  const site = readConfig(env);
  const d1 = newD1Counts();
  const counted = countingD1(db, d1);
  const started = Date.now();
  for (let i = from; i < to; i++) {
    const r = await report(i, site.siteUrl);
    await indexReport(counted, r, Date.parse(r.updated));
  }
  return Response.json({ seeded: to - from, d1, ms: Date.now() - started });
}

/** Whole saves (KV, publications, search) of reports from..to-1, new, then each edited. */
async function save(env: BenchEnv, from: number, to: number): Promise<Response> {
  const site = readConfig(env);
  const created = newD1Counts();
  const edited = newD1Counts();
  for (let i = from; i < to; i++) {
    const { json, value } = input(i);
    const at = Date.parse(json.published) + 300_000;
    const first = await saveReport({ kv: env.REPORTS, db: countingD1(env.DB, created) }, site, value, json.slug, at);
    const change = { ...value, body: `${value.body}\n\nEdited: one more sentence on ${i % 2 ? '数据安全' : 'data security'}.` };
    await saveReport({ kv: env.REPORTS, db: countingD1(env.DB, edited) }, site, change, json.slug, at + 60_000, first.report);
  }
  return Response.json({ saved: to - from, created, edited });
}

/** D1's own size of the database, and the FTS5 shadow tables' share (bytes of their blobs). */
async function size(db: D1Database): Promise<Response> {
  const docs = await db.prepare('SELECT count(*) AS n, sum(length(title) + length(excerpt) + length(coalesce(event, \'\'))) AS text FROM search_documents').first<{ n: number; text: number }>();
  const meta = (await db.prepare('SELECT 1').run()).meta as { size_after?: number };
  let shadow: Record<string, number> | string;
  try {
    shadow =
      (await db
        .prepare('SELECT (SELECT count(*) FROM search_index_data) AS dataRows, (SELECT sum(length(block)) FROM search_index_data) AS dataBytes, (SELECT count(*) FROM search_index_idx) AS idxRows, (SELECT count(*) FROM search_index_docsize) AS docsizeRows')
        .first<Record<string, number>>()) ?? {};
  } catch (error) {
    shadow = String(error);
  }
  return Response.json({ documents: docs?.n ?? 0, documentTextBytes: docs?.text ?? 0, sizeAfter: meta.size_after ?? null, shadow });
}

/** The question of `search` answered by scanning title and excerpt with LIKE, newest first, one page. */
async function likeScan(db: D1Database, zone: string, search: SearchRequest, perPage: number, now: number) {
  const needles = search.q.split(/\s+/u).filter(Boolean);
  const binds: unknown[] = [now];
  const next = (value: unknown) => `?${binds.push(value)}`;
  const clauses = needles.map((needle) => {
    const p = next(`%${needle}%`);
    return `(d.title LIKE ${p} OR d.excerpt LIKE ${p})`;
  });
  if (search.topics.length > 0) clauses.push(`(${search.topics.map((t) => `instr(d.topics, ${next(` ${t} `)}) > 0`).join(' OR ')})`);
  if (search.lang) clauses.push(`d.lang = ${next(search.lang)}`);
  if (search.from) clauses.push(`d.published >= ${next(startOfDay(search.from, zone))}`);
  if (search.to) clauses.push(`d.published < ${next(startOfDay(nextDay(search.to), zone))}`);
  const rows = await db
    .prepare(
      `SELECT d.slug, d.title, d.excerpt, d.published, count(*) OVER () AS total FROM search_documents d
       WHERE d.published <= ?1 AND ${clauses.join(' AND ')} ORDER BY d.published DESC LIMIT ${perPage}`,
    )
    .bind(...binds)
    .all<{ total: number }>();
  return { total: rows.results[0]?.total ?? 0, page: rows.results.length };
}

/** The rows D1 reports for the FTS5 part of a search alone, three ways. */
async function anatomy(db: D1Database, q: string): Promise<Response> {
  const match = matchExpression(parseQuery(q));
  const weights = FIELDS.map((f) => WEIGHTS[f].toFixed(1)).join(', ');
  const cost = async (sql: string) => {
    const result = await db.prepare(sql).bind(match).all<Record<string, number>>();
    return { rowsRead: result.meta.rows_read ?? 0, rows: result.results.length, first: result.results[0] ?? null };
  };
  return Response.json({
    match,
    count: await cost('SELECT count(*) AS n FROM search_index WHERE search_index MATCH ?1'),
    unranked: await cost('SELECT rowid FROM search_index WHERE search_index MATCH ?1 LIMIT 20'),
    ranked: await cost(`SELECT rowid FROM search_index WHERE search_index MATCH ?1 ORDER BY bm25(search_index, ${weights}) LIMIT 20`),
  });
}

async function query(env: BenchEnv, body: { db: string; method: 'search' | 'like'; params: string; now: number }): Promise<Response> {
  const site = readConfig(env);
  const { search, paging } = readSearch(new URLSearchParams(body.params));
  if (!search) throw new Error('no query');
  const d1 = newD1Counts();
  const db = countingD1(env[body.db]!, d1);
  const started = Date.now();
  const found =
    body.method === 'search'
      ? await searchReports(db, site, search, paging, body.now).then((r) => ({ total: r.total, page: r.results.length, costRowsRead: r.cost.rowsRead }))
      : await likeScan(db, site.timeZone, search, paging.perPage, body.now);
  return Response.json({ ...found, d1, ms: Date.now() - started });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const n = (name: string) => Number(url.searchParams.get(name));
    const db = env[url.searchParams.get('db') ?? 'DB'];
    if (request.method !== 'POST') return new Response('POST only', { status: 405 });
    if (url.pathname === '/__bench/noop') return Response.json({});
    if (!db) return new Response('no such database', { status: 400 });
    if (url.pathname === '/__bench/migrate') return migrate(db, await request.text());
    if (url.pathname === '/__bench/seed') return seed(env, db, n('from'), n('to'));
    if (url.pathname === '/__bench/save') return save(env, n('from'), n('to'));
    if (url.pathname === '/__bench/size') return size(db);
    if (url.pathname === '/__bench/anatomy') return anatomy(db, url.searchParams.get('q') ?? '');
    if (url.pathname === '/__bench/query') return query(env, await request.json());
    return new Response('not found', { status: 404 });
  },
} satisfies ExportedHandler<BenchEnv>;
