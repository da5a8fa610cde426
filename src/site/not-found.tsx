import type { Context } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import type { SiteConfig } from '../common/config.ts';
import { HTML_HEADERS } from '../common/http/security.ts';
import { scopeUrls } from '../common/urls.ts';
import { ALL } from '../common/scope.ts';
import { Layout } from './layout.tsx';

/** The page for any address that has no report, topic or feed. */
export function NotFoundPage({ site }: { site: SiteConfig }) {
  return (
    <Layout title={`Not found · ${site.title}`} siteTitle={site.title} homeUrl={`${site.siteUrl}/`} lang={site.lang} feeds={[{ title: site.title, ...scopeUrls(site, ALL) }]}>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. The <a href={`${site.siteUrl}/`}>latest reports</a> are on the home page.
      </p>
    </Layout>
  );
}

/** The page shown when a scope or report does not exist. */
export function notFound(c: Context<AppEnv>): Response {
  return c.html(`<!doctype html>${NotFoundPage({ site: c.var.site })}`, 404, { ...HTML_HEADERS, 'cache-control': 'public, max-age=60' });
}
