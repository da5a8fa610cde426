import type { SiteConfig } from '../common/config.ts';
import { catalogue, formatInstant, type Lang } from '../common/i18n/index.ts';
import { topicLabel } from '../common/topics.ts';
import { languageName } from '../feeds/list-page.tsx';
import { searchAddress } from './pagination.tsx';
import type { Paging, SearchRequest } from './params.ts';

/** A filter in force: how it is named, and the same search without it. */
interface ActiveFilter {
  name: string;
  without: SearchRequest;
}

/** The filters of `search`, each named in `lang` with the search that drops it (the first page of it). */
export function activeFilters(search: SearchRequest, lang: Lang): ActiveFilter[] {
  const t = catalogue(lang).search.filterNames;
  const day = (date: string) => formatInstant(Date.parse(`${date}T00:00:00Z`), lang, 'UTC');
  const kinds: Record<string, string> = catalogue(lang).events.kinds;
  const filters: ActiveFilter[] = search.topics.map((topic) => ({ name: t.topic(topicLabel(topic, lang)), without: { ...search, topics: search.topics.filter((x) => x !== topic) } }));
  if (search.lang) filters.push({ name: t.lang(languageName(search.lang, lang)), without: { ...search, lang: undefined } });
  if (search.kind) filters.push({ name: t.kind(kinds[search.kind] ?? search.kind), without: { ...search, kind: undefined } });
  if (search.from) filters.push({ name: t.from(day(search.from)), without: { ...search, from: undefined } });
  if (search.to) filters.push({ name: t.to(day(search.to)), without: { ...search, to: undefined } });
  return filters;
}

/** The search with no filter: the query alone. */
const unfiltered = (search: SearchRequest): SearchRequest => ({ q: search.q, terms: search.terms, topics: [] });

interface Props {
  site: Pick<SiteConfig, 'siteUrl'>;
  lang: Lang;
  search: SearchRequest;
  paging: Paging;
}

/** The filter links: each drops its filter (its accessible name says so), and one drops them all. */
function FilterLinks({ site, lang, search, paging, filters }: Props & { filters: ActiveFilter[] }) {
  const t = catalogue(lang).search;
  const first = { ...paging, page: 1 };
  return (
    <ul class="search-filter-chips">
      {filters.map((filter) => (
        <li>
          <a class="search-chip" href={searchAddress(site, lang, filter.without, first)} aria-label={t.remove(filter.name)}>
            {filter.name}
            <span class="search-chip-x" aria-hidden="true">
              ×
            </span>
          </a>
        </li>
      ))}
      {filters.length > 1 && (
        <li>
          <a class="search-chip-all" href={searchAddress(site, lang, unfiltered(search), first)}>
            {t.removeAll}
          </a>
        </li>
      )}
    </ul>
  );
}

/** Under the count: the filters in force, each removable. Nothing when there are none. */
export function ActiveFilters(props: Props) {
  const filters = activeFilters(props.search, props.lang);
  if (filters.length === 0) return null;
  return (
    <div class="search-active">
      <span class="search-active-label">{catalogue(props.lang).search.filteredBy}</span>
      <FilterLinks {...props} filters={filters} />
    </div>
  );
}

/**
 * No report matches: with filters, a link dropping each (and one dropping all), since fewer
 * filters may find more; always, what else to try.
 */
export function NoResults(props: Props) {
  const t = catalogue(props.lang).search;
  const filters = activeFilters(props.search, props.lang);
  return (
    <div class="search-none">
      {filters.length > 0 && (
        <>
          <p>{t.noResultsFiltered}</p>
          <FilterLinks {...props} filters={filters} />
          {filters.length === 1 && (
            <p>
              <a href={searchAddress(props.site, props.lang, unfiltered(props.search), { ...props.paging, page: 1 })}>{t.removeAll}</a>
            </p>
          )}
        </>
      )}
      <p class="muted">{t.noResultsTips}</p>
    </div>
  );
}
