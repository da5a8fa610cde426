import { type Context, Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { Problem } from '../common/problem.ts';
import { authorOf, stored, stores } from './answers.ts';
import { saveReport } from './publishing.ts';
import { reportFile } from './report-file.ts';
import { contentOf, etagOf, parseIfMatch } from './revisions.ts';
import { currentRevision, listRevisions, readRevision, type RevisionEntry } from './revisions-store.ts';
import { parseReportInput } from './schema.ts';
import { getReport } from './store.ts';
import { isSlug } from './text.ts';

/**
 * A report's history and its file (admin API): `/api/reports/:slug/revisions…` and
 * `/api/reports/:slug/markdown`. Mounted beside the report routes by app.ts.
 */
export const revisionAdmin = new Hono<AppEnv>();

function slugOf(c: Context<AppEnv>): string {
  const slug = c.req.param('slug') ?? '';
  if (!isSlug(slug)) throw new Problem(404, `No report has the slug "${slug}".`);
  return slug;
}

function numberOf(c: Context<AppEnv>): number {
  const n = c.req.param('n') ?? '';
  if (!/^[1-9][0-9]{0,8}$/.test(n)) throw new Problem(400, 'The revision number in the address is not valid.', [{ field: 'n', message: 'must be a whole number from 1, as the revisions list gives it' }]);
  return Number(n);
}

/** A revision as listed: `current` when the stored report is this revision's. */
function entryView(c: Context<AppEnv>, slug: string, entry: RevisionEntry, current: number | null) {
  return {
    n: entry.n,
    at: new Date(entry.at).toISOString(),
    author: entry.author,
    kind: entry.kind,
    restored_from: entry.restoredFrom,
    hash: entry.hash,
    title: entry.title,
    source: entry.source,
    current: entry.n === current,
    href: `${c.var.site.siteUrl}/api/reports/${slug}/revisions/${entry.n}`,
  };
}

/** The revision the stored report is (null: deleted, or never changed since revisions exist). */
async function currentOf(c: Context<AppEnv>, slug: string): Promise<number | null> {
  const report = await getReport(c.env.REPORTS, slug);
  return report ? currentRevision(c.env.DB, slug, report.hash) : null;
}

/** `?limit=` (1 to 200, default 50) and `?before=` (a revision number: the page below it). */
function pageOf(c: Context<AppEnv>): { limit: number; before?: number } {
  const limit = Number(c.req.query('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new Problem(400, 'limit must be an integer from 1 to 200.', [{ field: 'limit', message: 'must be an integer from 1 to 200' }]);
  const before = c.req.query('before');
  if (before === undefined) return { limit };
  if (!/^[1-9][0-9]{0,8}$/.test(before)) throw new Problem(400, 'before must be a revision number.', [{ field: 'before', message: 'must be a next_before from an earlier page' }]);
  return { limit, before: Number(before) };
}

revisionAdmin.get('/reports/:slug/revisions', async (c) => {
  const slug = slugOf(c);
  const page = pageOf(c);
  const [entries, report] = await Promise.all([listRevisions(c.env.DB, slug, page), getReport(c.env.REPORTS, slug)]);
  const current = report ? await currentRevision(c.env.DB, slug, report.hash) : null;
  if (entries.length === 0 && !report && page.before === undefined) throw new Problem(404, `No report has the slug "${slug}", nor ever had.`);
  const last = entries.at(-1);
  return c.json({
    slug,
    deleted: report === null,
    revisions: entries.map((entry) => entryView(c, slug, entry, current)),
    next_before: entries.length === page.limit && last && last.n > 1 ? last.n : null,
  });
});

revisionAdmin.get('/reports/:slug/revisions/:n', async (c) => {
  const slug = slugOf(c);
  const n = numberOf(c);
  const [revision, current] = await Promise.all([readRevision(c.env.DB, slug, n), currentOf(c, slug)]);
  if (!revision) throw new Problem(404, `The report "${slug}" has no revision ${n}.`);
  const { content, ...entry } = revision;
  return c.json({ ...entryView(c, slug, entry, current), report: content });
});

/**
 * Saves revision n's report again, as a new write from the desk (a new revision, feeds and
 * indexes following, If-Match as for PUT): a deleted report comes back this way (201).
 */
revisionAdmin.post('/reports/:slug/revisions/:n/restore', async (c) => {
  const slug = slugOf(c);
  const n = numberOf(c);
  const ifMatch = parseIfMatch(c.req.header('if-match'));
  const revision = await readRevision(c.env.DB, slug, n);
  if (!revision) throw new Problem(404, `The report "${slug}" has no revision ${n}.`);
  const parsed = parseReportInput(revision.content);
  if (!parsed.ok) throw new Problem(409, `Revision ${n} does not pass today's checks of a report: put the fields named here right and save it with PUT.`, parsed.errors);
  // Restored through the API: the desk's, so a pruning sync does not delete it again.
  const input = { ...parsed.value, source: 'desk' as const };
  return stored(c, await saveReport(stores(c), c.var.site, input, slug, Date.now(), undefined, { author: authorOf(c), ifMatch, restoredFrom: n }));
});

/** The report as the Markdown file content/reports/ would hold (`<slug>.md`), to commit it into Git. */
revisionAdmin.get('/reports/:slug/markdown', async (c) => {
  const slug = slugOf(c);
  const report = await getReport(c.env.REPORTS, slug);
  if (!report) throw new Problem(404, `No report has the slug "${slug}".`);
  return c.body(reportFile(contentOf(report)), 200, {
    'content-type': 'text/markdown; charset=utf-8',
    'content-disposition': `attachment; filename="${slug}.md"`,
    etag: etagOf(report.hash),
  });
});

for (const [path, allow] of [
  ['/reports/:slug/revisions', 'GET'],
  ['/reports/:slug/revisions/:n', 'GET'],
  ['/reports/:slug/revisions/:n/restore', 'POST'],
  ['/reports/:slug/markdown', 'GET'],
] as const) {
  revisionAdmin.all(path, () => {
    throw new Problem(405, `Allowed methods: ${allow}.`, [], { allow });
  });
}
