import { type Context, Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { catalogue, LANGUAGE_TAGS, uiLanguage } from '../common/i18n/index.ts';
import { homeUrl } from '../common/urls.ts';
import { readJsonBody } from '../common/http/json-body.ts';
import { Problem } from '../common/problem.ts';
import { isIsoDate, isIsoDateTime, toEpoch } from '../reports/dates.ts';
import { isSlug } from '../reports/text.ts';
import type { Announcement } from './announcement.ts';
import { channelView, credentialsOf, deleteChannel, getChannel, isChannelId, listChannels, openChannel, putChannel, resealChannels } from './channel-store.ts';
import { type Delivery, listDeliveries } from './delivery-store.ts';
import { retryDelivery } from './retry.ts';
import { DEFAULT_TIMEOUT_MS } from './http.ts';
import { backfillChannel } from './jobs.ts';
import { keyringOf, SealError } from './secrets.ts';
import { sendTo } from './services.ts';
import { sessionKeeper } from './session-store.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function channelId(c: Context<AppEnv>): string {
  const id = c.req.param('id') ?? '';
  if (!isChannelId(id)) throw new Problem(404, `No channel has the id "${id}".`);
  return id;
}

async function existing(c: Context<AppEnv>) {
  const id = channelId(c);
  const channel = await getChannel(c.env.DB, id);
  if (!channel) throw new Problem(404, `No channel has the id "${id}".`);
  return channel;
}

/** Admin API for the institute's channels: list, read, create or replace, delete, test, backfill. */
export const channelAdmin = new Hono<AppEnv>();

channelAdmin.get('/', async (c) => c.json({ channels: (await listChannels(c.env.DB)).map((channel) => channelView(channel)) }));

channelAdmin.get('/:id', async (c) => c.json(channelView(await existing(c))));

channelAdmin.put('/:id', async (c) => {
  const id = channelId(c);
  const { channel, created } = await putChannel(c.env.DB, keyringOf(c.env), id, await readJsonBody(c), Date.now());
  return c.json(channelView(channel), created ? 201 : 200);
});

/** Re-seals every channel's credentials with CHANNELS_KEY (after a rotation, or an upgrade). */
channelAdmin.post('/reseal', async (c) => c.json(await resealChannels(c.env.DB, keyringOf(c.env))));

channelAdmin.delete('/:id', async (c) => {
  const id = channelId(c);
  if (!(await deleteChannel(c.env.DB, id))) throw new Problem(404, `No channel has the id "${id}".`);
  return c.body(null, 204);
});

/** Sends a test message now and answers what the channel said; records no delivery. */
channelAdmin.post('/:id/test', async (c) => {
  const stored = await existing(c);
  const keys = keyringOf(c.env);
  const channel = await openChannel(stored, keys).catch((error: unknown) => {
    if (!(error instanceof SealError)) throw error;
    if (error.reason === 'no-key') throw new Problem(503, 'Channel credentials cannot be read: the CHANNELS_KEY secret is not set.');
    throw new Problem(409, `The channel's credentials do not open (${error.message}): give them again.`, credentialsOf(stored.type).map((field) => ({ field, message: 'must be given again' })));
  });
  const now = Date.now();
  const site = c.var.site;
  // In the language the channel prefers, as its posts of translation groups are.
  const lang = uiLanguage(channel.lang || site.lang);
  const words = catalogue(lang).crossposts;
  const test: Announcement = {
    id: `${site.siteUrl}/#herald-test`,
    slug: 'herald-test',
    url: homeUrl(site, lang),
    title: words.testTitle(site.names[lang].title),
    summary: words.testSummary(channel.id),
    topics: [],
    lang: LANGUAGE_TAGS[lang],
    published: new Date(now).toISOString(),
    becamePublic: new Date(now).toISOString(),
  };
  const timeout = Number(c.env.CROSSPOST_TIMEOUT_SECONDS ?? DEFAULT_TIMEOUT_MS / 1000);
  const outcome = await sendTo(channel, test, {
    key: `msg_test_${crypto.randomUUID().replace(/-/g, '')}`,
    fetcher: (request) => fetch(request),
    clock: Date.now,
    timeoutMs: (Number.isInteger(timeout) && timeout >= 1 && timeout <= 60 ? timeout : DEFAULT_TIMEOUT_MS / 1000) * 1000,
    sessions: sessionKeeper(c.env.DB, keys, channel, Date.now),
  });
  return c.json({ ok: outcome.ok, status: outcome.status, answer: outcome.detail, ...(outcome.remoteUrl ? { url: outcome.remoteUrl } : {}) }, outcome.ok ? 200 : 502);
});

