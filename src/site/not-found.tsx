import type { Context } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import type { SiteConfig } from '../common/config.ts';
import { HTML_HEADERS } from '../common/http/security.ts';
import { catalogue, type Lang, LANGUAGES } from '../common/i18n/index.ts';
import { homeUrl, scopeUrls } from '../common/urls.ts';
import { ALL, inLanguage } from '../common/scope.ts';
import { Layout } from './layout.tsx';

/** The page for any address that has no report, topic or feed, in the language of the address. */
export function NotFoundPage({ site, lang = LANGUAGES[0] }: { site: SiteConfig; lang?: Lang }) {
  const t = catalogue(lang).site;
  return (
    <Layout title={`${t.notFoundTitle} · ${site.names[lang].title}`} site={site} lang={lang} feeds={[{ title: site.names[lang].title, ...scopeUrls(site, inLanguage(ALL, lang)) }]}>
      <h1>{t.notFoundTitle}</h1>
      <p>
        {t.notFound[0]}
        <a href={homeUrl(site, lang)}>{t.notFoundHome}</a>
        {t.notFound[1]}
      </p>
    </Layout>
  );
}

/** The page shown when a scope or report does not exist: in Chinese under `/zh/`, else in English. */
export function notFound(c: Context<AppEnv>, lang: Lang = c.req.path === '/zh' || c.req.path.startsWith('/zh/') ? 'zh' : LANGUAGES[0]): Response {
  return c.html(`<!doctype html>${NotFoundPage({ site: c.var.site, lang })}`, 404, { ...HTML_HEADERS, 'cache-control': 'public, max-age=60' });
}
