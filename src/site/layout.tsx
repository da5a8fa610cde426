import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { FORM_STYLE } from './style.ts';
import type { SiteConfig } from '../common/config.ts';
import { catalogue, LANGUAGE_TAGS, LANGUAGES, type Lang, uiLanguage } from '../common/i18n/index.ts';
import { homeUrl, localUrl } from '../common/urls.ts';

export interface FeedLinks {
  title: string;
  rss: string;
  atom: string;
  json: string;
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1d1d1f;--muted:#5f6368;--bg:#fff;--line:#e3e3e3;--accent:#0b57d0}
@media(prefers-color-scheme:dark){:root{--fg:#e8e8e8;--muted:#a0a0a0;--bg:#141414;--line:#333;--accent:#8ab4f8}}
*{box-sizing:border-box}body{margin:0;font:17px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}header{padding-top:1.5rem;border-bottom:1px solid var(--line)}
header{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;flex-wrap:wrap}header a.site{font-weight:700;font-size:1.3rem;color:inherit;text-decoration:none}nav.languages a{font-size:.95rem}a{color:var(--accent);overflow-wrap:anywhere}
h1{font-size:1.7rem;line-height:1.25;margin:1.5rem 0 .5rem}h2{font-size:1.2rem}.meta,.muted{color:var(--muted);font-size:.9rem}
ol.reports{list-style:none;padding:0}ol.reports li{padding:1rem 0;border-bottom:1px solid var(--line)}ol.reports h2{margin:.2rem 0}
.topics a{display:inline-block;margin-right:.5rem}.event{border:1px solid var(--line);border-radius:8px;padding:.5rem 1rem;margin:1rem 0}
.event h2{margin:.3rem 0}.event dt{font-weight:600;margin-top:.4rem}.event dd{margin:0}.event ul{margin:0;padding-left:1.2rem}
nav.feeds a{margin-right:1rem}nav.periods{margin:1rem 0;display:flex;gap:1rem;flex-wrap:wrap}ul.archive-years li{margin:.4rem 0}img{max-width:100%;height:auto}pre{overflow-x:auto}footer{padding:2rem 1rem;color:var(--muted);font-size:.9rem}
`;

/**
 * The frame of every page, in one interface language: `<html lang>`, one autodiscovery
 * `<link rel="alternate">` per feed the page offers, reciprocal `hreflang` links to the
 * page's versions in other languages (and `x-default`), and a visible switch to the same
 * page in the other language, or to that language's home when the page has no version
 * there. Readable without JavaScript and on narrow screens. All text goes through JSX,
 * which escapes it.
 */
export function Layout(props: {
  title: string;
  site: Pick<SiteConfig, 'siteUrl' | 'names'>;
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
  const home = homeUrl(props.site, lang);
  const local = (path: string) => localUrl(props.site, lang, path);
  const alternates = props.alternates ?? (props.canonical ? { [lang]: props.canonical } : {});
  const versions = LANGUAGES.filter((l) => alternates[l] !== undefined);
  const xDefault = alternates[LANGUAGES[0]] ?? (versions[0] ? alternates[versions[0]] : undefined);
  return (
    <html lang={LANGUAGE_TAGS[lang]}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
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
        <style>{raw(STYLE + FORM_STYLE)}</style>
        {props.head}
      </head>
      <body>
        <header>
          <a class="site" href={home}>
            {props.site.names[lang].title}
          </a>
          <nav class="languages" aria-label={t.switchLabel}>
            {LANGUAGES.filter((l) => l !== lang).map((l) => (
              <a href={alternates[l] ?? homeUrl(props.site, l)} hreflang={LANGUAGE_TAGS[l]} lang={LANGUAGE_TAGS[l]}>
                {catalogue(l).site.languageName}
              </a>
            ))}
          </nav>
        </header>
        <main>{props.children}</main>
        <footer>
          <nav class="feeds">
            <a href={local('/archive')}>{t.nav.archive}</a> · <a href={local('/events')}>{t.nav.events}</a> · <a href={local('/digest')}>{t.nav.digest}</a> · <a href={local('/subscribe')}>{t.nav.subscribe}</a>
            <br />
            {t.follow}{props.feeds.map((feed) => (
              <span>
                <a href={feed.rss}>RSS</a> <a href={feed.atom}>Atom</a> <a href={feed.json}>JSON Feed</a>
                {props.feeds.length > 1 ? ` (${feed.title}) ` : ''}
              </span>
            ))}
          </nav>
        </footer>
      </body>
    </html>
  );
}
