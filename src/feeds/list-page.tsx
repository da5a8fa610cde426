import type { FeedModel, FeedItem } from './model.tsx';
import { raw } from 'hono/html';
import { type FeedLinks, Layout } from '../site/layout.tsx';
import { catalogue, LANGUAGE_TAGS, LANGUAGES, type Lang, langOfTag } from '../common/i18n/index.ts';
import { inLanguage } from '../common/scope.ts';
import { localUrl, scopeUrls } from '../common/urls.ts';
import { SubscribeForm } from '../subscriptions/form.tsx';
import { dayIn, eventLineIn, monthIn } from './local-text.ts';

/** A summary may hold an address or a word longer than a phone is wide: it wraps rather than pushing the page sideways. */
const LIST_STYLE = 'ol.reports p,ol.reports h2{overflow-wrap:anywhere}.only-in{font-weight:600}';

/** The topics of the listed reports: what the home page's subscribe form offers, at no extra read. */
const topicsOf = (model: FeedModel) => [...new Set(model.items.flatMap((item) => item.topics.map((topic) => topic.name)))].sort();

/** A language's name as a reader of `ui` calls it: the catalogue's, else Intl's, else the tag. */
export function languageName(tag: string, ui: Lang): string {
  const known = catalogue(ui).site.languages[langOfTag(tag) ?? ''];
  if (known) return known;
  try {
    return new Intl.DisplayNames([LANGUAGE_TAGS[ui]], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/**
 * The feeds a list page offers for autodiscovery: its language's first (what a reader of the
 * page expects), then the feed of every language (each version of every report, the address
 * subscribers have had all along).
 */
function feedsOf(model: FeedModel): FeedLinks[] {
  const t = catalogue(model.ui).feeds;
  const own = scopeUrls(model.site, model.scope);
  const every = scopeUrls(model.site, inLanguage(model.scope, null));
  return [
    { title: t.feedInLanguage, rss: own.rss, atom: own.atom, json: own.json },
    { title: t.feedEveryLanguage, rss: every.rss, atom: every.atom, json: every.json },
  ];
}

function Entry({ item, ui }: { item: FeedItem; ui: Lang }) {
  const t = catalogue(ui);
  const uiTag = LANGUAGE_TAGS[ui];
  return (
    <li lang={item.lang} dir="auto">
      <h2>
        <a href={item.url}>{item.title}</a>
      </h2>
      <div class="meta" lang={uiTag}>
        {item.fallback && <strong class="only-in">{t.site.onlyIn(languageName(item.lang, ui))}</strong>}
        {item.fallback && ' · '}
        {t.feeds.published[0]}
        <time datetime={item.published}>{dayIn(item.published, ui)}</time>
        {t.feeds.published[1]}
        {item.translations.length > 0 && [
          ' · ',
          `${t.site.alsoIn}${t.feeds.colon}`,
          ...item.translations.map((v, i) => [
            i > 0 ? t.feeds.separator : '',
            <a href={v.url} hreflang={v.lang} lang={v.lang}>
              {languageName(v.lang, langOfTag(v.lang) ?? ui)}
            </a>,
          ]),
        ]}
      </div>
      {item.event && <div class="meta">{eventLineIn(item.event, item.lang)}</div>}
      <p>{item.summary}</p>
      {item.topics.length > 0 && (
        <div class="topics">
          {item.topics.map((topic) => (
            <a href={topic.url}>#{topic.name}</a>
          ))}
        </div>
      )}
    </li>
  );
}

/**
 * The home page or a topic's page in one language (`/`, `/zh/`, `/zh/topics/t`): one entry
 * per translation group, in the page's language where it has a version, else in its own,
 * marked (or left out, as TRANSLATION_FALLBACK says).
 */
export function ListPage({ model }: { model: FeedModel }) {
  const ui = model.ui;
  const t = catalogue(ui);
  const heading = model.scope.kind === 'all' ? t.site.latest : t.site.topic(model.scope.topic);
  const alternates = Object.fromEntries(LANGUAGES.map((lang) => [lang, scopeUrls(model.site, inLanguage(model.scope, lang)).home]));
  return (
    <Layout title={model.title} site={model.site} lang={ui} feeds={feedsOf(model)} canonical={model.homeUrl} alternates={alternates} head={<style>{raw(LIST_STYLE)}</style>}>
      <h1>{heading}</h1>
      <p class="muted">{model.description}</p>
      {model.items.length === 0 && <p>{model.scope.kind === 'all' ? t.feeds.none : t.feeds.noneInLanguage}</p>}
      <ol class="reports">
        {model.items.map((item) => (
          <Entry item={item} ui={ui} />
        ))}
      </ol>
      {model.items.length > 0 && (
        <nav class="periods" aria-label={t.feeds.olderReports}>
          <a href={model.archiveUrl}>{t.feeds.allByMonth}</a>
          {model.olderMonth && <a href={model.olderMonth.url}>{t.feeds.andBefore(monthIn(model.olderMonth.month, ui))}</a>}
        </nav>
      )}
      {model.scope.kind === 'all' && (
        <section class="subscribe-box">
          <h2>{t.subscriptions.subscribeTitle}</h2>
          <p class="muted">{t.subscriptions.subscribeIntro}</p>
          <SubscribeForm action={new URL(localUrl(model.site, ui, '/subscribe')).pathname} state={{ frequency: 'weekly', topics: [], lang: null, timeZone: model.timeZone, errors: [] }} topicsInUse={topicsOf(model)} lang={ui} />
        </section>
      )}
    </Layout>
  );
}
