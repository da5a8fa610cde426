import type { Context } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { logEvent } from '../common/log.ts';
import type { Scope } from '../common/scope.ts';
import { prerender } from '../feeds/serve.ts';
import { dispatchCrossposts } from '../crossposts/jobs.ts';
import { notifyHub, type Saved, type Stores } from './publishing.ts';
import { publicationOf } from './publications-store.ts';
import { etagOf, sourceOf } from './revisions.ts';
import { groupPublications } from './translations-store.ts';

/**
 * What the admin API's report routes share: who writes, where reports live, and how a
 * write is answered (the stored report with its ETag, the hub pinged, feeds rebuilt and
 * cross-posts sent after the answer).
 */

/** Where the request's reports live. */
export const stores = (c: Context<AppEnv>): Stores => ({ kv: c.env.REPORTS, db: c.env.DB });

/**
 * Who makes this request's write, as its revision records it: `owner` (the `ADMIN_TOKEN`),
 * `token:<name>` (an API token) or `editor:<address>` (a signed-in editor), so a token
 * named like a person or like `owner` is still told apart.
 */
export function authorOf(c: Context<AppEnv>): string {
  const actor = c.get('actor');
  if (!actor) return 'unknown';
  return actor.kind === 'owner' ? 'owner' : `${actor.kind}:${actor.name}`;
}

/** Tells the WebSub hub about the feeds a write changed, after the answer. */
export function announce(c: Context<AppEnv>, scopes: Scope[]): void {
  c.executionCtx.waitUntil(
    notifyHub(c.var.site, scopes).catch((error: unknown) => logEvent('websub-ping-failed', { error: String(error) }, 'warn')),
  );
}

/** After a write that dropped rendered copies, rebuild the main ones before readers ask. */
export function rebuildSoon(c: Context<AppEnv>, scopes: Scope[]): void {
  if (scopes.length === 0) return;
  c.executionCtx.waitUntil(prerender(c.env.REPORTS, c.var.site, Date.now()).catch((error: unknown) => logEvent('prerender-failed', { error: String(error) }, 'error')));
}

/** A report that became public is cross-posted at once (the 5-minute cron catches up on anything missed). */
function crosspostSoon(c: Context<AppEnv>): void {
  c.executionCtx.waitUntil(dispatchCrossposts(c.env, Date.now()).catch((error: unknown) => logEvent('crosspost-dispatch-failed', { error: String(error) }, 'error')));
}

/** Answers a write: 201 with `Location` when it created the report, else 200; the stored report and its `ETag`. */
export async function stored(c: Context<AppEnv>, saved: Saved): Promise<Response> {
  announce(c, saved.announce);
  if (saved.becamePublic) crosspostSoon(c);
  rebuildSoon(c, saved.scopes);
  const location = `${c.var.site.siteUrl}/api/reports/${saved.report.slug}`;
  const etag = etagOf(saved.report.hash);
  return c.json(await adminView(c, saved.report), saved.created ? 201 : 200, saved.created ? { location, etag } : { etag });
}

/**
 * A stored report as the API shows it: without the content hash and stored rendering, with
 * where it comes from (`source`), its stale flag (another version of its group was edited
 * after this one was last saved: this translation needs work) and its other versions.
 */
export async function adminView(c: Context<AppEnv>, { hash: _hash, rendered: _rendered, ...report }: Saved['report']) {
  const key = report.translation_key;
  const [group, publication] = await Promise.all([key ? groupPublications(c.env.DB, [key]).then((groups) => groups.get(key) ?? []) : [], publicationOf(c.env.DB, report.slug)]);
  return {
    ...report,
    source: sourceOf(report),
    // When it first became public (null: not yet), and whether that was recorded quietly
    // (announced by no email, digest or cross-post) and why; null until it becomes public.
    became_public: publication ? new Date(publication.publicAt).toISOString() : null,
    quiet: publication ? publication.quiet !== null : null,
    quiet_reason: publication?.quiet ?? null,
    stale: group.some((v) => v.slug === report.slug && v.stale),
    translations: group
      .filter((v) => v.slug !== report.slug)
      .map((v) => ({ slug: v.slug, lang: v.lang, stale: v.stale, href: `${c.var.site.siteUrl}/api/reports/${v.slug}` })),
  };
}
