import { type Context, Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { clientKey } from '../common/http/client.ts';
import { HTML_HEADERS } from '../common/http/security.ts';
import type { Lang } from '../common/i18n/index.ts';
import { Problem } from '../common/problem.ts';
import { eventLineIn } from '../crossposts/event-line.ts';
import { formValues } from './form.tsx';
import { DEFAULT_PER_PAGE, readSearch, searchReports } from './index.ts';
import { renderOpenSearch } from './opensearch.ts';
import { SearchPage, type SearchView, TooManyPage } from './page.tsx';

/**
 * What a reader sees of search: the results page (`/search`, `/zh/search`), the same as JSON
 * for programs (`/search.json`, any origin may call it) and the OpenSearch description
 * (`/opensearch.xml`, `/zh/opensearch.xml`) every page links, so browsers offer the search.
 */
export const searchRoutes = new Hono<AppEnv>();

/** How long a search's answer may be kept: the index changes with every write. */
const CACHE = 'public, max-age=60';
/** Any site may call /search.json from a browser: it answers public data only. */
const CORS = { 'access-control-allow-origin': '*' };

/**
 * Every search reads the index, so one client's searches are limited, 60 a minute
 * (SEARCH_LIMITER, wrangler.toml; keyed on the IPv4 address or IPv6 /64), checked before
 * anything is read. False when this one is over the limit.
 */
async function withinLimit(c: Context<AppEnv>): Promise<boolean> {
  const key = clientKey(c.req.header('cf-connecting-ip'));
  if (!key || !c.env.SEARCH_LIMITER) return true;
  return (await c.env.SEARCH_LIMITER.limit({ key })).success;
}

/** The results page in `lang`: a page for a person whatever happens, the errors shown at their fields (400), or 429. */
async function searchPage(c: Context<AppEnv>, lang: Lang): Promise<Response> {
  const site = c.var.site;
  const params = new URL(c.req.url).searchParams;
  // Without a query nothing is read: the empty box is not counted.
  if (params.has('q') && !(await withinLimit(c))) {
    return c.html(`<!doctype html>${TooManyPage({ site, lang })}`, 429, { ...HTML_HEADERS, 'cache-control': 'no-store', 'retry-after': '60' });
  }
  const view: SearchView = { site, lang, values: formValues(params), errors: [], search: null, paging: { page: 1, perPage: DEFAULT_PER_PAGE }, found: null };
  try {
    const { search, paging } = readSearch(params, { requireQuery: false });
    Object.assign(view, { search, paging });
  } catch (error) {
    if (!(error instanceof Problem) || error.status !== 400) throw error;
    view.errors = error.errors;
  }
  if (view.search) view.found = await searchReports(c.env.DB, site, view.search, view.paging, Date.now());
  const status = view.errors.length > 0 ? 400 : 200;
  return c.html(`<!doctype html>${SearchPage({ view })}`, status, { ...HTML_HEADERS, 'cache-control': status === 200 ? CACHE : 'no-store' });
}

searchRoutes.get('/search', (c) => searchPage(c, 'en'));
searchRoutes.get('/zh/search', (c) => searchPage(c, 'zh'));

/**
 * `{ query, total, page, results: [{ slug, url, title, lang, published, event_line, snippet }] }`,
 * `snippet` as HTML with the matched words in `<mark>`. A missing, empty, too long or
 * malformed query or filter is a 400 problem+json naming each parameter; FTS5 syntax in the
 * query is searched for as words, never run.
 */
searchRoutes.get('/search.json', async (c) => {
  if (!(await withinLimit(c))) throw new Problem(429, 'Too many searches from your network; try again in a minute.', [], { ...CORS, 'retry-after': '60' });
  let read: ReturnType<typeof readSearch>;
  try {
    read = readSearch(new URL(c.req.url).searchParams);
  } catch (error) {
    if (error instanceof Problem) throw new Problem(error.status, error.message, error.errors, { ...error.headers, ...CORS });
    throw error;
  }
  const search = read.search!;
  const found = await searchReports(c.env.DB, c.var.site, search, read.paging, Date.now());
  const results = found.results.map((r) => ({ slug: r.slug, url: r.url, title: r.title, lang: r.lang, published: r.published, event_line: r.event ? eventLineIn(r.event, r.lang) : null, snippet: r.snippet }));
  return c.json({ query: search.q, total: found.total, page: read.paging.page, results }, 200, { ...CORS, 'cache-control': CACHE, 'x-content-type-options': 'nosniff' });
});

/** The OpenSearch description in each language: the same for a day. */
for (const [path, lang] of [
  ['/opensearch.xml', 'en'],
  ['/zh/opensearch.xml', 'zh'],
] as const) {
  searchRoutes.get(path, (c) =>
    c.body(renderOpenSearch(c.var.site, lang), 200, { 'content-type': 'application/opensearchdescription+xml; charset=utf-8', 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' }),
  );
}
