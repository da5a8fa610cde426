import type { SiteConfig } from '../common/config.ts';
import { catalogue, LANGUAGE_TAGS, type Lang } from '../common/i18n/index.ts';
import { localUrl } from '../common/urls.ts';
import { searchShortName } from '../site/search-box.tsx';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const xml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

/**
 * The site's OpenSearch 1.1 description in `lang`, which every page links (`rel="search"`),
 * so a browser can offer the site's search from its address bar: the results page, and the
 * same search as an Atom feed. `{searchTerms}` is the template's one parameter.
 *
 * @example renderOpenSearch(site, 'zh') // '<?xml …><OpenSearchDescription …><ShortName>Herald</ShortName>…'
 */
export function renderOpenSearch(site: Pick<SiteConfig, 'siteUrl' | 'names'>, lang: Lang): string {
  const t = catalogue(lang).search;
  const url = (path: string) => xml(localUrl(site, lang, path));
  return `<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>${xml(searchShortName(site, lang))}</ShortName>
  <Description>${xml(t.openSearchDescription(site.names[lang].title))}</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <OutputEncoding>UTF-8</OutputEncoding>
  <Language>${LANGUAGE_TAGS[lang]}</Language>
  <Image height="48" width="48" type="image/x-icon">${xml(`${site.siteUrl}/favicon.ico`)}</Image>
  <Url type="text/html" method="get" template="${url('/search')}?q={searchTerms}"/>
  <Url type="application/atom+xml" method="get" template="${url('/search/atom.xml')}?q={searchTerms}"/>
  <Url type="application/opensearchdescription+xml" rel="self" template="${url('/opensearch.xml')}"/>
</OpenSearchDescription>
`;
}
