import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../common/app-env.ts';
import { readJsonBody } from '../common/http/json-body.ts';
import { Problem } from '../common/problem.ts';
import { toFieldErrors } from '../reports/schema.ts';
import { latestSeq, loadPublic, publicationsBySeq } from '../reports/index.ts';
import { normalizeAddress } from '../subscriptions/address.ts';
import { findSubscriberByEmail } from '../subscriptions/index.ts';
import { subscriberLinks } from '../subscriptions/tokens.ts';
import { FREQUENCIES } from '../subscriptions/types.ts';
import { chooseReports } from './groups.ts';
import { createComposer } from './email.ts';
import { startRun } from './jobs.ts';
import { sendingPausedUntil } from './pause-store.ts';
import { listRuns, runProblems, type RunSummary } from './run-store.ts';

/** Admin API for digest runs: run now, list runs, preview. */
export const digestAdmin = new Hono<AppEnv>();

const runRequest = z.strictObject({ frequency: z.enum(FREQUENCIES), dry_run: z.boolean().optional() });

function requireMail(env: AppEnv['Bindings']): string {
  if (!env.SUBSCRIPTION_SECRET || !env.DIGEST_FROM) throw new Problem(503, 'Digests are disabled: set the SUBSCRIPTION_SECRET secret and DIGEST_FROM.');
  return env.SUBSCRIPTION_SECRET;
}

/**
 * Runs a digest now for every active subscriber of the frequency who has something new,
 * whatever their local hour. The sending happens in the queue; GET /api/digests shows how
 * it went. With dry_run nothing is enqueued or recorded: only the counts.
 */
digestAdmin.post('/run', async (c) => {
  requireMail(c.env);
  const parsed = runRequest.safeParse(await readJsonBody(c));
  if (!parsed.success) throw new Problem(400, 'The run request has invalid fields.', toFieldErrors(parsed.error));
  const { frequency, dry_run: dryRun = false } = parsed.data;
  const now = Date.now();
  if (dryRun) {
    const toSeq = await latestSeq(c.env.DB);
    const row = await c.env.DB
      .prepare("SELECT COUNT(*) AS subscribers, COALESCE(SUM(last_seq < ?2), 0) AS due FROM subscribers WHERE status = 'active' AND frequency = ?1")
      .bind(frequency, toSeq)
      .first<{ subscribers: number; due: number }>();
    return c.json({ frequency, dry_run: true, subscribers: row?.subscribers ?? 0, due: row?.due ?? 0 });
  }
  const { run, fanOut, pausedUntil } = await startRun(c.env, frequency, now, 'admin', 'all', now);
  const paused = pausedUntil === null ? null : new Date(pausedUntil).toISOString();
  return c.json({ run: run?.id ?? null, frequency, cutoff: new Date(now).toISOString(), due: fanOut.enqueued, nothing_new: fanOut.nothingNew, sending_paused_until: paused }, 202);
});

function runView(run: RunSummary) {
  return {
    id: run.id,
    frequency: run.frequency,
    time: new Date(run.cutoff).toISOString(),
    trigger: run.trigger,
    due: run.due,
    sent: run.sent,
    skipped: run.skipped,
    failed: run.failed,
    unknown: run.unknown,
    pending: run.pending,
    cancelled: run.cancelled,
    delivered: run.delivered,
    bounced: run.bounced,
    complained: run.complained,
    paused_until: run.pausedUntil === null ? null : new Date(run.pausedUntil).toISOString(),
  };
}

digestAdmin.get('/', async (c) => {
  const limit = Number(c.req.query('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new Problem(400, 'limit must be an integer from 1 to 500.', [{ field: 'limit', message: 'must be an integer from 1 to 500' }]);
  const beforeText = c.req.query('before');
  const before = beforeText === undefined ? undefined : Number(beforeText);
  if (before !== undefined && (!Number.isInteger(before) || before < 1)) throw new Problem(400, 'before must be a run id.', [{ field: 'before', message: 'must be a positive integer' }]);
  const runs = await listRuns(c.env.DB, limit, before);
  const paused = await sendingPausedUntil(c.env.DB, Date.now());
  return c.json({ runs: runs.map(runView), next_before: runs.length === limit ? runs[runs.length - 1]!.id : null, sending_paused_until: paused === null ? null : new Date(paused).toISOString() });
});

/**
 * The sends of a run that did not go out as planned (failed, unknown) or did not arrive
 * (bounced, complained about, as delivery events said), for the operator to act on.
 */
digestAdmin.get('/:id/problems', async (c) => {
  const id = Number(c.req.param('id'));
  if (!Number.isInteger(id) || id < 1) throw new Problem(404, `No run has the id "${c.req.param('id')}".`);
  const results = await runProblems(c.env.DB, id);
  return c.json({ run: id, sends: results.map((row) => ({ ...row, updated_at: new Date(row.updated_at).toISOString() })) });
});

/** What the subscriber with `email` would get if their digest went out now. */
digestAdmin.get('/preview', async (c) => {
  const secret = requireMail(c.env);
  const raw = c.req.query('email') ?? '';
  const address = normalizeAddress(raw);
  if (!address.ok) throw new Problem(400, 'email is not a valid address.', [{ field: 'email', message: address.message }]);
  const subscriber = await findSubscriberByEmail(c.env.DB, address.email);
  if (!subscriber) throw new Problem(404, 'No subscriber has this address.', [{ field: 'email', message: 'is not subscribed' }]);
  const now = Date.now();
  const toSeq = await latestSeq(c.env.DB);
  const published = await loadPublic(c.env.REPORTS, await publicationsBySeq(c.env.DB, subscriber.lastSeq, toSeq), now);
  // Chosen as the digest would choose them: one version per new translation group for `both`.
  const reports = await chooseReports(c.env.DB, published, subscriber, (v) => v.seq !== null && v.seq <= subscriber.lastSeq, now);
  const base = { email: subscriber.email, status: subscriber.status, frequency: subscriber.frequency, reports: reports.length };
  if (reports.length === 0) return c.json({ ...base, subject: null, html: null, text: null });
  const run = { id: 0, frequency: subscriber.frequency === 'instant' ? ('daily' as const) : subscriber.frequency, cutoff: now, toSeq, trigger: 'admin' as const, createdAt: now, due: 0, skipped: 0, pausedUntil: null };
  const email = createComposer(c.var.site, now).compose(run, subscriber, reports).fill(await subscriberLinks(c.var.site.siteUrl, secret, subscriber.id, subscriber.uiLang));
  return c.json({ ...base, subject: email.subject, html: email.html, text: email.text });
});
