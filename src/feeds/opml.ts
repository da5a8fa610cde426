import type { SiteConfig } from '../common/config.ts';
import { catalogue, LANGUAGE_TAGS, LANGUAGES, type Lang } from '../common/i18n/index.ts';
import { ALL, inLanguage } from '../common/scope.ts';
import { type FeedEntry, orderTopics, topicEntry } from './directory.ts';
import { scopeUrls } from '../common/urls.ts';
import { textAsHtml } from './xml-safe.ts';

/** A value for an XML attribute: escaped, and free of characters XML forbids. */
const attr = (value: string) => textAsHtml(value);

/** One feed as an OPML 2.0 subscription outline: its RSS address, its page, its name and language. */
function outline(feed: FeedEntry, indent: string): string {
  const language = feed.lang ? ` language="${attr(feed.lang)}"` : '';
  return `${indent}<outline type="rss" version="RSS2" text="${attr(feed.name)}" title="${attr(feed.name)}" xmlUrl="${attr(feed.rss)}" htmlUrl="${attr(feed.page)}"${language}/>`;
}

/** The feeds of one group, in a folder: the group's main feed first, then a feed per topic. */
function folder(name: string, feeds: FeedEntry[]): string {
  return [`    <outline text="${attr(name)}" title="${attr(name)}">`, ...feeds.map((feed) => outline(feed, '      ')), '    </outline>'].join('\n');
}

/** The feeds of `lang`'s reports (null: every language's), each topic named as a reader of `nameLang` calls it. */
function group(site: SiteConfig, lang: Lang | null, nameLang: Lang, topics: readonly string[]): FeedEntry[] {
  const urls = scopeUrls(site, inLanguage(ALL, lang));
  const all: FeedEntry = { name: catalogue(nameLang).follow.opmlAll, nameLang: LANGUAGE_TAGS[nameLang], lang, page: urls.home, rss: urls.rss, atom: urls.atom, json: urls.json };
  return [all, ...orderTopics(topics).map((topic) => topicEntry(site, topic, nameLang, lang).feed)];
}

/** The OPML file of `lang`'s feeds (`/en/feeds.opml`, `/zh/feeds.opml`), or of every feed (`/feeds.opml`). */
export const opmlUrl = (site: Pick<SiteConfig, 'siteUrl'>, lang: Lang | null) => `${site.siteUrl}${lang ? `/${lang}` : ''}/feeds.opml`;

/**
 * A list of feeds for a one-step import into a feed reader (OPML 2.0 subscription list), each
 * feed as RSS (what every reader takes; each is also served as Atom and JSON Feed), named by
 * its label, never its slug. `lang` given: that language's feeds, in a folder named for them
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
