import { raw } from 'hono/html';
import type { SiteConfig } from '../common/config.ts';
import { catalogue, LANGUAGE_TAGS, LANGUAGES, type Lang, langOfTag } from '../common/i18n/index.ts';
import type { FieldError } from '../common/problem.ts';
import { cataloguedTopics, topicLabel } from '../common/topics.ts';
import { localUrl, topicUrl } from '../common/urls.ts';
import { eventLineIn, placeIn } from '../events/when.ts';
import { languageName } from '../feeds/list-page.tsx';
import { dayIn } from '../feeds/local-text.ts';
import { Layout } from '../site/layout.tsx';
import { searchUrls } from './feed.ts';
import { type FormValues, SearchForm } from './form.tsx';
import type { SearchResult } from './index.ts';
import type { Paging, SearchRequest } from './params.ts';
import { Pagination, pageAddress, searchAddress } from './pagination.tsx';
import { ActiveFilters, NoResults } from './suggestions.tsx';

/** What the search page shows. */
export interface SearchView {
  site: SiteConfig;
  lang: Lang;
  values: FormValues;
  errors: FieldError[];
  /** The search run; null without a query, or when the form has errors. */
  search: SearchRequest | null;
  paging: Paging;
  found: { total: number; results: SearchResult[] } | null;
}

/**
 * The search's own feeds and email, on this language's paths: the feeds' addresses are the
 * ones each feed names as its self link (searchUrls, with canonicalParams).
 */
export function followLinks(site: Pick<SiteConfig, 'siteUrl'>, lang: Lang, search: SearchRequest) {
  const { rss, atom, json } = searchUrls(site, lang, search);
  return { rss, atom, json, email: `${localUrl(site, lang, '/subscribe')}?query=${encodeURIComponent(search.q)}` };
}

/** A result names at most this many topics, then how many more (as the lists do); the report's page names them all. */
const RESULT_TOPICS = 3;

/**
 * The event in one line as the archive writes it: kind and time in the page's language, the
 * place as the report writes it (the title already names the event, so its name is not repeated).
 */
function eventLine(result: SearchResult, lang: Lang): string | null {
  const event = result.event;
  if (!event) return null;
  return eventLineIn(lang, { kind: event.kind, start: event.start, end: event.end, timezone: event.timezone, place: placeIn(result.lang, event) });
}

/** One result: date (and language, when not the page's), title and snippet with the matched words marked, event line, topics. */
function Result({ result, site, lang }: { result: SearchResult; site: SiteConfig; lang: Lang }) {
  const t = catalogue(lang).search;
  const own = langOfTag(result.lang);
  const line = eventLine(result, lang);
  const more = result.topics.length - RESULT_TOPICS;
  return (
    <li class="search-result" lang={result.lang} dir="auto">
      <p class="search-result-meta" lang={LANGUAGE_TAGS[lang]}>
        <time datetime={result.published}>{dayIn(result.published, lang)}</time>
        {own !== lang && <span class="search-result-lang">{t.inLanguage(languageName(result.lang, lang))}</span>}
      </p>
      {/* titleHtml and snippet are HTML built by snippet.ts: every character of the report escaped, only its own <mark> added. */}
      <h3 class="search-result-title">
        <a href={result.url}>{raw(result.titleHtml)}</a>
      </h3>
      {line && (
        <p class="search-result-event" lang={LANGUAGE_TAGS[lang]}>
          {line}
        </p>
      )}
      <p class="search-snippet">{raw(result.snippet)}</p>
      {result.topics.length > 0 && (
        <ul class="topic-list" aria-label={t.topicsLabel} lang={LANGUAGE_TAGS[lang]}>
          {result.topics.slice(0, RESULT_TOPICS).map((topic) => (
            <li>
              <a href={topicUrl(site, topic, lang)}>{topicLabel(topic, lang)}</a>
            </li>
          ))}
          {more > 0 && <li class="topic-more">{catalogue(lang).feeds.moreTopics(more)}</li>}
        </ul>
      )}
    </li>
  );
}

/** Following the search: its feeds in three formats, and by email. */
function Follow({ site, lang, search }: { site: SiteConfig; lang: Lang; search: SearchRequest }) {
  const t = catalogue(lang).search;
  const links = followLinks(site, lang, search);
  return (
    <aside class="search-follow" aria-labelledby="search-follow-heading">
      <h2 id="search-follow-heading">{t.follow}</h2>
      <p>{t.followText}</p>
      <a class="button" href={links.email}>
        {t.email}
      </a>
      <ul class="search-feeds">
        <li>
          <a href={links.rss}>RSS</a>
        </li>
        <li>
          <a href={links.atom}>Atom</a>
        </li>
        <li>
          <a href={links.json}>JSON Feed</a>
        </li>
      </ul>
    </aside>
  );
}

