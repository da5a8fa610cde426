import { type Context, Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { readJsonBody } from '../common/http/json-body.ts';
import { Problem } from '../common/problem.ts';
import { reindexReports, removeReport, saveReport, type WriteOptions } from './publishing.ts';
import { closeFirstSync, FIRST_SYNC_TOKEN, openFirstSync } from './first-sync-store.ts';
import { NO_SLUG, slugFor } from './prepare.ts';
import { parseReportInput, type ReportInput } from './schema.ts';
import { isSlug } from './text.ts';
import { staleSlugs } from './translations-store.ts';
import { getReport, listIndex } from './store.ts';
import { dropAllRendered } from '../common/rendered.ts';
import { adminView, announce, authorOf, rebuildSoon, stored, stores } from './answers.ts';
import { etagOf, parseIfMatch } from './revisions.ts';

/** A valid report from the API: one that does not say where it comes from is the desk's. */
async function validInput(body: unknown): Promise<ReportInput> {
  const result = parseReportInput(body);
  if (!result.ok) throw new Problem(400, 'The report has invalid fields.', result.errors);
  return { ...result.value, source: result.value.source ?? 'desk' };
}

function slugParam(slug: string): string {
  if (!isSlug(slug)) throw new Problem(404, `No report has the slug "${slug}".`);
  return slug;
}

/** The admin API's reports: `/api/reports…` and `/api/reindex` (mounted behind the admin token by app.ts). */
export const reportAdmin = new Hono<AppEnv>();

/**
 * Rewrites the index keys of a page of stored reports (after an upgrade that added an index:
 * the archive's month keys, the events index). Call again with `cursor` until none is returned.
 */
reportAdmin.post('/reindex', async (c) => {
  const cursor = c.req.query('cursor') || undefined;
  const page = await reindexReports(c.env.REPORTS, { limit: 100, cursor, now: Date.now() }).catch((error: unknown) => {
    if (cursor) throw new Problem(400, 'The cursor is not one this API issued.', [{ field: 'cursor', message: 'must be a next_cursor from an earlier call' }]);
    throw error;
  });
  if (!page.cursor) await dropAllRendered(c.env.REPORTS);
  return c.json({ reindexed: page.reindexed, next_cursor: page.cursor ?? null });
});

reportAdmin.get('/reports', async (c) => {
  const limit = Number(c.req.query('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new Problem(400, 'limit must be an integer from 1 to 1000.', [{ field: 'limit', message: 'must be an integer from 1 to 1000' }]);
  const cursor = c.req.query('cursor') || undefined;
  const page = await listIndex(c.env.REPORTS, { limit, cursor }).catch((error: unknown) => {
    // KV rejects a cursor it did not issue; that is the client's mistake, not ours.
    if (cursor) throw new Problem(400, 'The cursor is not one this API issued.', [{ field: 'cursor', message: 'must be a next_cursor from an earlier page' }]);
    throw error;
  });
  const now = Date.now();
  const stale = await staleSlugs(c.env.DB, page.entries.filter((e) => e.k).map((e) => e.s));
  return c.json({
    reports: page.entries.map((e) => ({
      slug: e.s,
      title: e.t,
      lang: e.l ?? null,
      translation_key: e.k ?? null,
      stale: stale.has(e.s),
      published: new Date(e.p).toISOString(),
      updated: new Date(e.u).toISOString(),
      draft: e.d,
      scheduled: e.p > now,
      source: e.o ?? 'file',
      href: `${c.var.site.siteUrl}/api/reports/${e.s}`,
    })),
    next_cursor: page.cursor ?? null,
  });
});

/**
 * `?first_sync=<token>`: the write is part of the first content sync into an empty store
 * (`POST /api/first-sync`), and is recorded quietly. Without it, a write is recorded as any.
 */
function writeOptions(c: Context<AppEnv>): WriteOptions {
  const options: WriteOptions = { author: authorOf(c), ifMatch: parseIfMatch(c.req.header('if-match')) };
  const token = c.req.query('first_sync');
  if (token === undefined) return options;
  if (!FIRST_SYNC_TOKEN.test(token)) throw new Problem(400, 'first_sync must be the token POST /api/first-sync answered.', [{ field: 'first_sync', message: 'must be 32 lower-case hex digits from POST /api/first-sync' }]);
  return { ...options, firstSync: token };
}

/**
 * Opens the first content sync into an empty store (no report stored, none ever public or
 * scheduled): 201 with its token, which each write of the sync carries as `?first_sync=`, so
 * the back catalogue it writes is recorded quietly. 409 when the store is not empty or
 * another sync holds it: such a sync writes as any client does.
 */
reportAdmin.post('/first-sync', async (c) => {
  const opened = await openFirstSync(c.env.DB, c.env.REPORTS, Date.now());
  if (!opened) throw new Problem(409, 'Only the first sync into an empty store records its reports quietly: this store holds reports, or another sync is under way.');
  return c.json({ token: opened.token, expires_at: new Date(opened.expiresAt).toISOString() }, 201);
});

/** Closes the first sync (204, also when it was over already). */
reportAdmin.delete('/first-sync/:token', async (c) => {
  await closeFirstSync(c.env.DB, c.req.param('token'));
  return c.body(null, 204);
});

reportAdmin.post('/reports', async (c) => {
  const options = writeOptions(c);
  const input = await validInput(await readJsonBody(c));
  const now = Date.now();
  const slug = slugFor(input, input.published ?? new Date(now).toISOString());
  if (!slug) throw new Problem(400, 'The report needs a slug.', [NO_SLUG]);
  const previous = await getReport(c.env.REPORTS, slug);
  if (previous) throw new Problem(409, `A report with the slug "${slug}" exists; PUT /api/reports/${slug} replaces it.`, [{ field: 'slug', message: 'is taken' }]);
  return stored(c, await saveReport(stores(c), c.var.site, input, slug, now, null, options));
});

reportAdmin.get('/reports/:slug', async (c) => {
  const report = await getReport(c.env.REPORTS, slugParam(c.req.param('slug')));
  if (!report) throw new Problem(404, `No report has the slug "${c.req.param('slug')}".`);
  return c.json(await adminView(c, report), 200, { etag: etagOf(report.hash) });
});

reportAdmin.put('/reports/:slug', async (c) => {
  const slug = c.req.param('slug');
  if (!isSlug(slug) || slug.length > 100) throw new Problem(400, 'The slug in the address is not valid.', [{ field: 'slug', message: 'must be lower-case letters and digits joined by single hyphens, at most 100 characters' }]);
  const options = writeOptions(c);
  const input = await validInput(await readJsonBody(c));
  if (input.slug !== undefined && input.slug !== slug) throw new Problem(400, 'The slug in the body differs from the one in the address.', [{ field: 'slug', message: `must be "${slug}" or absent` }]);
  return stored(c, await saveReport(stores(c), c.var.site, input, slug, Date.now(), undefined, options));
});

reportAdmin.delete('/reports/:slug', async (c) => {
  const slug = slugParam(c.req.param('slug'));
  const removed = await removeReport(stores(c), slug, Date.now(), { author: authorOf(c), ifMatch: parseIfMatch(c.req.header('if-match')) });
  if (!removed) throw new Problem(404, `No report has the slug "${c.req.param('slug')}".`);
  announce(c, removed.announce);
  rebuildSoon(c, removed.scopes);
  return c.body(null, 204);
});

for (const [path, allow] of [
  ['/first-sync', 'POST'],
  ['/first-sync/:token', 'DELETE'],
  ['/reports', 'GET, POST'],
  ['/reports/:slug', 'GET, PUT, DELETE'],
] as const) {
  reportAdmin.all(path, () => {
    throw new Problem(405, `Allowed methods: ${allow}.`, [], { allow });
  });
}
