import type { SiteConfig } from './config.ts';
import { scopeUrls } from './feeds/urls.ts';
import { prepareReport } from './report/prepare.ts';
import type { Report, ReportInput } from './report/schema.ts';
import type { Scope } from './store/keys.ts';
import { invalidateRendered } from './store/rendered.ts';
import { affectedScopes, deleteReport, getReport, putReport } from './store/reports.ts';

export interface Saved {
  report: Report;
  /** No report had this slug before. */
  created: boolean;
  /** False when the same content was already stored: nothing was written. */
  changed: boolean;
  /** Feeds whose rendered copies were dropped. */
  scopes: Scope[];
  /** Feeds whose public content changed: the ones to announce to the WebSub hub. */
  announce: Scope[];
}

function isPublic(report: Report | null, now: number): report is Report {
  return report !== null && !report.draft && Date.parse(report.published) <= now;
}

/**
 * The feeds a change shows up in right now: those of the public version before and of the
 * public version after. A draft or a report scheduled for later changes no feed yet.
 */
export function scopesToAnnounce(before: Report | null, after: Report | null, now: number): Scope[] {
  const visibleBefore = isPublic(before, now) ? before : null;
  const visibleAfter = isPublic(after, now) ? after : null;
  return visibleBefore || visibleAfter ? affectedScopes(visibleBefore, visibleAfter) : [];
}

/**
 * Creates or replaces the report at `slug` and drops the rendered feeds it appears in.
 * Writing the same content again writes nothing, so `updated` and the feeds stay as they are.
 */
export async function saveReport(kv: KVNamespace, site: SiteConfig, input: ReportInput, slug: string, now: number, previous?: Report | null): Promise<Saved> {
  const before = previous === undefined ? await getReport(kv, slug) : previous;
  const report = await prepareReport(input, before, { now, siteUrl: site.siteUrl, slug });
  if (before && before.hash === report.hash) return { report: before, created: false, changed: false, scopes: [], announce: [] };
  await putReport(kv, report, before);
  const scopes = affectedScopes(before, report);
  await invalidateRendered(kv, scopes);
  return { report, created: before === null, changed: true, scopes, announce: scopesToAnnounce(before, report, now) };
}

/** Deletes the report at `slug` and drops the rendered feeds it was in; null if none. */
export async function removeReport(kv: KVNamespace, slug: string, now: number): Promise<{ report: Report; scopes: Scope[]; announce: Scope[] } | null> {
  const report = await deleteReport(kv, slug, now);
  if (!report) return null;
  const scopes = affectedScopes(report, null);
  await invalidateRendered(kv, scopes);
  return { report, scopes, announce: scopesToAnnounce(report, null, now) };
}

/**
 * Tells the WebSub hub that the feeds of `scopes` changed (`hub.mode=publish`), so
 * subscribers hear of a report without polling. Returns the hub's status, or null with no hub.
 */
export async function notifyHub(site: SiteConfig, scopes: Scope[], fetcher: typeof fetch = fetch): Promise<number | null> {
  if (!site.hub || scopes.length === 0) return null;
  const form = new URLSearchParams({ 'hub.mode': 'publish' });
  for (const scope of scopes) {
    const urls = scopeUrls(site, scope);
    for (const url of [urls.rss, urls.atom, urls.json]) form.append('hub.url', url);
  }
  const response = await fetcher(site.hub, { method: 'POST', body: form });
  return response.status;
}
