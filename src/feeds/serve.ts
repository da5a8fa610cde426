import type { SiteConfig } from '../shared/config.ts';
import { etagOf } from '../shared/http/conditional.ts';
import { ListPage } from './list-page.tsx';
import type { Scope } from '../shared/scope.ts';
import { type Rendered, getRendered, gzip, knownAbsent, putRebuilt, rememberAbsent, renderedKey } from '../shared/rendered.ts';
import { scopeId } from '../shared/scope.ts';
import { lastChanges, newestVisible, writtenSince } from '../reports/index.ts';
import { renderAtom } from './atom.ts';
import { renderJson } from './json.ts';
import { buildFeedModel, type FeedModel, type Format } from './model.tsx';
import { renderRss } from './rss.ts';

const RENDERERS: Record<Format, (model: FeedModel) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJson,
  html: (model) => `<!doctype html>${ListPage({ model })}`,
};

/** KV takes up to about a minute to show a write everywhere; until then rebuild often. */
export const SETTLING_MS = 5 * 60_000;
export const SETTLING_REFRESH_MS = 60_000;

/**
 * How long a fresh copy may be served. Soon after a write, a rebuild elsewhere may not
 * see it yet, so the copy is rebuilt again a minute later; once writes have settled it
 * stands until FEED_REFRESH_SECONDS (a write or a due scheduled report drops it sooner).
 */
export function refreshAfter(site: SiteConfig, lastWrite: number, now: number): number {
  return now - lastWrite < SETTLING_MS ? SETTLING_REFRESH_MS : site.refreshSeconds * 1000;
}

/** What a rendered copy depends on besides the reports: every site setting it shows. */
export function siteFingerprint(site: SiteConfig): string {
  return JSON.stringify([site.siteUrl, site.title, site.description, site.author, site.lang, site.feedLimit, site.hub ?? '', site.timeZone]);
}

/** True when `copy` may be served at `now`: not stale, and built with these site settings by this version. */
export function isCurrent(copy: Rendered | null, site: SiteConfig, now: number): copy is Rendered {
  return copy !== null && now < copy.meta.staleAt && copy.meta.site === siteFingerprint(site) && copy.meta.ver === site.version;
}

/** A rendered copy of `body`: gzip-compressed, with its ETag, the site it was built for and when it is rebuilt. */
export async function renderedCopy(body: string, site: SiteConfig, meta: { lm: number; staleAt: number; gen?: number }): Promise<Rendered> {
  return { gzipped: await gzip(body), meta: { etag: await etagOf(body), site: siteFingerprint(site), ver: site.version, gz: true, ...meta } };
}

/** Rebuilds under way in this isolate: readers arriving together share one. */
const rebuilding = new Map<string, Promise<Rendered | null>>();

/** Runs `rebuild` for `key` unless one is under way in this isolate, whose result is shared instead. */
export function rebuildOnce(key: string, rebuild: () => Promise<Rendered | null>): Promise<Rendered | null> {
  const pending = rebuilding.get(key);
  if (pending) return pending;
  const started = rebuild().finally(() => rebuilding.delete(key));
  rebuilding.set(key, started);
  return started;
}

/**
 * The rendered feed (or list page) of a scope at `now`, or null for a topic with no public
 * report. A current copy costs at most one KV read (none while this isolate remembers it)
 * and nothing else; a missing or stale one is rebuilt from the index (one listing, one
 * read per item) and stored, to be current until the next scheduled report is due or the
 * refresh bound ({@link refreshAfter}) passes, whichever is first. Readers who arrive while
 * a rebuild is under way in the isolate wait for it instead of rebuilding too; a topic found
 * empty is not listed again within the refresh bound.
 */
export async function loadRendered(kv: KVNamespace, site: SiteConfig, scope: Scope, format: Format, now: number): Promise<Rendered | null> {
  if (scope.kind === 'topic' && knownAbsent(scope, now)) return null;
  const cached = await getRendered(kv, scope, format, now);
  if (isCurrent(cached, site, now)) return cached;
  return rebuildOnce(`${scopeId(scope)}:${format}`, () => rebuildRendered(kv, site, scope, format, now));
}

async function rebuildRendered(kv: KVNamespace, site: SiteConfig, scope: Scope, format: Format, now: number): Promise<Rendered | null> {
  const [visible, changes] = await Promise.all([newestVisible(kv, scope, site.feedLimit, now), lastChanges(kv)]);
  if (scope.kind === 'topic' && visible.reports.length === 0) {
    rememberAbsent(scope, Math.min(now + refreshAfter(site, changes.written, now), visible.nextChange ?? Number.POSITIVE_INFINITY));
    return null;
  }
  const model = buildFeedModel(site, scope, visible.reports, changes.removed);
  const body = RENDERERS[format](model);
  const staleAt = Math.min(now + refreshAfter(site, changes.written, now), visible.nextChange ?? Number.POSITIVE_INFINITY);
  const rendered = await renderedCopy(body, site, { lm: Date.parse(model.updated), staleAt });
  // Awaited rather than left to waitUntil: a rebuild is already the slow path, and a copy
  // that lands after the response could overwrite one stored by a later write's rebuild.
  await putRebuilt(kv, renderedKey(scope, format), rendered, now, () => writtenSince(kv, changes.mark));
  return rendered;
}

/**
 * Rebuilds the main feeds and home page right after a write (in waitUntil), so the readers
 * who come next find them current instead of paying for the rebuild. Topic copies are
 * rebuilt on their first request.
 */
export async function prerender(kv: KVNamespace, site: SiteConfig, now: number): Promise<void> {
  await Promise.all((['rss', 'atom', 'json', 'html'] as const).map((format) => loadRendered(kv, site, { kind: 'all' }, format, now)));
}
