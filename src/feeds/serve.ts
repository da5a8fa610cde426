import type { SiteConfig } from '../common/config.ts';
import { isCurrent, rebuildOnce, refreshAfter, renderedCopy } from '../common/rebuild.ts';
import { ListPage } from './list-page.tsx';
import type { Scope } from '../common/scope.ts';
import { type Rendered, getRendered, knownAbsent, putRebuilt, rememberAbsent, renderedKey } from '../common/rendered.ts';
import { scopeId } from '../common/scope.ts';
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
