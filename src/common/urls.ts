import type { SiteConfig } from './config.ts';
import type { Scope } from './scope.ts';

/** The page of a report. */
export const reportUrl = (site: Pick<SiteConfig, 'siteUrl'>, slug: string) => `${site.siteUrl}/reports/${slug}`;

/** The page of a topic. */
export const topicUrl = (site: SiteConfig, topic: string) => `${site.siteUrl}/topics/${encodeURIComponent(topic)}`;

/** The page and feed URLs of a scope: `/` and `/feed.xml`, or `/topics/t` and `/topics/t/feed.xml`. */
export function scopeUrls(site: SiteConfig, scope: Scope): { home: string; rss: string; atom: string; json: string } {
  const home = scope.kind === 'all' ? `${site.siteUrl}/` : topicUrl(site, scope.topic);
  const base = scope.kind === 'all' ? site.siteUrl : home;
  return { home, rss: `${base}/feed.xml`, atom: `${base}/atom.xml`, json: `${base}/feed.json` };
}

/** A period of the archive: its index, a year (`2022`) or a month (`2022-08`). */
export type ArchivePeriodId = 'index' | string;

/** The archive page and feeds of a period: `/archive/2022/08`, `/archive/2022/08/atom.xml`, `…/feed.json`. */
export function archiveUrls(site: SiteConfig, scope: Scope, period: ArchivePeriodId): { page: string; atom: string; json: string } {
  const base = `${scope.kind === 'all' ? site.siteUrl : topicUrl(site, scope.topic)}/archive`;
  const page = period === 'index' ? base : `${base}/${period.replace('-', '/')}`;
  return { page, atom: `${page}/atom.xml`, json: `${page}/feed.json` };
}
