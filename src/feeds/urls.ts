import type { SiteConfig } from '../config.ts';
import type { Scope } from '../store/keys.ts';

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
