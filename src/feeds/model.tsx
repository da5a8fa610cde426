import type { SiteConfig } from '../config.ts';
import { EventDetails } from '../pages/event-details.tsx';
import type { Report, ReportEvent } from '../report/schema.ts';
import { bodyOf } from '../report/rendering.ts';
import type { Scope } from '../store/keys.ts';
import { reportUrl, scopeUrls, topicUrl } from './urls.ts';

/** Feed formats, and the page that lists the same reports. */
export type Format = 'rss' | 'atom' | 'json' | 'html';

export interface FeedItem {
  /** Permanent id (a `tag:` URI), independent of title and host. */
  id: string;
  slug: string;
  url: string;
  title: string;
  summary: string;
  /** Sanitized HTML with absolute URLs: event details, then the body. */
  contentHtml: string;
  published: string;
  updated: string;
  lang: string;
  topics: { name: string; url: string }[];
  authors: { name: string; url?: string }[];
  event?: ReportEvent;
}

/** Everything a renderer needs: one model, several pure renderers. */
export interface FeedModel {
  scope: Scope;
  siteTitle: string;
  /** The site's home page. */
  siteHome: string;
  title: string;
  description: string;
  homeUrl: string;
  feedUrls: Record<Exclude<Format, 'html'>, string>;
  lang: string;
  /** The site's time zone: the subscribe form's default. */
  timeZone: string;
  author: string;
  /** The newest change among the items (or a removal), never the time of rendering. */
  updated: string;
  hub?: string;
  items: FeedItem[];
}

/** Past this many bytes of content, items carry their summary and a link instead. */
export const CONTENT_BUDGET_BYTES = 4 * 1024 * 1024;

/** When a report last changed as a reader sees it: not before it was published. */
export function effectiveUpdated(report: Report): string {
  return Date.parse(report.updated) > Date.parse(report.published) ? report.updated : report.published;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function contentOf(report: Report, url: string, body: { html: string; summary: string }, full: boolean): string {
  const dir = `lang="${escapeHtml(report.lang)}" dir="auto"`;
  if (!full) {
    return `<div ${dir}><p>${escapeHtml(body.summary)}</p><p><a href="${escapeHtml(url)}">Read the full report</a></p></div>`;
  }
  const event = report.event ? String(<EventDetails event={report.event} />) : '';
  return `<div ${dir}>${event}${body.html}</div>`;
}

/**
 * Builds the model of a feed from its reports (newest first) with no I/O and no clock:
 * the same reports give the same model, so the same bytes and the same ETag.
 */
export function buildFeedModel(site: SiteConfig, scope: Scope, reports: Report[], lastRemoval = 0): FeedModel {
  const urls = scopeUrls(site, scope);
  let budget = CONTENT_BUDGET_BYTES;
  const encoder = new TextEncoder();
  const items = reports.map((report): FeedItem => {
    const url = reportUrl(site, report.slug);
    const body = bodyOf(report, url);
    const summary = body.summary;
    let contentHtml = contentOf(report, url, body, true);
    const size = encoder.encode(contentHtml).length;
    if (size <= budget) budget -= size;
    else contentHtml = contentOf(report, url, body, false);
    return {
      id: report.id,
      slug: report.slug,
      url,
      title: report.title,
      summary,
      contentHtml,
      published: report.published,
      updated: effectiveUpdated(report),
      lang: report.lang,
      topics: report.topics.map((name) => ({ name, url: topicUrl(site, name) })),
      authors: report.authors,
      event: report.event,
    };
  });
  const newest = Math.max(lastRemoval, ...items.map((item) => Date.parse(item.updated)));
  const title = scope.kind === 'all' ? site.title : `${site.title}: ${scope.topic}`;
  return {
    scope,
    siteTitle: site.title,
    siteHome: `${site.siteUrl}/`,
    title,
    description: scope.kind === 'all' ? site.description : `${site.description}, on the topic “${scope.topic}”`,
    homeUrl: urls.home,
    feedUrls: { rss: urls.rss, atom: urls.atom, json: urls.json },
    lang: site.lang,
    timeZone: site.timeZone,
    author: site.author,
    updated: new Date(newest).toISOString(),
    hub: site.hub,
    items,
  };
}