/** Posts to this channel the reports that became public since `since` (which it would otherwise never get). */
channelAdmin.post('/:id/backfill', async (c) => {
  const channel = await existing(c);
  const body = (await readJsonBody(c)) as { since?: unknown } | null;
  const since = body?.since;
  if (typeof since !== 'string' || !(isIsoDate(since) || isIsoDateTime(since))) throw new Problem(400, 'since must be a date or a date-time with an offset.', [{ field: 'since', message: 'must be a date (2026-01-31) or a date-time with an offset' }]);
  if (!channel.enabled) throw new Problem(409, 'The channel is disabled; enable it before a backfill.', [{ field: 'enabled', message: 'must be true' }]);
  const queued = await backfillChannel(c.env, channel, toEpoch(since), Date.now());
  return c.json({ queued }, 202);
});

const STATUSES = ['queued', 'sending', 'retrying', 'sent', 'failed', 'cancelled', 'unknown'];

function deliveryView(d: Delivery) {
  return {
    id: d.id,
    channel: d.channel_id,
    report: d.slug,
    translation_key: d.translation_key,
    status: d.status,
    attempts: d.attempts,
    last_status: d.last_status,
    last_error: d.last_error,
    url: d.remote_url,
    next_attempt_at: d.status === 'retrying' || d.status === 'queued' ? iso(d.next_attempt_at) : null,
    created_at: iso(d.created_at),
    updated_at: iso(d.updated_at),
  };
}

/** Admin API for the delivery log. */
export const deliveryAdmin = new Hono<AppEnv>();

deliveryAdmin.get('/', async (c) => {
  const report = c.req.query('report');
  const channel = c.req.query('channel');
  const status = c.req.query('status');
  if (report !== undefined && !isSlug(report)) throw new Problem(400, 'report must be a report slug.', [{ field: 'report', message: 'must be a slug' }]);
  if (channel !== undefined && !isChannelId(channel)) throw new Problem(400, 'channel must be a channel id.', [{ field: 'channel', message: 'must be a channel id' }]);
  if (status !== undefined && !STATUSES.includes(status)) throw new Problem(400, 'status is not a delivery state.', [{ field: 'status', message: `must be one of ${STATUSES.join(', ')}` }]);
  const limit = Number(c.req.query('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new Problem(400, 'limit must be an integer from 1 to 500.', [{ field: 'limit', message: 'must be an integer from 1 to 500' }]);
  const beforeRaw = c.req.query('before');
  const before = beforeRaw === undefined ? undefined : Number(beforeRaw);
  if (before !== undefined && (!Number.isSafeInteger(before) || before < 1)) throw new Problem(400, 'before must be a delivery cursor.', [{ field: 'before', message: 'must be a next_before from an earlier page' }]);
  const rows = await listDeliveries(c.env.DB, { slug: report, channel, status, before, limit });
  return c.json({ deliveries: rows.map(deliveryView), next_before: rows.length === limit ? rows.at(-1)!.id : null });
});

/** Puts a failed (or unknown) delivery back in the queue, for a fresh series of attempts: a person's decision. */
deliveryAdmin.post('/:id/retry', async (c) => {
  const raw = c.req.param('id');
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
  if (id === 0) throw new Problem(404, `No delivery has the id "${raw}".`);
  return c.json(deliveryView(await retryDelivery(c.env, id, Date.now())), 202);
});
