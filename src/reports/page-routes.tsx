import { Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import type { SiteConfig } from '../common/config.ts';
import { catalogue, uiLanguage } from '../common/i18n/index.ts';
import { effectiveUpdated } from '../feeds/model.tsx';
import { cacheHeaders, etagOf, notModified } from '../common/http/conditional.ts';
import { HTML_HEADERS } from '../common/http/security.ts';
import { isUpcoming, ReportPage, translationLinks } from './page.tsx';
import { citationOf, CITATION_VERSION, toBibtex, toRis } from './citation.ts';
import { eventLastMoment } from './dates.ts';
import { bodyOf } from './rendering.ts';
import { TOPICS_FINGERPRINT } from '../common/topics.ts';
import { isSlug } from './text.ts';
import { getReport, lastWritten } from './store.ts';
import { translationsOf, type Version } from './groups.ts';
import { RENDERING_VERSION } from './rendering.ts';
import type { Report } from './schema.ts';
import { notFound } from '../site/not-found.tsx';
import { calendarEventOf } from '../events/calendar-event.ts';
import { renderCalendar } from '../events/ics.ts';
import { reportUrl } from '../common/urls.ts';

/** A report's own page: public once published, never while a draft or scheduled. */
export const reportPages = new Hono<AppEnv>();

async function publicReport(kv: KVNamespace, slug: string, now: number): Promise<Report | null> {
  const report = isSlug(slug) ? await getReport(kv, slug) : null;
  return !report || report.draft || Date.parse(report.published) > now ? null : report;
}

/**
 * The page's validators. The page shows its other public versions (links, hreflang,
 * JSON-LD with their titles), so they are part of it: the ETag hashes the report, the
 * versions' slugs, languages, titles and times, the rendering pipeline, the deployed
 * version, the site's names and author (the citation), the topic catalogue (labels) and
 * whether the event is still to come ("Add to calendar"). Last-Modified is the latest of
 * the report's own time, each version's publication, the end of its event once that is
 * past (the page lost its "Add to calendar" then) and, in a group, the last write of any
 * report: a translation added backdated, retitled or withdrawn is such a write, and moves
 * it forward.
 */
async function pageValidators(site: SiteConfig, report: Report, versions: Version[], written: number, now: number): Promise<{ etag: string; lastModified: number }> {
  const shown = versions.map((v) => [v.slug, v.lang, v.title, v.published]);
  const upcoming = report.event ? isUpcoming(report.event, now) : null;
  const etag = await etagOf(JSON.stringify([report.hash, shown, RENDERING_VERSION, CITATION_VERSION, site.version, site.names, site.author, TOPICS_FINGERPRINT, upcoming]));
  const ended = report.event && upcoming === false ? eventLastMoment(report.event) : 0;
  const lastModified = Math.max(Date.parse(effectiveUpdated(report)), ...versions.map((v) => v.published), written, ended);
  return { etag, lastModified };
}

/** The citation files "Cite this" offers: their type, and how each is written from the citation. */
const CITATION_FILES = {
  bib: { type: 'application/x-bibtex; charset=utf-8', write: toBibtex },
  ris: { type: 'application/x-research-info-systems; charset=utf-8', write: toRis },
} as const;

/**
 * `/reports/:slug.bib` and `/reports/:slug.ris`: the report's citation for a reference
 * manager, as a download named after the slug; public exactly when the page is (404 for a
 * draft, a scheduled or an unknown report), with its ETag and Last-Modified.
 */
reportPages.get('/reports/:file{[a-z0-9-]+\\.(?:bib|ris)}', async (c) => {
  const file = c.req.param('file');
  const dot = file.lastIndexOf('.');
  const slug = file.slice(0, dot);
  const format = CITATION_FILES[file.slice(dot + 1) as keyof typeof CITATION_FILES];
  const now = Date.now();
  const report = await publicReport(c.env.REPORTS, slug, now);
  if (!report) return notFound(c);
  const site = c.var.site;
  const etag = await etagOf(JSON.stringify([file, report.hash, RENDERING_VERSION, CITATION_VERSION, site.siteUrl, site.names, site.author, TOPICS_FINGERPRINT]));
  const lastModified = Date.parse(effectiveUpdated(report));
  // The slug is lower-case letters, digits and hyphens (isSlug): safe in a quoted filename.
  const headers = { ...cacheHeaders(etag, lastModified, 300), 'x-content-type-options': 'nosniff', 'content-disposition': `attachment; filename="${file}"` };
  if (notModified(c.req.raw.headers, etag, lastModified, now)) return c.body(null, 304, headers);
  const url = reportUrl(site, report.slug);
  const body = format.write(citationOf(report, site, bodyOf(report, url).summary));
  return c.body(body, 200, { ...headers, 'content-type': format.type });
});

reportPages.get('/reports/:slug', async (c) => {
  const now = Date.now();
  const report = await publicReport(c.env.REPORTS, c.req.param('slug'), now);
  if (!report) return notFound(c);
  const site = c.var.site;
  // One listing for the group, and one read of the write marker (none without a group).
  const [links, written] = report.translation_key
    ? await Promise.all([translationsOf(c.env.REPORTS, [report], now), lastWritten(c.env.REPORTS)])
    : [new Map<string, Version[]>(), 0];
  const versions = links.get(report.slug) ?? [];
  const { etag, lastModified } = await pageValidators(site, report, versions, written, now);
  const headers = { ...HTML_HEADERS, ...cacheHeaders(etag, lastModified, 60) };
  if (notModified(c.req.raw.headers, etag, lastModified, now)) return c.body(null, 304, headers);
  return c.html(`<!doctype html>${ReportPage({ report, site, translations: translationLinks(site, versions), now })}`, 200, headers);
});

/** The report's event as an iCalendar file, for "Add to calendar": 404 without an event. Named in the report's language. */
reportPages.get('/reports/:slug/event.ics', async (c) => {
  const slug = c.req.param('slug');
  const now = Date.now();
  const report = await publicReport(c.env.REPORTS, slug, now);
  if (!report?.event) return notFound(c);
  const site = c.var.site;
  const lang = uiLanguage(report.lang);
  const name = catalogue(lang).report.calendarName(site.names[lang].title, report.event.name);
  const body = renderCalendar({ name, events: [calendarEventOf({ ...report, event: report.event }, reportUrl(site, slug))] });
  const etag = `"ics-${(await etagOf(JSON.stringify([report.hash, RENDERING_VERSION, site.version, site.names]))).slice(1, 33)}"`;
  const lastModified = Date.parse(effectiveUpdated(report));
  const headers = { ...cacheHeaders(etag, lastModified, 300), 'x-content-type-options': 'nosniff', 'content-disposition': `inline; filename="${slug}.ics"` };
  if (notModified(c.req.raw.headers, etag, lastModified, now)) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, 'content-type': 'text/calendar; charset=utf-8' });
});
