import type { Child } from 'hono/jsx';
import type { SiteConfig } from '../common/config.ts';
import { type Lang, uiLanguage } from '../common/i18n/index.ts';
import { scopeUrls } from '../common/urls.ts';
import { Layout } from '../site/layout.tsx';
import { ALL, inLanguage } from '../common/scope.ts';

/**
 * A page of the subscription flow: one heading, a message, maybe a form; linking the feeds
 * of its language. `alternates`: the same page in each language, where it has one (the
 * sign-up form); pages behind a subscriber's link have none, their language being the
 * subscriber's choice.
 */
export function SubscriptionPage(props: { site: SiteConfig; lang: string; title: string; children: Child; alternates?: Partial<Record<Lang, string>> }) {
  const { site } = props;
  const lang = uiLanguage(props.lang);
  const title = site.names[lang].title;
  return (
    <Layout title={`${props.title} · ${title}`} site={site} lang={lang} feeds={[{ title, ...scopeUrls(site, inLanguage(ALL, lang)) }]} alternates={props.alternates}>
      <h1>{props.title}</h1>
      {props.children}
    </Layout>
  );
}

/**
 * A form with one button that POSTs `fields` to `action`: how a link from an email changes
 * anything. `secondary`: the lesser action of a page (unsubscribe beside Save), outlined.
 */
export function ButtonForm(props: { action: string; fields: Record<string, string>; label: string; variant?: 'primary' | 'secondary' }) {
  const secondary = props.variant === 'secondary';
  return (
    <form method="post" action={props.action} class={secondary ? 'button-form' : 'subscribe'}>
      {Object.entries(props.fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={secondary ? 'secondary' : undefined}>
        {props.label}
      </button>
    </form>
  );
}
