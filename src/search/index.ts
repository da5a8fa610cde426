import type { SiteConfig } from '../common/config.ts';
import { reportUrl } from '../common/urls.ts';
import { getReport, listIndex } from '../reports/index.ts';
import type { Report, ReportEvent } from '../reports/schema.ts';
import { documentHash, searchDocumentOf } from './document.ts';
import { facetMatch } from './facets.ts';
import { indexedHash, matchingSlugs, putDocument, type QueryCost, queryIndex, removeDocument, removeUnreached, touchDocument } from './index-store.ts';
import { nextDay, type Paging, type SearchRequest, startOfDay } from './params.ts';
import { matchExpression, parseQuery } from './query.ts';
import { highlight, snippet } from './snippet.ts';

/**
 * Search: what other capabilities use of it. The index is derived from the reports in KV
 * (src/reports writes it on every save and delete, through {@link indexReport} and
 * {@link unindexReport}); pages, feeds and emails ask it through {@link searchReports} and
 * {@link reportsMatching}.
 */
export { canonicalParams, checkQuery, DEFAULT_PER_PAGE, MAX_PER_PAGE, readSearch } from './params.ts';
export type { Paging, SearchRequest } from './params.ts';
export { MAX_QUERY_LENGTH } from './query.ts';

/** Writes `report` into the index, or takes it out when it is a draft. Searchable when this returns. */
export async function indexReport(db: D1Database, report: Report, now: number): Promise<void> {
  const doc = searchDocumentOf(report);
  if (doc) await putDocument(db, doc, now);
  else await removeDocument(db, report.slug);
}

/** Makes sure the index holds this version of `report` (a resent write, a reindex): one read when it does. */
export async function ensureIndexed(db: D1Database, report: Report, now: number): Promise<boolean> {
  const hash = await indexedHash(db, report.slug);
  if (report.draft ? hash === null : hash === documentHash(report)) {
    if (hash !== null) await touchDocument(db, report.slug, now);
    return false;
  }
  await indexReport(db, report, now);
  return true;
}

/** Takes a deleted report out of the index. */
export function unindexReport(db: D1Database, slug: string): Promise<void> {
  return removeDocument(db, slug);
}

/** One result of a search. */
export interface SearchResult {
  slug: string;
  url: string;
  title: string;
  /** The title as HTML, the matched words in `<mark>`. */
  titleHtml: string;
  lang: string;
  /** ISO 8601. */
  published: string;
  event: ReportEvent | null;
  /** A passage around the matches as HTML, the matched words in `<mark>`. */
  snippet: string;
  topics: string[];
  /** The indexed version of the report: equal to documentHash of the stored report it was built from. */
  hash: string;
  /** When the result last changed for a reader (published, or indexed later: an edit), epoch ms. */
  changed: number;
}

/**
 * One page of the public reports matching `search`, best first (or newest first, for a
 * feed), and how many match in all. `from`/`to` are days in the site's time zone.
 */
export async function searchReports(
  db: D1Database,
  site: Pick<SiteConfig, 'siteUrl' | 'timeZone'>,
  search: SearchRequest,
  paging: Paging,
  now: number,
  order: 'rank' | 'newest' = 'rank',
): Promise<{ total: number; results: SearchResult[]; cost: QueryCost }> {
  const filters = {
    topics: search.topics,
    lang: search.lang,
    kind: search.kind,
    from: search.from ? startOfDay(search.from, site.timeZone) : undefined,
    until: search.to ? startOfDay(nextDay(search.to), site.timeZone) : undefined,
  };
  const found = await queryIndex(db, matchExpression(search.terms), filters, { now, limit: paging.perPage, offset: (paging.page - 1) * paging.perPage, order, facets: facetMatch(filters, now) });
  const results = found.documents.map((doc): SearchResult => {
    const event = doc.event ? (JSON.parse(doc.event) as ReportEvent) : null;
    return {
      slug: doc.slug,
      url: reportUrl(site, doc.slug),
      title: doc.title,
      titleHtml: highlight(doc.title, search.terms),
      lang: doc.lang,
      published: new Date(doc.published).toISOString(),
      event,
      snippet: snippet(doc.excerpt, search.terms),
      topics: doc.topics.trim().split(' ').filter(Boolean),
      hash: doc.hash,
      changed: Math.max(doc.published, doc.indexed_at),
    };
  });
  return { total: found.total, results, cost: found.cost };
}

/**
 * Which of `slugs` match the reader's `query` (a followed search, checked with checkQuery):
 * a subscriber who follows a search gets only these. One statement per 90 slugs.
 */
export function reportsMatching(db: D1Database, query: string, slugs: string[], now: number): Promise<Set<string>> {
  const terms = parseQuery(query);
  if (terms.length === 0 || slugs.length === 0) return Promise.resolve(new Set());
  return matchingSlugs(db, matchExpression(terms), slugs, now);
}

/** How many reports one reindex call takes. */
const REINDEX_PAGE = 100;

/**
 * Rebuilds the index from the report store, a page at a time: each call writes the reports
 * of one page whose document is missing or out of date, and returns the cursor of the next;
 * the last call removes the documents of reports that are gone (those no call of this run
 * reached). The cursor carries the run's start, so an interrupted run resumes where it was.
 */
export async function reindexSearch(kv: KVNamespace, db: D1Database, cursor: string | undefined, now: number): Promise<{ indexed: number; removed: number; cursor?: string }> {
  const resumed = cursor ? /^(\d{13})\.(.+)$/s.exec(cursor) : null;
  if (cursor && !resumed) throw new RangeError('not a search reindex cursor');
  const started = resumed ? Number(resumed[1]) : now;
  const page = await listIndex(kv, { limit: REINDEX_PAGE, cursor: resumed?.[2] });
  const reports = await Promise.all(page.entries.map((meta) => getReport(kv, meta.s)));
  let indexed = 0;
  for (const report of reports) {
    if (report && (await ensureIndexed(db, report, Math.max(now, started)))) indexed++;
  }
  if (page.cursor) return { indexed, removed: 0, cursor: `${started}.${page.cursor}` };
  const removed = await removeUnreached(db, started);
  return { indexed, removed };
}
