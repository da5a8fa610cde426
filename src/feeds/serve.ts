import type { SiteConfig } from '../common/config.ts';
import { isCurrent, rebuildOnce, refreshAfter, renderedCopy } from '../common/rebuild.ts';
import { LANGUAGES } from '../common/i18n/index.ts';
import { ListPage } from './list-page.tsx';
import { ALL, inLanguage, type Scope, scopeId } from '../common/scope.ts';
import { type Rendered, getRendered, knownAbsent, putRebuilt, rememberAbsent, renderedKey } from '../common/rendered.ts';
import { lastChanges, newestInScope, newestVisible, translationsOf, writtenSince } from '../reports/index.ts';
import { renderAtom } from './atom.ts';
import { renderJson } from './json.ts';
import { buildFeedModel, type FeedModel, type Format } from './model.tsx';
import { renderRss } from './rss.ts';
import { memoReads } from './memo-reads.ts';

const RENDERERS: Record<Format, (model: FeedModel) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJson,
  html: (model) => `<!doctype html>${ListPage({ model })}`,
};

/** The formats that show each report's other versions (Atom links, the page's "Also in"): only they pay for listing the groups. */
const SHOWS_TRANSLATIONS: Format[] = ['atom', 'html'];

/**
 * The rendered feed (or list page) of a scope at `now`, or null for a topic with no public
 * report (in any language: a language's topic page whose reports are all in another
 * language, and left out, is an empty page, not a 404, so the language switch never leads
 * nowhere). A current copy costs at most one KV read (none while this isolate remembers it)
 * and nothing else; a missing or stale one is rebuilt from the index (one listing, one
 * read per item, one listing per translation group for Atom and pages) and stored, to be
 * current until the next scheduled report is due or the refresh bound ({@link refreshAfter})
 * passes, whichever is first. Readers who arrive while a rebuild is under way in the isolate
 * wait for it instead of rebuilding too; a topic found empty is not listed again within the
 * refresh bound.
 */
export async function loadRendered(kv: KVNamespace, site: SiteConfig, scope: Scope, format: Format, now: number): Promise<Rendered | null> {
  if (scope.kind === 'topic' && knownAbsent(scope, now)) return null;
  const cached = await getRendered(kv, scope, format, now);
  if (isCurrent(cached, site, now)) return cached;
  return rebuildOnce(`${scopeId(scope)}:${format}`, async () => (await rebuildRendered(kv, memoReads(kv), site, scope, [format], now))?.[format] ?? null);
}

/** True when a language's topic list came out empty although the topic has a public report in some language. */
async function listedInAnyLanguage(reads: KVNamespace, scope: Scope, now: number): Promise<boolean> {
  return scope.lang !== undefined && (await newestVisible(reads, inLanguage(scope, null), 1, now)).reports.length > 0;
}

/**
 * Rebuilds `formats` of a scope from one reading of its reports and stores each copy.
 * `reads` is the namespace the reports are read through (a memo shared by the rebuilds of
 * one prerender); copies and the write marker are always read and written through `kv`.
 */
async function rebuildRendered(kv: KVNamespace, reads: KVNamespace, site: SiteConfig, scope: Scope, formats: Format[], now: number): Promise<Partial<Record<Format, Rendered>> | null> {
  const [visible, changes] = await Promise.all([newestInScope(reads, scope, site.feedLimit, now, site.translationFallback), lastChanges(kv)]);
  const staleAt = Math.min(now + refreshAfter(site, changes.written, now), visible.nextChange ?? Number.POSITIVE_INFINITY);
  if (scope.kind === 'topic' && visible.reports.length === 0 && !(await listedInAnyLanguage(reads, scope, now))) {
    rememberAbsent(scope, staleAt);
    return null;
  }
  const translations = formats.some((format) => SHOWS_TRANSLATIONS.includes(format)) ? await translationsOf(reads, visible.reports, now) : undefined;
  const model = buildFeedModel(site, scope, visible.reports, changes.removed, undefined, translations);
  const copies: Partial<Record<Format, Rendered>> = {};
  await Promise.all(
    formats.map(async (format) => {
      const rendered = await renderedCopy(RENDERERS[format](model), site, { lm: Date.parse(model.updated), staleAt });
      // Awaited rather than left to waitUntil: a rebuild is already the slow path, and a copy
      // that lands after the response could overwrite one stored by a later write's rebuild.
      await putRebuilt(kv, renderedKey(scope, format), rendered, now, () => writtenSince(kv, changes.mark));
      copies[format] = rendered;
    }),
  );
  return copies;
}

const FEEDS: Format[] = ['rss', 'atom', 'json'];

/** Prerenders of a scope under way in this isolate: writes arriving together share one, as readers share a rebuild. */
const prerendering = new Map<string, Promise<Partial<Record<Format, Rendered>> | null>>();

function prerenderOnce(scope: Scope, rebuild: () => Promise<Partial<Record<Format, Rendered>> | null>): Promise<Partial<Record<Format, Rendered>> | null> {
  const key = scopeId(scope);
  const pending = prerendering.get(key);
  if (pending) return pending;
  const started = rebuild().finally(() => prerendering.delete(key));
  prerendering.set(key, started);
  return started;
}

/**
 * What readers ask for first, rebuilt right after a write (in waitUntil) so they find it
 * current instead of paying for the rebuild: the feeds of every language (`/feed.xml`…),
 * and each language's home page and feeds (`/`, `/zh/`, `/en/feed.xml`, `/zh/feed.xml`…).
 * One reading of the reports and of each group serves them all; topic copies are rebuilt on
 * their first request. Readers of a copy under way in this isolate wait for it, and writes
 * arriving together share one prerender.
 */
export async function prerender(kv: KVNamespace, site: SiteConfig, now: number): Promise<void> {
  const reads = memoReads(kv);
  const plan: [Scope, Format[]][] = [[ALL, FEEDS], ...LANGUAGES.map((lang): [Scope, Format[]] => [inLanguage(ALL, lang), ['html', ...FEEDS]])];
  await Promise.all(
    plan.map(([scope, formats]) => {
      const rebuilt = prerenderOnce(scope, () => rebuildRendered(kv, reads, site, scope, formats, now));
      return Promise.all([rebuilt, ...formats.map((format) => rebuildOnce(`${scopeId(scope)}:${format}`, async () => (await rebuilt)?.[format] ?? null))]);
    }),
  );
}
