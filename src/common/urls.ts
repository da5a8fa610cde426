import type { SiteConfig } from './config.ts';
import type { Scope } from './scope.ts';
import { LANGUAGES, type Lang } from './i18n/index.ts';

/**
 * Where a language's pages live: English (the first language) at the root, every other
 * under `/<lang>` (`/zh/events`). `path` starts with `/`.
 *
 * @example localUrl(site, 'zh', '/events') // 'https://herald.example.org/zh/events'
 */
export function localUrl(site: Pick<SiteConfig, 'siteUrl'>, lang: Lang, path: string): string {
  return lang === LANGUAGES[0] ? `${site.siteUrl}${path}` : `${site.siteUrl}/${lang}${path}`;
}

/** A language's home page: `/` or `/zh/`. */
export const homeUrl = (site: Pick<SiteConfig, 'siteUrl'>, lang: Lang) => localUrl(site, lang, '/');

/** The page of a report. */
export const reportUrl = (site: Pick<SiteConfig, 'siteUrl'>, slug: string) => `${site.siteUrl}/reports/${slug}`;

/** The page of a topic, in a language (English by default). */
export const topicUrl = (site: Pick<SiteConfig, 'siteUrl'>, topic: string, lang: Lang = LANGUAGES[0]) => localUrl(site, lang, `/topics/${encodeURIComponent(topic)}`);

/**
 * The page and feed URLs of a scope. Every language: `/` and `/feed.xml` (the page is the
 * English one), `/topics/t` and `/topics/t/feed.xml`. One language: `/zh/` and
 * `/zh/feed.xml`, `/en/feed.xml` (English pages stay at the root), `/zh/topics/t/feed.xml`.
 */
export function scopeUrls(site: Pick<SiteConfig, 'siteUrl'>, scope: Scope): { home: string; rss: string; atom: string; json: string } {
  const lang = scope.lang ?? LANGUAGES[0];
  const home = scope.kind === 'all' ? homeUrl(site, lang) : topicUrl(site, scope.topic, lang);
  const path = scope.kind === 'all' ? '' : `/topics/${encodeURIComponent(scope.topic)}`;
  const base = scope.lang ? `${site.siteUrl}/${scope.lang}${path}` : `${site.siteUrl}${path}`;
  return { home, rss: `${base}/feed.xml`, atom: `${base}/atom.xml`, json: `${base}/feed.json` };
}

/** A period of the archive: its index, a year (`2022`) or a month (`2022-08`). */
export type ArchivePeriodId = 'index' | string;

/**
 * The archive page and feeds of a period: `/archive/2022/08`, `/archive/2022/08/atom.xml`,
 * `…/feed.json`. In one language the page is that language's (`/zh/archive/2022/08`, the
 * English one at the root) and the feeds sit under the language (`/en/archive/2022/08/atom.xml`).
 */
export function archiveUrls(site: Pick<SiteConfig, 'siteUrl'>, scope: Scope, period: ArchivePeriodId): { page: string; atom: string; json: string } {
  const path = `${scope.kind === 'all' ? '' : `/topics/${encodeURIComponent(scope.topic)}`}/archive${period === 'index' ? '' : `/${period.replace('-', '/')}`}`;
  const page = localUrl(site, scope.lang ?? LANGUAGES[0], path);
  const feeds = scope.lang ? `${site.siteUrl}/${scope.lang}${path}` : `${site.siteUrl}${path}`;
  return { page, atom: `${feeds}/atom.xml`, json: `${feeds}/feed.json` };
}
