import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { effectiveUpdated } from '../feeds/model.tsx';
import { cacheHeaders, notModified } from '../http/conditional.ts';
import { HTML_HEADERS } from '../http/security.ts';
import { ReportPage } from '../pages/report-page.tsx';
import { isSlug } from '../report/text.ts';
import { getReport } from '../store/reports.ts';
import { notFound } from './feeds.tsx';

/** A report's own page: public once published, never while a draft or scheduled. */
export const pages = new Hono<AppEnv>();

pages.get('/reports/:slug', async (c) => {
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

