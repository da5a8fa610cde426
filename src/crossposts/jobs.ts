import type { CrosspostMessage, Env } from '../shared/config.ts';
import { readConfig } from '../shared/config.ts';
import { logEvent } from '../shared/log.ts';
import { getReport, isPublicAt, type Publication, publicAtOf, publicationsAfter, publicationsSince } from '../reports/index.ts';
import { announcementOf } from './announcement.ts';
import { type Channel, channelWants, disableChannel, getChannel, listChannels, openChannel } from './channel-store.ts';
import { cancelDelivery, claimDelivery, createDeliveries, failExhausted, getDelivery, settleDelivery, stuckDeliveries } from './delivery-store.ts';
import { type Fetcher, sendTo } from './services.ts';

/** Attempts a delivery gets (the queue's max_retries + 1): then the dead-letter queue. */
export const MAX_ATTEMPTS = 6;

/** Channels whose service drops a repeated post itself, so an attempt cut off mid-send may be made again. */
const DEDUPLICATING = new Set<Channel['type']>(['webhook', 'mastodon']);

/** The stable id of a (channel, report) post: Standard Webhooks' `webhook-id`, Mastodon's Idempotency-Key. */
export async function deliveryKey(channelId: string, reportId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${channelId}\n${reportId}`));
  return `msg_${[...new Uint8Array(digest)].slice(0, 16).map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Creates the deliveries of `publications` on the channels that want them; returns the new ones' ids. */
async function deliveriesFor(env: Env, channels: Channel[], publications: Publication[], now: number): Promise<number[]> {
  const pairs: { channel: string; slug: string }[] = [];
  for (const publication of publications) {
    // A channel posts what became public after it was added; older reports only on a backfill.
    const wanting = channels.filter((channel) => channel.createdAt <= publication.publicAt);
    if (wanting.length === 0) continue;
    const report = await getReport(env.REPORTS, publication.slug);
    if (!report || !isPublicAt(report, now)) continue;
    for (const channel of wanting) if (channelWants(channel, report)) pairs.push({ channel: channel.id, slug: report.slug });
  }
  return createDeliveries(env.DB, pairs, now);
}

async function enqueue(env: Env, ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 100) await env.CROSSPOSTS.sendBatch(ids.slice(i, i + 100).map((delivery) => ({ body: { delivery } satisfies CrosspostMessage })));
}

/**
 * Turns reports that became public (the `publications` table, read past a cursor) into
 * deliveries, one per enabled channel that wants each, and enqueues them. Safe to run
 * twice or at once: a delivery is created once (UNIQUE) and only its creator enqueues it;
 * the cursor moves by compare-and-set. Called after a write through the API and by the
 * 5-minute cron, which also re-enqueues deliveries whose message was lost.
 */
export async function dispatchCrossposts(env: Env, now: number): Promise<{ created: number; requeued: number }> {
  let created = 0;
  const channels = (await listChannels(env.DB)).filter((channel) => channel.enabled);
  for (let round = 0; round < 20; round++) {
    const cursor = (await env.DB.prepare('SELECT seq FROM crosspost_cursor WHERE id = 1').first<{ seq: number }>())?.seq ?? 0;
    const results = await publicationsAfter(env.DB, cursor, 100);
    if (results.length === 0) break;
    const ids = channels.length > 0 ? await deliveriesFor(env, channels, results, now) : [];
    await enqueue(env, ids);
    created += ids.length;
    const moved = await env.DB.prepare('UPDATE crosspost_cursor SET seq = ?2 WHERE id = 1 AND seq = ?1').bind(cursor, results.at(-1)!.seq).run();
    if ((moved.meta.changes ?? 0) === 0) break; // another dispatcher moved it: it carries on
  }
  const stuck = await stuckDeliveries(env.DB, now);
  await enqueue(env, stuck);
  return { created, requeued: stuck.length };
}

/**
 * Every 5 minutes: the reports that became public since the last dispatch (through the API,
 * a content sync, or coming due) are cross-posted, and deliveries whose message was lost
 * are enqueued again. Safe to run twice or to race: the cursor moves by compare-and-set and
 * each (channel, report) delivery is unique in D1.
 */
export async function crosspostDue(env: Env, now: number): Promise<void> {
  const crossposts = await dispatchCrossposts(env, now);
  if (crossposts.created + crossposts.requeued > 0) logEvent('crosspost-dispatch', { ...crossposts });
}

/** Deliveries for `channelId` of every report that became public since `since` (the admin's backfill). */
export async function backfillChannel(env: Env, channel: Channel, since: number, now: number): Promise<number> {
  const results = await publicationsSince(env.DB, since, 1000);
  const ids = await deliveriesFor(env, [{ ...channel, createdAt: 0 }], results, now);
  await enqueue(env, ids);
  return ids.length;
}

/** The first retry's wait, seconds (CROSSPOST_RETRY_SECONDS; each next one doubles). */
const RETRY_BASE_SECONDS = 30;

/** The wait before the next attempt: exponential from `base` with jitter, at least what the service asked, at most 12 hours. */
export function backoffSeconds(attempts: number, retryAfterMs?: number, random = Math.random, base = RETRY_BASE_SECONDS): number {
  const exponential = base * 2 ** Math.max(0, attempts - 1);
  const jittered = exponential * (1 + 0.3 * random());
  return Math.min(43_200, Math.ceil(Math.max(jittered, (retryAfterMs ?? 0) / 1000)));
}

type Disposition = { ack: true } | { ack: false; delaySeconds: number };

function retryBase(env: Env): number {
  const base = Number(env.CROSSPOST_RETRY_SECONDS ?? RETRY_BASE_SECONDS);
  return Number.isInteger(base) && base >= 1 && base <= 3600 ? base : RETRY_BASE_SECONDS;
}

async function attempt(env: Env, id: number, messageAttempts: number, fetcher: Fetcher, now: number): Promise<Disposition> {
  const delivery = await getDelivery(env.DB, id);
  if (!delivery) return { ack: true };
  const stored = await getChannel(env.DB, delivery.channel_id);
  if (!stored || !stored.enabled) {
    await cancelDelivery(env.DB, id, stored ? 'The channel is disabled.' : 'The channel was deleted.', now);
    return { ack: true };
  }
  const claimed = await claimDelivery(env.DB, delivery, DEDUPLICATING.has(stored.type), now);
  if ('skip' in claimed) return { ack: true };
  const { claim } = claimed;
  try {
    return await attemptClaimed(env, id, delivery.slug, delivery.attempts + 1, claim, messageAttempts, stored, fetcher, now);
  } catch (error) {
    // Nothing was sent (the send itself never throws): hand the delivery back for the retry.
    await settleDelivery(env.DB, id, claim, 'retrying', { lastStatus: null, lastError: String(error).slice(0, 500) }, now);
    throw error;
  }
}

async function attemptClaimed(env: Env, id: number, slug: string, attempts: number, claim: string, messageAttempts: number, stored: Channel & { sealed: string | null }, fetcher: Fetcher, now: number): Promise<Disposition> {
  const report = await getReport(env.REPORTS, slug);
  const publicAt = await publicAtOf(env.DB, slug);
  if (!report || !isPublicAt(report, now) || publicAt === null) {
    await settleDelivery(env.DB, id, claim, 'cancelled', { lastStatus: null, lastError: 'The report is no longer public.' }, now);
    return { ack: true };
  }
  const channel = await openChannel(stored, env.CHANNELS_KEY);
  const site = readConfig(env);
  const outcome = await sendTo(channel, announcementOf(report, site.siteUrl, publicAt), await deliveryKey(channel.id, report.id), fetcher, now);
  if (outcome.ok) {
    await settleDelivery(env.DB, id, claim, 'sent', { lastStatus: outcome.status, lastError: null, remoteUrl: outcome.remoteUrl ?? null }, now);
    logEvent('crosspost-sent', { delivery: id, channel: channel.id, report: slug, attempts, status: outcome.status });
    return { ack: true };
  }
  const lastError = `${outcome.status ?? 'no answer'}: ${outcome.detail}`;
  if (outcome.gone) {
    await settleDelivery(env.DB, id, claim, 'failed', { lastStatus: outcome.status, lastError }, now);
    logEvent('crosspost-failed', { delivery: id, channel: channel.id, report: slug, status: outcome.status }, 'warn');
    if (channel.type === 'webhook') {
      await disableChannel(env.DB, channel.id, `Disabled: the endpoint answered 410 Gone on ${new Date(now).toISOString()}.`, now);
      logEvent('crosspost-channel-disabled', { channel: channel.id, reason: 'gone' }, 'warn');
    }
    return { ack: true };
  }
  if (!outcome.retryable) {
    await settleDelivery(env.DB, id, claim, 'failed', { lastStatus: outcome.status, lastError }, now);
    logEvent('crosspost-failed', { delivery: id, channel: channel.id, report: slug, status: outcome.status }, 'warn');
    return { ack: true };
  }
  // The last attempt's retry sends the message to the dead-letter queue, which records it failed.
  await settleDelivery(env.DB, id, claim, 'retrying', { lastStatus: outcome.status, lastError }, now);
  logEvent('crosspost-retry', { delivery: id, channel: channel.id, attempts, messageAttempts, status: outcome.status }, 'warn');
  return { ack: false, delaySeconds: backoffSeconds(attempts, outcome.retryAfterMs, Math.random, retryBase(env)) };
}

/**
 * The CROSSPOSTS queue (one message per delivery) and its dead-letter queue (what ran out of
 * retries: recorded as failed with the last answer). A redelivered message whose delivery was
 * sent is acknowledged with nothing sent; two consumers racing for one delivery send it once.
 */
export async function onCrosspostQueue(batch: MessageBatch<CrosspostMessage>, env: Env, now: number = Date.now(), fetcher: Fetcher = (request) => fetch(request)): Promise<void> {
  if (batch.queue.endsWith('-dlq')) {
    for (const message of batch.messages) {
      await failExhausted(env.DB, message.body.delivery, message.attempts, now);
      message.ack();
    }
    return;
  }
  for (const message of batch.messages) {
    let disposition: Disposition;
    try {
      disposition = await attempt(env, message.body.delivery, message.attempts, fetcher, now);
    } catch (error) {
      logEvent('crosspost-error', { delivery: message.body.delivery, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 'error');
      disposition = { ack: false, delaySeconds: 60 };
    }
    if (disposition.ack) message.ack();
    else message.retry({ delaySeconds: disposition.delaySeconds });
  }
}
