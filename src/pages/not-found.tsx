import type { SiteConfig } from '../config.ts';
import { scopeUrls } from '../feeds/urls.ts';
import { ALL } from '../store/keys.ts';
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
