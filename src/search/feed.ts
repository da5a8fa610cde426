import type { SiteConfig } from '../common/config.ts';
import { catalogue, formatInstant, LANGUAGES, type Lang } from '../common/i18n/index.ts';
import { ALL, inLanguage } from '../common/scope.ts';
import { topicLabel } from '../common/topics.ts';
import { localUrl } from '../common/urls.ts';
import { renderAtom } from '../feeds/atom.ts';
import { renderJson } from '../feeds/json.ts';
import { languageName } from '../feeds/list-page.tsx';
import { buildFeedModel, type FeedModel } from '../feeds/model.tsx';
import { renderRss } from '../feeds/rss.ts';
import type { Report } from '../reports/schema.ts';
import { canonicalParams, type SearchRequest } from './params.ts';

/*
 * A search as a feed: the newest public reports matching it, through the same model and
 * renderers as the site's own feeds, named after the search and addressed by it.
 */

export type SearchFeedFormat = 'rss' | 'atom' | 'json';

/**
 * The day search feeds began: the `updated` time of a search feed with no result, which must
 * have one. Constant, so an empty feed keeps its bytes and validators; 1970 (no time at all)
 * reads to the W3C validator as a broken clock ("Implausible date").
 */
export const SEARCH_FEEDS_SINCE = Date.parse('2026-12-01T00:00:00Z');

/** The file name of each format, after `/search/` (or `/zh/search/`). */
export const SEARCH_FEED_FILES: Record<SearchFeedFormat, string> = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' };

const RENDERERS: Record<SearchFeedFormat, (model: FeedModel) => string> = { rss: renderRss, atom: renderAtom, json: renderJson };

/**
 * Where a search's results page and feeds are in interface language `ui` (English at the
 * root, Chinese under `/zh`), its parameters in their one canonical order and encoding:
 * the feed's self link, and the link the results page gives to it.
 *
 * @example searchUrls(site, 'zh', search).atom // 'https://herald.example.org/zh/search/atom.xml?q=%E6%B2%BB%E7%90%86'
 */
export function searchUrls(site: Pick<SiteConfig, 'siteUrl'>, ui: Lang, search: SearchRequest): { page: string } & Record<SearchFeedFormat, string> {
  const params = canonicalParams(search);
  const base = localUrl(site, ui, '/search');
  return { page: `${base}?${params}`, rss: `${base}/${SEARCH_FEED_FILES.rss}?${params}`, atom: `${base}/${SEARCH_FEED_FILES.atom}?${params}`, json: `${base}/${SEARCH_FEED_FILES.json}?${params}` };
}

/** The search's filters in words, in `ui`: what the feed's description lists after the query. */
function filtersIn(search: SearchRequest, ui: Lang): string[] {
  const t = catalogue(ui).feeds;
  const day = (iso: string) => formatInstant(Date.parse(`${iso}T00:00:00Z`), ui, 'UTC');
  const filters: string[] = [];
  if (search.topics.length > 0) filters.push(t.searchFeed.topics(search.topics.map((topic) => topicLabel(topic, ui))));
  if (search.lang) filters.push(t.searchFeed.language(languageName(search.lang, ui)));
  if (search.kind) filters.push(t.searchFeed.kind((t.kinds as Record<string, string>)[search.kind] ?? search.kind));
  if (search.from || search.to) filters.push(t.searchFeed.published(search.from && day(search.from), search.to && day(search.to)));
  return filters;
}

/**
 * The model of a search's feed in interface language `ui` from its reports (newest first),
 * with no I/O and no clock: the site's feed model of those reports, titled after the query,
 * its filters in the description, its id the results page's address (the same for the same
 * search, another in each language). It has no hub (the hub hears only of the site's own
 * feeds) and no archive links (the site's archive is not this search's).
 */
export function searchFeedModel(site: SiteConfig, search: SearchRequest, ui: Lang, reports: Report[]): FeedModel {
  const { hub: _hub, olderMonth: _older, ...model } = buildFeedModel(site, inLanguage(ALL, ui), reports, SEARCH_FEEDS_SINCE);
  const urls = searchUrls(site, ui, search);
  const t = catalogue(ui).feeds.searchFeed;
  const siteTitle = site.names[ui].title;
  return {
    ...model,
    title: t.title(search.q, siteTitle),
    description: t.description(search.q, siteTitle, filtersIn(search, ui)),
    id: urls.page,
    homeUrl: urls.page,
    feedUrls: { rss: urls.rss, atom: urls.atom, json: urls.json },
    archive: { archived: false },
    // Every result is shown in its own language, never as a stand-in for a missing translation.
    items: model.items.map((item) => ({ ...item, fallback: false })),
  };
}

/** The feed's body in `format`. */
export function renderSearchFeed(model: FeedModel, format: SearchFeedFormat): string {
  return RENDERERS[format](model);
}

