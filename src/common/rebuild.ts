import type { SiteConfig } from './config.ts';
import { etagOf } from './http/conditional.ts';
import { gzip, type Rendered } from './rendered.ts';
import { fnv1a64 } from './hash.ts';
import { TOPICS_FINGERPRINT } from './topics.ts';

/*
 * When a rendered copy (a feed, a list page, an events page or calendar, an archive page)
 * may be served, how a new one is made, and how readers arriving together share one
 * rebuild: the same rules for every capability that keeps rendered copies.
 */

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

/**
 * What a rendered copy depends on besides the reports: every site setting it shows, as a
 * short ASCII hash (FNV-1a, 2 × 32 bits), since KV metadata is at most 1024 bytes and the
 * names in every language would not always fit, nor be ASCII.
 */
export function siteFingerprint(site: SiteConfig): string {
  let known = fingerprints.get(site);
  if (known === undefined) fingerprints.set(site, (known = fingerprintOf(site)));
  return known;
}

/** Settings are parsed once per isolate (readConfig): their fingerprint is too. */
const fingerprints = new WeakMap<SiteConfig, string>();

function fingerprintOf(site: SiteConfig): string {
  const text = JSON.stringify([site.siteUrl, site.title, site.description, site.author, site.lang, site.feedLimit, site.hub ?? '', site.timeZone, site.names, site.translationFallback, site.accent, site.logo, TOPICS_FINGERPRINT]);
  return fnv1a64(text);
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

