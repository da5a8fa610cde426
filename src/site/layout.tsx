import type { Child } from 'hono/jsx';
import { LOGO_HEIGHT, LOGO_PATH, LOGO_WIDTH } from './brand.ts';
import { MastheadSearch, searchShortName } from './search-box.tsx';
import { stylesheet } from './stylesheet.ts';
import type { SiteConfig } from '../common/config.ts';
import { catalogue, LANGUAGE_TAGS, LANGUAGES, type Lang, uiLanguage } from '../common/i18n/index.ts';
import { homeUrl, localUrl } from '../common/urls.ts';

export interface FeedLinks {
  title: string;
  rss: string;
  atom: string;
  json: string;
}

/** The sections of the site, in the masthead and the footer: their key in the catalogue and their path in a language. */
const SECTIONS = [
  ['reports', '/'],
  ['events', '/events'],
  ['topics', '/topics'],
  ['archive', '/archive'],
  ['newsletter', '/subscribe'],
  ['follow', '/follow'],
] as const;
type Section = (typeof SECTIONS)[number][0];

/**
 * The section a page belongs to, from its address in its language (`/zh/topics/t/events` is
 * in Events, `/reports/…` in Reports, `/digests/…` in Newsletter), and whether it is the
 * section's own page. Null for an address in none (a not-found page).
 */
export function sectionOf(path: string): { section: Section; exact: boolean } | null {
  const local = path.replace(/^\/(?:zh|en)(?=\/|$)/, '') || '/';
  const rules: [RegExp, Section][] = [
    [/^\/$|^\/reports\//, 'reports'],
    [/^(?:\/topics\/[^/]+)?\/events(?:\/|$)/, 'events'],
    [/^(?:\/topics\/[^/]+)?\/archive(?:\/|$)/, 'archive'],
    [/^\/topics(?:\/|$)/, 'topics'],
    [/^\/(?:subscribe|digests?|confirm|preferences|unsubscribe)(?:\/|$)/, 'newsletter'],
    [/^\/follow$/, 'follow'],
  ];
  const found = rules.find(([pattern]) => pattern.test(local));
  if (!found) return null;
  const own = SECTIONS.find(([key]) => key === found[1])![1];
  return { section: found[1], exact: local === own };
}

/** The six sections as links, the current one marked (`aria-current`). */
function Sections({ site, lang, here, label }: { site: Pick<SiteConfig, 'siteUrl'>; lang: Lang; here: ReturnType<typeof sectionOf>; label: string }) {
  const t = catalogue(lang).site;
  return (
    <nav class="sections" aria-label={label}>
      <ul>
        {SECTIONS.map(([key, path]) => (
          <li>
            <a href={localUrl(site, lang, path)} aria-current={here?.section === key ? (here.exact ? 'page' : 'true') : undefined}>
              {t.nav[key]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The frame of every page, in one interface language: `<html lang>`, one autodiscovery
 * `<link rel="alternate">` per feed the page offers, reciprocal `hreflang` links to the
 * page's versions in other languages (and `x-default`), and a visible switch to the same
 * page in the other language, or to that language's home when the page has no version
 * there. Every page links the site's search in its language (OpenSearch, `rel="search"`, so
 * browsers offer it) and has a search box in the masthead. Readable without JavaScript and
 * on narrow screens. All text goes through JSX, which escapes it.
 */
export function Layout(props: {
  title: string;
  site: Pick<SiteConfig, 'siteUrl' | 'names' | 'accent' | 'logo'>;
  /** The interface language, or a report's own language tag (its interface is that language's). */
  lang: string;
  feeds: FeedLinks[];
  children: Child;
  canonical?: string;
  head?: Child;
  /** The page in each language it exists in (this one included); absent, the page exists in its language only. */
  alternates?: Partial<Record<Lang, string>>;
}) {
  const lang = uiLanguage(props.lang);
  const t = catalogue(lang).site;
  const name = props.site.names[lang].title;
  const home = homeUrl(props.site, lang);
  const alternates = props.alternates ?? (props.canonical ? { [lang]: props.canonical } : {});
  const versions = LANGUAGES.filter((l) => alternates[l] !== undefined);
  const xDefault = alternates[LANGUAGES[0]] ?? (versions[0] ? alternates[versions[0]] : undefined);
  const self = props.canonical ?? alternates[lang];
  const here = self ? sectionOf(new URL(self).pathname) : null;
  const sheet = stylesheet(props.site.accent);
  const switchTo = LANGUAGES.filter((l) => l !== lang).map((l) => (
    <a href={alternates[l] ?? homeUrl(props.site, l)} hreflang={LANGUAGE_TAGS[l]} lang={LANGUAGE_TAGS[l]}>
      {catalogue(l).site.languageName}
    </a>
  ));
  return (
    <html lang={LANGUAGE_TAGS[lang]}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <link rel="stylesheet" href={sheet.path} />
        <link rel="icon" href="/favicon.ico" sizes="48x48" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="apple-touch-icon" href="/apple-touch-icon.png" />
        <meta name="theme-color" content={props.site.accent} />
        {props.canonical && <link rel="canonical" href={props.canonical} />}
        {versions.length > 1 && [
          ...versions.map((l) => <link rel="alternate" hreflang={LANGUAGE_TAGS[l]} href={alternates[l]} />),
          <link rel="alternate" hreflang="x-default" href={xDefault} />,
        ]}
        {props.feeds.flatMap((feed) => [
          <link rel="alternate" type="application/rss+xml" title={`${feed.title} (RSS)`} href={feed.rss} />,
          <link rel="alternate" type="application/atom+xml" title={`${feed.title} (Atom)`} href={feed.atom} />,
          <link rel="alternate" type="application/feed+json" title={`${feed.title} (JSON Feed)`} href={feed.json} />,
        ])}
        <link rel="search" type="application/opensearchdescription+xml" title={searchShortName(props.site, lang)} href={localUrl(props.site, lang, '/opensearch.xml')} />
        {props.head}
      </head>
      <body>
        <a class="skip" href="#content">
          {t.skip}
        </a>
        <header class="masthead">
          <div class="frame masthead-row">
            {props.site.logo === 'svg' ? (
              <a class="brand" href={home} aria-label={t.homeLabel(name)}>
                <img src={LOGO_PATH} alt={name} width={LOGO_WIDTH} height={LOGO_HEIGHT} />
              </a>
            ) : (
              <a class="brand wordmark" href={home}>
                {name}
              </a>
            )}
            <MastheadSearch site={props.site} lang={lang} />
            <nav class="languages" aria-label={t.switchLabel}>
              {switchTo}
            </nav>
            <Sections site={props.site} lang={lang} here={here} label={t.navLabel} />
          </div>
        </header>
        <main id="content" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="frame">
            <Sections site={props.site} lang={lang} here={null} label={t.footerNavLabel} />
            <p class="footer-about">
              <strong>{name}</strong>
              {props.site.names[lang].description ? ` · ${props.site.names[lang].description}` : ''}
            </p>
            <ul class="footer-links">
              <li>
                <a href={localUrl(props.site, lang, '/follow')}>{t.footerFollow}</a>
              </li>
              <li>{switchTo}</li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}
