import type { SiteConfig } from '../common/config.ts';
import { catalogue, LANGUAGE_TAGS, type Lang } from '../common/i18n/index.ts';
import { localUrl } from '../common/urls.ts';

/*
 * The site's search as every page offers it: the masthead's box (or link) and the name a
 * browser gives the search (OpenSearch). The search pages themselves are src/search's.
 */

/**
 * The name a browser gives the site's search (OpenSearch's ShortName, at most 16
 * characters; the `title` of every page's `rel="search"` link): the short name in `lang`,
 * cut between graphemes, and at a space where the cut would split a word.
 */
export function searchShortName(site: Pick<SiteConfig, 'names'>, lang: Lang): string {
  const name = site.names[lang].short;
  if ([...name].length <= 16) return name;
  let cut = '';
  for (const { segment } of new Intl.Segmenter(LANGUAGE_TAGS[lang], { granularity: 'grapheme' }).segment(name)) {
    if ([...cut + segment].length > 16) break;
    cut += segment;
  }
  const rest = name.slice(cut.length);
  const space = cut.lastIndexOf(' ');
  return (!/^\s/.test(rest) && space > 0 ? cut.slice(0, space) : cut).trim();
}

/** A magnifying glass, drawn in the text's colour; its meaning is said in words beside it. */
const SearchIcon = () => (
  <svg class="search-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
    <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" stroke-width="2.2" />
    <path d="M15.5 15.5 21 21" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" />
  </svg>
);

/**
 * The masthead's search: a box from a tablet's width up; on a phone, where the sections fill
 * the row, a link to the search page (which has the box) instead, so the nav keeps its room.
 */
export function MastheadSearch({ site, lang }: { site: Pick<SiteConfig, 'siteUrl'>; lang: Lang }) {
  const t = catalogue(lang).search.masthead;
  const action = localUrl(site, lang, '/search');
  return (
    <>
      <form class="masthead-search" role="search" action={action} method="get" aria-label={t.label}>
        <label class="visually-hidden" for="masthead-q">
          {t.label}
        </label>
        <input id="masthead-q" type="search" name="q" placeholder={t.placeholder} maxlength={200} enterkeyhint="search" />
        <button type="submit">
          <SearchIcon />
          <span class="visually-hidden">{t.button}</span>
        </button>
      </form>
      <a class="masthead-search-link" href={action}>
        <SearchIcon />
        <span class="visually-hidden">{t.button}</span>
      </a>
    </>
  );
}