/** The results of a search with a query: the count, the filters in force, the list or the suggestions, pages, following. */
function Results({ view, search, found }: { view: SearchView; search: SearchRequest; found: NonNullable<SearchView['found']> }) {
  const { site, lang, paging } = view;
  const t = catalogue(lang).search;
  const [before, after] = t.resultsFor(found.total);
  const first = (paging.page - 1) * paging.perPage + 1;
  const pages = Math.ceil(found.total / paging.perPage);
  return (
    <div class="search-body">
      <div class="search-summary">
        <h2 id="search-count" class="search-count">
          {found.total > 0 ? [before, <span class="search-query-text">{t.quoted(search.q)}</span>, after] : t.noResults(search.q)}
        </h2>
        {found.results.length > 0 && <p class="meta">{t.showing(first, first + found.results.length - 1, found.total)}</p>}
        {found.total > 0 && <ActiveFilters site={site} lang={lang} search={search} paging={paging} />}
      </div>
      <div class="search-main">
        {found.results.length > 0 ? (
          <ol class="search-list">
            {found.results.map((result) => (
              <Result result={result} site={site} lang={lang} />
            ))}
          </ol>
        ) : found.total > 0 ? (
          <p class="search-past-last">
            {t.pastLast(pages)} <a href={pageAddress(site, lang, search, paging, 1)}>{t.firstPage}</a>
          </p>
        ) : (
          <NoResults site={site} lang={lang} search={search} paging={paging} />
        )}
        <Pagination site={site} lang={lang} search={search} paging={paging} total={found.total} />
      </div>
      <Follow site={site} lang={lang} search={search} />
    </div>
  );
}

/** Without a query: the topics to browse. */
function Browse({ site, lang }: { site: SiteConfig; lang: Lang }) {
  const t = catalogue(lang).search;
  return (
    <section class="search-browse" aria-labelledby="search-browse-heading">
      <h2 id="search-browse-heading">{t.browse}</h2>
      <ul>
        {cataloguedTopics().map((topic) => (
          <li>
            <a href={topicUrl(site, topic, lang)}>{topicLabel(topic, lang)}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The search page in `lang`: the form, then the results of the search, or the topics to
 * browse when there is no query. Never indexed by search engines (robots noindex): a results
 * page is a view of pages they index already. Links the search's feeds for autodiscovery.
 */
export function SearchPage({ view }: { view: SearchView }) {
  const { site, lang, search, found } = view;
  const t = catalogue(lang).search;
  const alternates = Object.fromEntries(LANGUAGES.map((l) => [l, search ? searchAddress(site, l, search, view.paging) : localUrl(site, l, '/search')]));
  const feeds = search ? [{ title: t.feedTitle(search.q), ...followLinks(site, lang, search) }] : [];
  return (
    <Layout
      title={`${search ? t.titleFor(search.q) : t.title} · ${site.names[lang].title}`}
      site={site}
      lang={lang}
      feeds={feeds}
      canonical={alternates[lang]}
      alternates={alternates}
      head={<meta name="robots" content="noindex, follow" />}
    >
      <div class="search-page wide">
        <div class="search-head">
          <h1>{t.title}</h1>
          {!view.values.q.trim() && <p class="search-intro">{t.intro}</p>}
          <SearchForm site={site} lang={lang} values={view.values} errors={view.errors} />
          {!search && <p class="search-tips">{t.tips}</p>}
        </div>
        {search && found ? <Results view={view} search={search} found={found} /> : view.errors.length === 0 && <Browse site={site} lang={lang} />}
      </div>
    </Layout>
  );
}

/** The page of too many searches from one network (429): the message, and the form to try again later. */
export function TooManyPage({ site, lang }: { site: SiteConfig; lang: Lang }) {
  const t = catalogue(lang).search;
  return (
    <Layout title={`${t.tooManyTitle} · ${site.names[lang].title}`} site={site} lang={lang} feeds={[]} head={<meta name="robots" content="noindex" />}>
      <div class="search-page">
        <h1>{t.tooManyTitle}</h1>
        <p class="lede">{t.tooMany}</p>
      </div>
    </Layout>
  );
}
