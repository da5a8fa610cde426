import type { Child } from 'hono/jsx';
import type { SiteConfig } from '../config.ts';
import { scopeUrls } from '../feeds/urls.ts';
import { Layout } from '../pages/layout.tsx';
import { ALL } from '../store/keys.ts';

/** Style of the subscription forms; the layout includes it on every page. */
export const FORM_STYLE = `form.subscribe label,form.subscribe fieldset{display:block;margin:.8rem 0}form.subscribe input:not([type=radio]):not([type=checkbox]){display:block;width:100%;max-width:28rem;font:inherit;padding:.4rem;margin-top:.2rem}
form.subscribe .choice{display:inline-block;margin:.2rem 1rem .2rem 0}form.subscribe fieldset{border:1px solid var(--line);border-radius:6px}
form button{font:inherit;padding:.5rem 1.2rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:var(--bg);cursor:pointer}.error{color:#b3261e;display:block}`;

/** A page of the subscription flow: one heading, a message, maybe a form. */
export function SubscriptionPage(props: { site: SiteConfig; lang: string; title: string; children: Child }) {
  const { site } = props;
  return (
    <Layout title={`${props.title} · ${site.title}`} siteTitle={site.title} homeUrl={`${site.siteUrl}/`} lang={props.lang} feeds={[{ title: site.title, ...scopeUrls(site, ALL) }]}>
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
