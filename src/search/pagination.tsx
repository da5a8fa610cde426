import type { SiteConfig } from '../common/config.ts';
import { catalogue, type Lang } from '../common/i18n/index.ts';
import { localUrl } from '../common/urls.ts';
import { canonicalParams, DEFAULT_PER_PAGE, type Paging, type SearchRequest } from './params.ts';

/**
 * The address of a search's results page in `lang`: its parameters in the one canonical order
 * (canonicalParams), then the page (from 2) and the page size (when not the default), so
 * every link to the same page of the same search is the same address.
 */
export function searchAddress(site: Pick<SiteConfig, 'siteUrl'>, lang: Lang, search: SearchRequest, paging: Paging): string {
  const page = paging.page > 1 ? `&page=${paging.page}` : '';
  const size = paging.perPage !== DEFAULT_PER_PAGE ? `&per_page=${paging.perPage}` : '';
  return `${localUrl(site, lang, '/search')}?${canonicalParams(search)}${page}${size}`;
}

/** The same search at page `page`. */
export const pageAddress = (site: Pick<SiteConfig, 'siteUrl'>, lang: Lang, search: SearchRequest, paging: Paging, page: number) => searchAddress(site, lang, search, { ...paging, page });

/** The pages to offer around `page` of `pages`: the first, the last, two either side, and gaps (null) between. */
export function pageNumbers(page: number, pages: number): (number | null)[] {
  const shown = [...new Set([1, pages, ...[-2, -1, 0, 1, 2].map((d) => page + d)])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  return shown.flatMap((n, i) => (i > 0 && n - shown[i - 1]! > 1 ? [null, n] : [n]));
}

/** Previous and next, and the page numbers, as links; nothing when the results fit one page. */
export function Pagination({ site, lang, search, paging, total }: { site: Pick<SiteConfig, 'siteUrl'>; lang: Lang; search: SearchRequest; paging: Paging; total: number }) {
  const pages = Math.ceil(total / paging.perPage);
  if (pages <= 1) return null;
  const t = catalogue(lang).search;
  const href = (n: number) => pageAddress(site, lang, search, paging, n);
  return (
    <nav class="pagination" aria-label={t.pagesLabel}>
      <ul>
        {paging.page > 1 && (
          <li class="pagination-step">
            <a rel="prev" href={href(Math.min(paging.page - 1, pages))}>
              <span aria-hidden="true">←</span>
              {t.previous}
            </a>
          </li>
        )}
        {pageNumbers(paging.page, pages).map((n) =>
          n === null ? (
            <li class="pagination-gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li>
              <a href={href(n)} aria-label={t.pageLabel(n)} aria-current={n === paging.page ? 'page' : undefined}>
                {n}
              </a>
            </li>
          ),
        )}
        {paging.page < pages && (
          <li class="pagination-step">
            <a rel="next" href={href(paging.page + 1)}>
              {t.next}
              <span aria-hidden="true">→</span>
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}
