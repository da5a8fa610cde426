import type { SiteConfig } from '../common/config.ts';
import type { Attachment, Report, ReportEvent } from '../reports/schema.ts';
import { type BodyRendering, bodyOf, eventHtmlOf } from '../reports/rendering.ts';
import { utf8Length } from '../reports/text.ts';
import { monthOf } from '../reports/dates.ts';
import { type Scope } from '../common/scope.ts';
import { archiveUrls, reportUrl, scopeUrls, topicUrl } from '../common/urls.ts';
import { catalogue, LANGUAGE_TAGS, type Lang, langOfTag, uiLanguage } from '../common/i18n/index.ts';
import { topicLabel } from '../common/topics.ts';
import type { Version } from '../reports/index.ts';

/** Feed formats, and the page that lists the same reports. */
import type { Format } from '../common/rendered.ts';

export type { Format };

export interface FeedItem {
  /** Permanent id (a `tag:` URI), independent of title and host. */
  id: string;
  slug: string;
  url: string;
  title: string;
  summary: string;
  /** Sanitized HTML with absolute URLs: event details, then the body. */
  contentHtml: string;
  /** `contentHtml` is known to hold no `]]>` and no character XML forbids. */
  contentSafe: boolean;
  published: string;
  updated: string;
  lang: string;
  /** The report is not in the list's language: shown in its own, marked (a language's list only). */
  fallback: boolean;
  /** Its other public versions: Atom `rel="alternate"` links with `hreflang`, and the pages' "Also in". */
  translations: { lang: string; url: string; title: string }[];
  /**
   * Its topics in the editor's order: the slug (`name`, the stable id: Atom's `term`), the
   * label a reader sees (in the list's language, or in the report's own for the feeds of every
   * language) and the topic's page.
   */
  topics: FeedTopic[];
  authors: { name: string; url?: string }[];
  event?: ReportEvent;
  /** Files offered with it: RSS encloses the first PDF, Atom and JSON Feed each one. */
  attachments: Attachment[];
}

/** A topic of a feed item. */
export interface FeedTopic {
  name: string;
  label: string;
  url: string;
}

/** A feed's place in the archive (RFC 5005 §4; JSON Feed 1.1 `next_url`). */
export interface ArchiveLinks {
  /** This feed is one month's archive document (`fh:archive`). */
  archived: boolean;
  /** The archive of the period before (older reports): Atom `prev-archive`, JSON `next_url`. */
  prev?: { atom: string; json: string };
  /** The archive of the period after: Atom `next-archive`. */
  next?: { atom: string; json: string };
  /** The subscription feed (`current`), from an archive document. */
  current?: string;
}

/** What makes a model an archive month's feed instead of a scope's newest reports. */
export interface ArchiveContext {
  /** `August 2022` */
  label: string;
  urls: { page: string; atom: string; json: string };
  links: ArchiveLinks;
}

