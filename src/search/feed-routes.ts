import { type Context, Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { cacheHeaders, etagOf, notModified } from '../common/http/conditional.ts';
import { MEDIA_TYPES } from '../common/http/send-rendered.ts';
import { LANGUAGES, type Lang } from '../common/i18n/index.ts';
import { Problem } from '../common/problem.ts';
import { SETTLING_REFRESH_MS, siteFingerprint } from '../common/rebuild.ts';
import { getReport, isPublicAt } from '../reports/index.ts';
import type { Report } from '../reports/schema.ts';
import { documentHash } from './document.ts';
import { renderSearchFeed, SEARCH_FEED_FILES, SEARCH_FEEDS_SINCE, type SearchFeedFormat, searchFeedModel, searchUrls } from './feed.ts';
import { canonicalParams, MAX_PER_PAGE, readSearch, searchReports } from './index.ts';

/** Bump when the search feeds' shape changes without the Worker's version changing (local builds): every ETag changes. */
const SEARCH_FEED_VERSION = 1;

/** As the site's own feeds (src/feeds/routes.tsx): readers schedule their next poll from it. */
const MAX_AGE = 300;

/** Parameters of the results page that a feed refuses: it always lists the newest reports. */
const PAGE_PARAMETERS = ['page', 'per_page'];

/**
 * A search's feed in `format`, in interface language `ui`. Its parameters are checked as the
 * search page checks them (a 400 naming each one at fault); `page` and `per_page` are refused.
 * A request whose parameters are in another order or encoding (or carry others, such as a
 * tracker's) moves for good to the canonical address, the one the feed names as its self
 * link, so a reader subscribes to one address per search.
 *
 * The validators come from the index alone (each result's slug and indexed version, the site's
 * settings, the Worker's version): a 304 costs the two index statements and no KV read. Only a
 * 200 reads the reports (in parallel) and renders them; nothing is stored, since searches are
 * unbounded in number. When a report read does not match its indexed version (KV has not yet
 * shown a write everywhere), the feed goes out without validators and for a minute only, so no
 * reader keeps an old body under a new ETag.
 */
async function serveSearchFeed(c: Context<AppEnv>, ui: Lang, format: SearchFeedFormat): Promise<Response> {
  const url = new URL(c.req.url);
  const refused = PAGE_PARAMETERS.filter((name) => url.searchParams.has(name));
  if (refused.length > 0) {
    throw new Problem(
      400,
      'A search feed always lists the newest matching reports: it takes no page.',
      refused.map((field) => ({ field, message: 'is not a parameter of a search feed' })),
    );
  }
  const search = readSearch(url.searchParams).search!;
  const site = c.var.site;
  const self = searchUrls(site, ui, search)[format];
  // Compared as a URL parser writes them: the address a reader's client will actually ask for.
  if (url.search !== new URL(self).search) return c.redirect(self, 301);

  const now = Date.now();
  const limit = Math.min(site.feedLimit, MAX_PER_PAGE);
  const { results } = await searchReports(c.env.DB, site, search, { page: 1, perPage: limit }, now, 'newest');
  const validators = [SEARCH_FEED_VERSION, site.version, siteFingerprint(site), ui, format, canonicalParams(search), ...results.map((r) => `${r.slug} ${r.hash}`)];
  const etag = await etagOf(JSON.stringify(validators));
  const lastModified = Math.max(SEARCH_FEEDS_SINCE, ...results.map((r) => r.changed));
  const headers: Record<string, string> = {
    ...cacheHeaders(etag, lastModified, MAX_AGE),
    // Public, as the site's feeds: browser-based readers may fetch them from any origin.
    'x-content-type-options': 'nosniff',
    'access-control-allow-origin': '*',
    link: `<${self}>; rel="self"`,
  };
  if (notModified(c.req.raw.headers, etag, lastModified, now)) return new Response(null, { status: 304, headers });

  const read = await Promise.all(results.map((result) => getReport(c.env.REPORTS, result.slug)));
  const reports = read.filter((report): report is Report => isPublicAt(report, now));
  const settled = read.every((report, i) => report !== null && documentHash(report) === results[i]!.hash);
  const body = renderSearchFeed(searchFeedModel(site, search, ui, reports), format);
  if (!settled) {
    delete headers.etag;
    delete headers['last-modified'];
    headers['cache-control'] = `public, max-age=${SETTLING_REFRESH_MS / 1000}`;
  }
  headers['content-type'] = MEDIA_TYPES[format];
  return new Response(body, { headers });
}

/**
 * Any search is a feed: `/search/feed.xml`, `/search/atom.xml` and `/search/feed.json` with
 * the search's parameters (`q`, `topic`…, `lang`, `kind`, `from`, `to`), and the same under
 * `/zh/search/` with the feed's title and description in Chinese.
 */
export const searchFeeds = new Hono<AppEnv>();

for (const ui of LANGUAGES) {
  const base = ui === LANGUAGES[0] ? '/search' : `/${ui}/search`;
  for (const format of Object.keys(SEARCH_FEED_FILES) as SearchFeedFormat[]) {
    searchFeeds.get(`${base}/${SEARCH_FEED_FILES[format]}`, (c) => serveSearchFeed(c, ui, format));
  }
}
