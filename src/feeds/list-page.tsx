import type { FeedModel, FeedItem, FeedTopic } from './model.tsx';
import { type FeedLinks, Layout } from '../site/layout.tsx';
import { catalogue, LANGUAGE_TAGS, LANGUAGES, type Lang, langOfTag } from '../common/i18n/index.ts';
import { inLanguage } from '../common/scope.ts';
import { topicIntro, topicLabel } from '../common/topics.ts';
import { localUrl, scopeUrls } from '../common/urls.ts';
import { SubscribeForm } from '../subscriptions/form.tsx';
import { dayIn, monthIn } from './local-text.ts';
import { eventSpanIn, placeIn } from '../events/when.ts';

/** A card names at most this many topics; the report's page names them all. */
export const CARD_TOPICS = 3;

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

/**
 * A report's topics by label, the first {@link CARD_TOPICS} of them, then how many more its
 * page names. On a topic's page, that topic goes without saying.
 */
function TopicList({ topics: all, ui, except }: { topics: FeedTopic[]; ui: Lang; except?: string }) {
  const topics = all.filter((topic) => topic.name !== except);
  if (topics.length === 0) return null;
  const t = catalogue(ui).feeds;
  const more = topics.length - CARD_TOPICS;
  return (
    <ul class="topic-list" aria-label={t.topicsLabel} lang={LANGUAGE_TAGS[ui]}>
      {topics.slice(0, CARD_TOPICS).map((topic) => (
        <li>
          <a href={topic.url}>{topic.label}</a>
        </li>
      ))}
      {more > 0 && <li class="topic-more">{t.moreTopics(more)}</li>}
    </ul>
  );
}

/** The kind of the report's event, in the page's language: the card's kicker. */
function Kicker({ item, ui }: { item: FeedItem; ui: Lang }) {
  if (!item.event) return null;
  const kinds: Record<string, string> = catalogue(ui).events.kinds;
  return (
    <p class="kicker" lang={LANGUAGE_TAGS[ui]}>
      {kinds[item.event.kind] ?? kinds.other}
    </p>
  );
}

/** When and where the event is: the date in the page's language, the place as the report writes it. */
function EventLine({ item, ui, class: className }: { item: FeedItem; ui: Lang; class: string }) {
  const event = item.event;
  if (!event) return null;
  const place = placeIn(item.lang, event);
  return (
    <p class={className}>
      <span lang={LANGUAGE_TAGS[ui]}>{eventSpanIn(ui, event.start, event.end, event.timezone)}</span>
      {place && ` · ${place}`}
    </p>
  );
}

/** Publication date, the language it is shown in when not the page's, and its other versions. */
function Meta({ item, ui }: { item: FeedItem; ui: Lang }) {
  const t = catalogue(ui);
  return (
    <p class="meta" lang={LANGUAGE_TAGS[ui]}>
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
    </p>
  );
}

/** One report in a list: kicker, title (an `<h3>` under the list's heading), event line, summary, date, topics. */
function Card({ item, ui, topic }: { item: FeedItem; ui: Lang; topic?: string }) {
  return (
    <li class="card" lang={item.lang} dir="auto">
      <Kicker item={item} ui={ui} />
      <h3 class="card-title">
        <a href={item.url}>{item.title}</a>
      </h3>
      <EventLine item={item} ui={ui} class="card-event" />
      <p class="card-summary">{item.summary}</p>
      <Meta item={item} ui={ui} />
      <TopicList topics={item.topics} ui={ui} except={topic} />
    </li>
  );
}

/** The home page's newest report, given the room of a front page: kicker, headline, standfirst, event line. */
function Lead({ item, ui }: { item: FeedItem; ui: Lang }) {
  return (
    <article class="lead" lang={item.lang} dir="auto" aria-labelledby="lead-title">
      <Kicker item={item} ui={ui} />
      <h2 class="lead-title" id="lead-title">
        <a href={item.url}>{item.title}</a>
      </h2>
      <p class="standfirst">{item.summary}</p>
      <EventLine item={item} ui={ui} class="lead-event" />
      <Meta item={item} ui={ui} />
      <TopicList topics={item.topics} ui={ui} />
    </article>
  );
}

function Cards({ items, ui, topic }: { items: FeedItem[]; ui: Lang; topic?: string }) {
  return (
    <ol class="card-list">
      {items.map((item) => (
        <Card item={item} ui={ui} topic={topic} />
      ))}
    </ol>
  );
}

/**
 * The home page or a topic's page in one language (`/`, `/zh/`, `/zh/topics/t`): one entry
 * per translation group, in the page's language where it has a version, else in its own,
 * marked (or left out, as TRANSLATION_FALLBACK says). The home page leads with the newest
 * report and ends with a short subscribe card; a topic's page opens with the topic's label
 * and introduction.
 */
export function ListPage({ model }: { model: FeedModel }) {
  const ui = model.ui;
  const t = catalogue(ui);
  const scope = model.scope;
  const alternates = Object.fromEntries(LANGUAGES.map((lang) => [lang, scopeUrls(model.site, inLanguage(scope, lang)).home]));
  const [lead, ...rest] = model.items;
  const empty = model.items.length === 0 && <p class="empty">{scope.kind === 'all' ? t.feeds.none : t.feeds.noneInLanguage}</p>;
  return (
    <Layout title={model.title} site={model.site} lang={ui} feeds={feedsOf(model)} canonical={model.homeUrl} alternates={alternates}>
      {scope.kind === 'all' ? (
        <>
          <div class="list-head">
            <h1>{t.site.latest}</h1>
            <p class="list-intro">{model.description}</p>
          </div>
          {empty}
          {lead && <Lead item={lead} ui={ui} />}
          {rest.length > 0 && (
            <section class="list-section" aria-labelledby="more-reports">
              <h2 id="more-reports">{t.feeds.moreReports}</h2>
              <Cards items={rest} ui={ui} />
            </section>
          )}
        </>
      ) : (
        <>
          <div class="list-head topic-head">
            <p class="kicker">{t.feeds.topicKicker}</p>
            <h1>{topicLabel(scope.topic, ui)}</h1>
            {topicIntro(scope.topic, ui) && <p class="topic-intro">{topicIntro(scope.topic, ui)}</p>}
          </div>
          {empty}
          {model.items.length > 0 && (
            <section class="list-section" aria-labelledby="topic-reports">
              <h2 id="topic-reports">{t.site.latest}</h2>
              <Cards items={model.items} ui={ui} topic={scope.topic} />
            </section>
          )}
        </>
      )}
      {model.items.length > 0 && (
        <nav class="periods" aria-label={t.feeds.olderReports}>
          <a href={model.archiveUrl}>{t.feeds.allByMonth}</a>
          {model.olderMonth && <a href={model.olderMonth.url}>{t.feeds.andBefore(monthIn(model.olderMonth.month, ui))}</a>}
        </nav>
      )}
      {scope.kind === 'all' && (
        <section class="subscribe-card" aria-labelledby="subscribe-title">
          <h2 id="subscribe-title">{t.subscriptions.subscribeTitle}</h2>
          <p class="subscribe-intro">{t.subscriptions.subscribeIntro}</p>
          <SubscribeForm action={new URL(localUrl(model.site, ui, '/subscribe')).pathname} state={{ frequency: 'weekly', topics: [], lang: null, timeZone: model.timeZone, errors: [] }} topicsInUse={topicsOf(model)} lang={ui} short />
        </section>
      )}
    </Layout>
  );
}
