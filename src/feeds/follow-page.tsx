import type { Child } from 'hono/jsx';
import type { SiteConfig } from '../common/config.ts';
import { catalogue, LANGUAGES, type Lang } from '../common/i18n/index.ts';
import { ALL, inLanguage } from '../common/scope.ts';
import { localUrl, scopeUrls } from '../common/urls.ts';
import { type FeedLinks, Layout } from '../site/layout.tsx';
import { type FeedEntry, feedDirectory, orderTopics, topicEntry } from './directory.ts';
import { opmlUrl } from './opml.ts';

/** The copy buttons' script (served as /assets/follow.js under `script-src 'self'`). */
export const FOLLOW_SCRIPT_PATH = '/assets/follow.js';

/** A language's feeds for autodiscovery: its own, then every language's (as the list pages offer them). */
function autodiscovery(site: SiteConfig, lang: Lang): FeedLinks[] {
  const t = catalogue(lang).feeds;
  return [
    { title: t.feedInLanguage, ...scopeUrls(site, inLanguage(ALL, lang)) },
    { title: t.feedEveryLanguage, ...scopeUrls(site, ALL) },
  ];
}

const pageIn = (site: SiteConfig, path: string) => Object.fromEntries(LANGUAGES.map((l) => [l, localUrl(site, l, path)]));

/** An address that may wrap after each `/` on a narrow screen, rather than inside a word (`<wbr>` adds no character to a copy). */
const breakable = (url: string) => url.split('/').flatMap((part, i) => (i === 0 ? [part] : ['/', <wbr />, part]));

/**
 * An address to copy: shown in full (it wraps on a phone), with a button that copies it.
 * The button is hidden until the script runs: without script the address is there to select.
 */
function Address({ url, what, name, lang }: { url: string; what: string; name: string; lang: Lang }) {
  const t = catalogue(lang).follow;
  return (
    <div class="follow-address">
      <code translate="no">{breakable(url)}</code>
      <button type="button" class="follow-copy" data-copy={url} data-copied={t.copied} aria-label={t.copyLabel(what, name)} hidden>
        {t.copy}
      </button>
    </div>
  );
}

/** A feed or calendar: its name, its address to copy, then its other forms. */
function Row({ name, nameLang, url, what, lang, children }: { name: string; nameLang?: string; url: string; what: string; lang: Lang; children: Child }) {
  return (
    <li class="follow-item">
      <p class="follow-name" lang={nameLang}>
        {name}
      </p>
      <Address url={url} what={what} name={name} lang={lang} />
      <p class="follow-formats meta">{children}</p>
    </li>
  );
}

/** A feed's formats: the address shown is RSS, the same reports as Atom and JSON Feed. */
const formats = (feed: FeedEntry, lang: Lang) => ['RSS · ', catalogue(lang).follow.alsoAs, ' ', <a href={feed.atom}>Atom</a>, ' · ', <a href={feed.json}>JSON Feed</a>];

/** One way to follow: its heading (a target of the page's contents) and its explanation, then what it offers. */
function Section({ id, heading, text, children }: { id: string; heading: string; text: string; children: Child }) {
  return (
    <section id={id} class="follow-section">
      <h2>{heading}</h2>
      <p>{text}</p>
      {children}
    </section>
  );
}

/**
 * `/follow` and `/zh/follow`: the ways to follow the site in plain words (email, a feed
 * reader, a calendar), with every feed and calendar (each topic's too) and a copy button
 * for each address, and the OPML files for a one-step import.
 */
