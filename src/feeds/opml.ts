import type { SiteConfig } from '../common/config.ts';
import { catalogue, LANGUAGES, type Lang } from '../common/i18n/index.ts';
import { ALL, inLanguage } from '../common/scope.ts';
import { briefsFeed, type FeedEntry, orderTopics, topicEntry } from './directory.ts';
import { scopeUrls } from '../common/urls.ts';
import { textAsHtml } from './xml-safe.ts';

/** A value for an XML attribute: escaped, and free of characters XML forbids. */
const attr = (value: string) => textAsHtml(value);

/** One feed of an OPML file: its name, address, page and the language of its reports (null: every language). */
interface Subscription {
  name: string;
  xmlUrl: string;
  htmlUrl: string;
  lang: Lang | null;
}

/** One feed as an OPML 2.0 subscription outline (`type="rss"` stands for any feed format there). */
function outline(feed: Subscription, indent: string): string {
  const language = feed.lang ? ` language="${attr(feed.lang)}"` : '';
  return `${indent}<outline type="rss" text="${attr(feed.name)}" title="${attr(feed.name)}" xmlUrl="${attr(feed.xmlUrl)}" htmlUrl="${attr(feed.htmlUrl)}"${language}/>`;
}

/** The feeds of one group, in a folder: the group's main feed first, then a feed per topic. */
function folder(name: string, feeds: Subscription[]): string {
  return [`    <outline text="${attr(name)}" title="${attr(name)}">`, ...feeds.map((feed) => outline(feed, '      ')), '    </outline>'].join('\n');
}

const asSubscription = (feed: FeedEntry): Subscription => ({ name: feed.name, xmlUrl: feed.rss, htmlUrl: feed.page, lang: feed.lang });

/**
 * The feeds of `lang`'s reports (null: every language's), each topic named as a reader of
 * `nameLang` calls it; a language's group ends with its briefs (`/digests`, Atom only).
 */
function group(site: SiteConfig, lang: Lang | null, nameLang: Lang, topics: readonly string[]): Subscription[] {
  const urls = scopeUrls(site, inLanguage(ALL, lang));
  const all: Subscription = { name: catalogue(nameLang).follow.opmlAll, xmlUrl: urls.rss, htmlUrl: urls.home, lang };
  const feeds = [all, ...orderTopics(topics).map((topic) => asSubscription(topicEntry(site, topic, nameLang, lang).feed))];
  if (lang === null) return feeds;
  const briefs = briefsFeed(site, lang);
  return [...feeds, { name: catalogue(lang).follow.opmlBriefs, xmlUrl: briefs.atom, htmlUrl: briefs.page, lang }];
}

/** The OPML file of `lang`'s feeds (`/en/feeds.opml`, `/zh/feeds.opml`), or of every feed (`/feeds.opml`). */
export const opmlUrl = (site: Pick<SiteConfig, 'siteUrl'>, lang: Lang | null) => `${site.siteUrl}${lang ? `/${lang}` : ''}/feeds.opml`;

/**
 * A list of feeds for a one-step import into a feed reader (OPML 2.0 subscription list), each
 * feed of reports as RSS (what every reader takes; each is also served as Atom and JSON Feed),
 * named by its label, never its slug. `lang` given: that language's feeds, in a folder named for them
 * (`/en/feeds.opml`, `/zh/feeds.opml`). `lang` null: every feed, a folder per language and
 * one for the feeds of every language (`/feeds.opml`), in English.
 */
export function renderOpml(site: SiteConfig, topicsInUse: readonly string[], lang: Lang | null): string {
  const fileLang = lang ?? LANGUAGES[0];
  const t = catalogue(fileLang);
  const folders = lang
    ? [folder(t.feeds.feedInLanguage, group(site, lang, lang, topicsInUse))]
    : [
        ...LANGUAGES.map((l) => folder(catalogue(l).feeds.feedInLanguage, group(site, l, l, topicsInUse))),
        folder(t.feeds.feedEveryLanguage, group(site, null, fileLang, topicsInUse)),
      ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${attr(t.follow.opmlTitle(site.names[fileLang].title))}</title>`,
    `    <ownerName>${attr(site.author)}</ownerName>`,
    `    <docs>http://opml.org/spec2.opml</docs>`,
    '  </head>',
    '  <body>',
    ...folders,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