/** Everything a renderer needs: one model, several pure renderers. */
export interface FeedModel {
  scope: Scope;
  /** The site's address and names, for the page frame. */
  site: Pick<SiteConfig, 'siteUrl' | 'names' | 'accent' | 'logo'>;
  siteTitle: string;
  /** The site's home page. */
  siteHome: string;
  title: string;
  description: string;
  /** The feed's permanent id (Atom `<id>`): the home page's URL for the feeds of every language, and distinct per language for a language's. */
  id: string;
  homeUrl: string;
  feedUrls: Record<Exclude<Format, 'html'>, string>;
  /** The feed's language tag: the language's (`zh-Hans`) for a language's feed, SITE_LANG for every language's. */
  lang: string;
  /** The interface language of the list's page and of its strings. */
  ui: Lang;
  /** The site's time zone: the subscribe form's default. */
  timeZone: string;
  author: string;
  /** The newest change among the items (or a removal), never the time of rendering. */
  updated: string;
  hub?: string;
  items: FeedItem[];
  archive: ArchiveLinks;
  /** The scheme of topic categories (Atom `scheme`): the same in every feed, so `term` is a topic's id everywhere. */
  topicScheme: string;
  /** The scope's archive index page. */
  archiveUrl: string;
  /** The archive month (`2022-08`) of the oldest report listed, where older ones continue. */
  olderMonth?: { month: string; url: string };
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

/** An item's content, in full or (past the budget) as its summary and a link, with its size and whether CDATA takes it as it is. */
function contentOf(report: Report, url: string, body: BodyRendering, full: boolean): { html: string; bytes: number; safe: boolean } {
  const dir = `lang="${escapeHtml(report.lang)}" dir="auto"`;
  if (!full) {
    const more = catalogue(report.lang).feeds.readFullReport;
    const html = `<div ${dir}><p>${escapeHtml(body.summary)}</p><p><a href="${escapeHtml(url)}">${escapeHtml(more)}</a></p></div>`;
    return { html, bytes: utf8Length(html), safe: false };
  }
  const inner = (body.eventHtml ?? eventHtmlOf(report.event)) + body.html;
  const html = `<div ${dir}>${inner}</div>`;
  // Stored renderings carry their size and safety; older ones are measured here.
  const bytes = body.bytes !== undefined && body.eventHtml !== undefined ? utf8Length(dir) + 12 + body.bytes : utf8Length(html);
  return { html, bytes, safe: body.cdataSafe === true && body.eventHtml !== undefined };
}

/** The title, description and id of a scope's feed: every language's keep the site's English names and the home page as id. */
function namesOf(site: SiteConfig, scope: Scope): { title: string; description: string; id: string } {
  const urls = scopeUrls(site, scope);
  const names = scope.lang ? site.names[scope.lang] : { title: site.title, description: site.description };
  const t = catalogue(scope.lang ?? 'en').feeds;
  const label = scope.kind === 'topic' ? topicLabel(scope.topic, scope.lang ?? 'en') : '';
  const title = scope.kind === 'all' ? names.title : t.topicTitle(names.title, label);
  const description = scope.kind === 'all' ? names.description : t.topicDescription(names.description, label);
  // A language's feeds get an id of their own: `/en/` and `/zh/` (the base of their feed URLs),
  // never the home page's, which the feeds of every language have always had.
  const id = scope.lang ? urls.rss.replace(/\/feed\.xml$/, scope.kind === 'all' ? '/' : '') : urls.home;
  return { title, description, id };
}

/**
 * Builds the model of a feed from its reports (newest first) with no I/O and no clock:
 * the same reports give the same model, so the same bytes and the same ETag.
 * `translations` (from `translationsOf`, by slug) are the other public versions of each.
 */
export function buildFeedModel(site: SiteConfig, scope: Scope, reports: Report[], lastRemoval = 0, archive?: ArchiveContext, translations?: ReadonlyMap<string, Version[]>): FeedModel {
  const urls = scopeUrls(site, scope);
  let budget = CONTENT_BUDGET_BYTES;
  const items = reports.map((report): FeedItem => {
    const url = reportUrl(site, report.slug);
    const body = bodyOf(report, url);
    const summary = body.summary;
    let content = contentOf(report, url, body, true);
    if (content.bytes <= budget) budget -= content.bytes;
    else content = contentOf(report, url, body, false);
    return {
      id: report.id,
      slug: report.slug,
      url,
      title: report.title,
      summary,
      contentHtml: content.html,
      contentSafe: content.safe,
      published: report.published,
      updated: effectiveUpdated(report),
      lang: report.lang,
      fallback: scope.lang !== undefined && langOfTag(report.lang) !== scope.lang,
      translations: (translations?.get(report.slug) ?? []).map((v) => ({ lang: v.lang, url: reportUrl(site, v.slug), title: v.title })),
      // A language's list names topics in its language; the feeds of every language, in each report's own.
      topics: report.topics.map((name) => ({ name, label: topicLabel(name, scope.lang ?? uiLanguage(report.lang)), url: topicUrl(site, name, scope.lang) })),
      authors: report.authors,
      event: report.event,
      attachments: report.attachments ?? [],
    };
  });
  const changed = Math.max(lastRemoval, ...items.map((item) => Date.parse(item.updated)));
  const names = namesOf(site, scope);
  // The subscription feed points back to the month of its newest report: walking the
  // archive from there (RFC 5005) reaches every report, whatever the feed's length.
  const newest = reports[0];
  const oldest = reports.at(-1);
  const newestMonth = newest ? monthOf(Date.parse(newest.published)) : null;
  const oldestMonth = oldest ? monthOf(Date.parse(oldest.published)) : null;
  const links: ArchiveLinks = archive?.links ?? { archived: false, ...(newestMonth ? { prev: archiveUrls(site, scope, newestMonth) } : {}) };
  return {
    scope,
    site,
    siteTitle: site.title,
    siteHome: `${site.siteUrl}/`,
    title: archive ? `${names.title}${catalogue(scope.lang ?? 'en').feeds.colon}${archive.label}` : names.title,
    description: archive ? catalogue(scope.lang ?? 'en').feeds.archiveDescription(names.description, archive.label) : names.description,
    // A language's month feed has an id of its own (the base of its feed URLs, `/en/archive/2022/08`);
    // the every-language one keeps the page's, which it has always had.
    id: archive ? (scope.lang ? archive.urls.atom.replace(/\/atom\.xml$/, '') : archive.urls.page) : names.id,
    homeUrl: archive ? archive.urls.page : urls.home,
    feedUrls: archive ? { rss: urls.rss, atom: archive.urls.atom, json: archive.urls.json } : { rss: urls.rss, atom: urls.atom, json: urls.json },
    archive: links,
    topicScheme: `${site.siteUrl}/topics/`,
    archiveUrl: archiveUrls(site, scope, 'index').page,
    ...(oldestMonth ? { olderMonth: { month: oldestMonth, url: archiveUrls(site, scope, oldestMonth).page } } : {}),
    lang: scope.lang ? LANGUAGE_TAGS[scope.lang] : site.lang,
    ui: scope.lang ?? langOfTag(site.lang) ?? 'en',
    timeZone: site.timeZone,
    author: site.author,
    updated: new Date(changed).toISOString(),
    hub: site.hub,
    items,
  };
}
