import type { SiteConfig } from '../common/config.ts';
import { catalogue, LANGUAGE_TAGS, LANGUAGES, type Lang } from '../common/i18n/index.ts';
import { ALL, inLanguage, type Scope } from '../common/scope.ts';
import { cataloguedTopics, isCatalogued, topicIntro, topicLabel } from '../common/topics.ts';
import { localUrl, scopeUrls } from '../common/urls.ts';
import { eventUrls } from '../events/page.tsx';

/** One feed, in its three formats, with the page that lists the same reports. */
export interface FeedEntry {
  name: string;
  /** The language the name is written in (a BCP 47 tag). */
  nameLang: string;
  /** The language of the reports (null: every language). */
  lang: Lang | null;
  page: string;
  rss: string;
  atom: string;
  json: string;
}

/** One calendar: its https address and the same as `webcal:`, which opens a calendar app. */
export interface CalendarEntry {
  name: string;
  ics: string;
  webcal: string;
}

/** A topic with its label and introduction in a language, its page, feed and calendar. */
export interface TopicEntry {
  topic: string;
  label: string;
  intro?: string;
  page: string;
  feed: FeedEntry;
  calendar: CalendarEntry;
}

/**
 * The topics in use in the order readers meet them: the catalogue's (content/topics.yml,
 * as its editors arranged it), then any topic it lacks, by name (its slug is its label).
 */
export function orderTopics(inUse: readonly string[]): string[] {
  const used = new Set(inUse);
  const known = cataloguedTopics().filter((topic) => used.has(topic));
  const others = inUse.filter((topic) => !isCatalogued(topic)).sort();
  return [...known, ...others];
}

function feedOf(site: SiteConfig, scope: Scope, name: string, nameLang: Lang): FeedEntry {
  const urls = scopeUrls(site, scope);
  return { name, nameLang: LANGUAGE_TAGS[nameLang], lang: scope.lang ?? null, page: urls.home, rss: urls.rss, atom: urls.atom, json: urls.json };
}

function calendarOf(site: SiteConfig, scope: Scope, name: string): CalendarEntry {
  const { ics, webcal } = eventUrls(site, scope);
  return { name, ics, webcal };
}

/**
 * A topic as a reader of `lang` sees it: label, introduction, and its page, feed and calendar
 * in `lang` (or, with `reports` null, those of every language).
 */
export function topicEntry(site: SiteConfig, topic: string, lang: Lang, reports: Lang | null = lang): TopicEntry {
  const scope = inLanguage({ kind: 'topic', topic }, reports);
  const label = topicLabel(topic, lang);
  return { topic, label, intro: topicIntro(topic, lang), page: localUrl(site, lang, `/topics/${encodeURIComponent(topic)}`), feed: feedOf(site, scope, label, lang), calendar: calendarOf(site, scope, label) };
}

/** The daily and weekly briefs kept on the web (`/digests`), as their Atom feed in `lang`. */
export const briefsFeed = (site: SiteConfig, lang: Lang) => ({ page: localUrl(site, lang, '/digests'), atom: localUrl(site, lang, '/digests/atom.xml') });

/**
 * Every feed and calendar the site offers, as a reader of `lang` is offered them: the feed
 * of the reports in `lang`, the one of every language, those of the other languages (each
 * named in its own language); the calendars in `lang` and of every language; then each
 * topic in use with its feed and calendar in `lang`.
 */
export function feedDirectory(site: SiteConfig, lang: Lang, topicsInUse: readonly string[]) {
  const t = catalogue(lang);
  const main: FeedEntry[] = [
    feedOf(site, inLanguage(ALL, lang), t.feeds.feedInLanguage, lang),
    feedOf(site, ALL, t.feeds.feedEveryLanguage, lang),
    ...LANGUAGES.filter((other) => other !== lang).map((other) => feedOf(site, inLanguage(ALL, other), catalogue(other).feeds.feedInLanguage, other)),
  ];
  const calendars: CalendarEntry[] = [calendarOf(site, inLanguage(ALL, lang), t.follow.calendars.all), calendarOf(site, ALL, t.follow.calendars.every)];
  const topics = orderTopics(topicsInUse).map((topic) => topicEntry(site, topic, lang));
  return { main, calendars, topics, briefs: briefsFeed(site, lang) };
}
