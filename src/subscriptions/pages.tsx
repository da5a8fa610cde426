import type { Child } from 'hono/jsx';
import type { SiteConfig } from '../common/config.ts';
import { scopeUrls } from '../common/urls.ts';
import { Layout } from '../site/layout.tsx';
import { ALL } from '../common/scope.ts';

/** A page of the subscription flow: one heading, a message, maybe a form. */
export function SubscriptionPage(props: { site: SiteConfig; lang: string; title: string; children: Child }) {
  const { site } = props;
  return (
    <Layout title={`${props.title} · ${site.title}`} site={site} lang={props.lang} feeds={[{ title: site.title, ...scopeUrls(site, ALL) }]}>
      <h1>{props.title}</h1>
      {props.children}
    </Layout>
  );
}

/** A page with one button that POSTs `fields` to `action`: how a link from an email changes anything. */
export function ButtonForm(props: { action: string; fields: Record<string, string>; label: string }) {
  return (
    <form method="post" action={props.action} class="subscribe">
      {Object.entries(props.fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit">{props.label}</button>
    </form>
  );
}
