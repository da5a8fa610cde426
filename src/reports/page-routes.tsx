import { Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { effectiveUpdated } from '../feeds/model.tsx';
import { cacheHeaders, notModified } from '../common/http/conditional.ts';
import { HTML_HEADERS } from '../common/http/security.ts';
import { ReportPage } from './page.tsx';
import { isSlug } from './text.ts';
import { getReport } from './store.ts';
import { notFound } from '../site/not-found.tsx';
import { calendarEventOf } from '../events/calendar-event.ts';
import { renderCalendar } from '../events/ics.ts';
import { reportUrl } from '../common/urls.ts';

/** A report's own page: public once published, never while a draft or scheduled. */
export const reportPages = new Hono<AppEnv>();

reportPages.get('/reports/:slug', async (c) => {
  const slug = c.req.param('slug');
  const report = isSlug(slug) ? await getReport(c.env.REPORTS, slug) : null;
  const now = Date.now();
  if (!report || report.draft || Date.parse(report.published) > now) return notFound(c);
  const etag = `"${report.hash.slice(0, 32)}"`;
  const lastModified = Date.parse(effectiveUpdated(report));
  const headers = { ...HTML_HEADERS, ...cacheHeaders(etag, lastModified, 60) };
  if (notModified(c.req.raw.headers, etag, lastModified, now)) return c.body(null, 304, headers);
  return c.html(`<!doctype html>${ReportPage({ report, site: c.var.site })}`, 200, headers);
});


/** The report's event as an iCalendar file, for "Add to calendar": 404 without an event. */
reportPages.get('/reports/:slug/event.ics', async (c) => {
  const slug = c.req.param('slug');
  const report = isSlug(slug) ? await getReport(c.env.REPORTS, slug) : null;
  const now = Date.now();
  if (!report || report.draft || Date.parse(report.published) > now || !report.event) return notFound(c);
  const body = renderCalendar({ name: `${c.var.site.title}: ${report.event.name}`, events: [calendarEventOf({ ...report, event: report.event }, reportUrl(c.var.site, slug))] });
  const etag = `"ics-${report.hash.slice(0, 32)}"`;
  const lastModified = Date.parse(effectiveUpdated(report));
  const headers = { ...cacheHeaders(etag, lastModified, 300), 'x-content-type-options': 'nosniff', 'content-disposition': `inline; filename="${slug}.ics"` };
  if (notModified(c.req.raw.headers, etag, lastModified, now)) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, 'content-type': 'text/calendar; charset=utf-8' });
});