export function FollowPage({ site, lang, topicsInUse }: { site: SiteConfig; lang: Lang; topicsInUse: readonly string[] }) {
  const t = catalogue(lang).follow;
  const directory = feedDirectory(site, lang, topicsInUse);
  const alternates = pageIn(site, '/follow');
  const sections = [
    ['email', t.email.heading],
    ['feeds', t.feeds.heading],
    ['calendars', t.calendars.heading],
    ['topics', t.topics.heading],
  ] as const;
  return (
    <Layout title={`${t.title} · ${site.names[lang].title}`} site={site} lang={lang} feeds={autodiscovery(site, lang)} canonical={alternates[lang]} alternates={alternates} head={<script src={FOLLOW_SCRIPT_PATH} defer></script>}>
      <h1>{t.title}</h1>
      <p class="lede">{t.intro}</p>
      <div class="follow-layout wide">
        <nav class="follow-contents" aria-labelledby="follow-contents-title">
          <p class="follow-contents-title" id="follow-contents-title">
            {t.contentsLabel}
          </p>
          <ul>
            {sections.map(([id, heading]) => (
              <li>
                <a href={`#${id}`}>{heading}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="follow-main">
          <Section id="email" heading={t.email.heading} text={t.email.text}>
            <p class="follow-actions">
              <a class="button" href={localUrl(site, lang, '/subscribe')}>
                {t.email.subscribe}
              </a>
              <a href={directory.briefs.page}>{t.email.past}</a>
            </p>
            <ul class="follow-list">
              <Row name={t.email.feed} url={directory.briefs.atom} what={t.feed} lang={lang}>
                Atom
              </Row>
            </ul>
          </Section>

          <Section id="feeds" heading={t.feeds.heading} text={t.feeds.text}>
            <ul class="follow-list">
              {directory.main.map((feed) => (
                <Row name={feed.name} nameLang={feed.nameLang} url={feed.rss} what={t.feed} lang={lang}>
                  {formats(feed, lang)}
                </Row>
              ))}
            </ul>
            <p class="meta">{t.feeds.formats}</p>
            <p>{t.feeds.allAtOnce}</p>
            <ul class="follow-opml">
              {([[lang, t.feeds.opmlLanguage], [null, t.feeds.opmlEvery]] as const).map(([of, label]) => (
                <li>
                  <a href={opmlUrl(site, of)} download>
                    {label}
                  </a>{' '}
                  <span class="meta">(OPML)</span>
                </li>
              ))}
            </ul>
          </Section>

          <Section id="calendars" heading={t.calendars.heading} text={t.calendars.text}>
            <ul class="follow-list">
              {directory.calendars.map((calendar) => (
                <Row name={calendar.name} url={calendar.ics} what={t.calendar} lang={lang}>
                  <a href={calendar.webcal}>{t.calendars.open}</a>
                </Row>
              ))}
            </ul>
          </Section>

          <Section id="topics" heading={t.topics.heading} text={t.topics.text}>
            {directory.topics.length === 0 && <p class="muted">{t.topics.none}</p>}
            <ul class="follow-topics">
              {directory.topics.map((topic) => (
                <li id={`topic-${topic.topic}`}>
                  <h3>
                    <a href={topic.page}>{topic.label}</a>
                  </h3>
                  <div class="follow-pair">
                    <span class="follow-kind">{t.feed}</span>
                    <Address url={topic.feed.rss} what={t.feed} name={topic.label} lang={lang} />
                  </div>
                  <div class="follow-pair">
                    <span class="follow-kind">{t.calendar}</span>
                    <Address url={topic.calendar.ics} what={t.calendar} name={topic.label} lang={lang} />
                  </div>
                  <p class="follow-formats meta">
                    {t.feed}: {formats(topic.feed, lang)} · <a href={topic.calendar.webcal}>{t.calendars.open}</a>
                  </p>
                </li>
              ))}
            </ul>
          </Section>
        </div>
      </div>
      <p class="visually-hidden" role="status" id="follow-status"></p>
    </Layout>
  );
}

/**
 * `/topics` and `/zh/topics`: every topic that has a public report, by its label, with its
 * introduction, each linking its page; catalogued topics in the catalogue's order, then any
 * other by name.
 */
export function TopicsPage({ site, lang, topicsInUse }: { site: SiteConfig; lang: Lang; topicsInUse: readonly string[] }) {
  const t = catalogue(lang).follow;
  const alternates = pageIn(site, '/topics');
  const topics = orderTopics(topicsInUse).map((topic) => topicEntry(site, topic, lang));
  return (
    <Layout title={`${t.topicsTitle} · ${site.names[lang].title}`} site={site} lang={lang} feeds={autodiscovery(site, lang)} canonical={alternates[lang]} alternates={alternates}>
      <h1>{t.topicsTitle}</h1>
      <p class="lede">{t.topicsIntro}</p>
      {topics.length === 0 ? (
        <p class="muted">{t.topics.none}</p>
      ) : (
        <ul class="topic-index wide">
          {topics.map((topic) => (
            <li>
              <h2>
                <a href={topic.page}>{topic.label}</a>
              </h2>
              {topic.intro && <p>{topic.intro}</p>}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={`${localUrl(site, lang, '/follow')}#topics`}>{t.topicsFollow}</a>
      </p>
    </Layout>
  );
}
