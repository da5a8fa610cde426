import type { CrosspostMessage, Env } from '../common/config.ts';
import { readConfig } from '../common/config.ts';
import { logEvent } from '../common/log.ts';
import { publicationOf, readPublished } from '../reports/index.ts';
import { announcementOf } from './announcement.ts';
import { type Channel, disableChannel, getChannel, openChannel, type StoredChannel } from './channel-store.ts';
import { cancelDelivery, claimDelivery, failExhausted, getDelivery, settleDelivery } from './delivery-store.ts';
import { DEFAULT_TIMEOUT_MS, type Fetcher } from './http.ts';
import { keyringOf, SealError } from './secrets.ts';
import { sendTo } from './services.ts';
import { sessionKeeper } from './session-store.ts';

/** Attempts a delivery gets in all, counted in D1 across messages, restarts and the cron. */
export const MAX_ATTEMPTS = 6;

/**
 * Channels whose service drops a repeated post itself, so an attempt that got no answer (or
 * was cut off by a crash) may be made again: the webhook id, Mastodon's Idempotency-Key, the
 * Bluesky record key. Elsewhere such an attempt is `unknown`, for a person to check.
 */
const DEDUPLICATING = new Set<Channel['type']>(['webhook', 'mastodon', 'bluesky']);

/** The longest a queue message can be delayed; a longer wait is left to the cron and `next_attempt_at`. */
const MAX_QUEUE_DELAY_SECONDS = 43_200;

/** How early a message may arrive and still wait for its time rather than be dropped. */
const EARLY_TOLERANCE_MS = 5_000;

/** The longest wait a service may ask for (Retry-After beyond it is taken as a week). */
const MAX_WAIT_SECONDS = 7 * 86_400;

/** The stable id of a (channel, report) post: Standard Webhooks' `webhook-id`, Mastodon's Idempotency-Key. */
export async function deliveryKey(channelId: string, reportId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${channelId}\n${reportId}`));
  return `msg_${[...new Uint8Array(digest)].slice(0, 16).map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The first retry's wait, seconds (CROSSPOST_RETRY_SECONDS; each next one doubles). */
const RETRY_BASE_SECONDS = 30;

/** The wait before the next attempt: exponential from `base` with jitter, and at least what the service asked (up to a week). */
export function backoffSeconds(attempts: number, retryAfterMs?: number, random = Math.random, base = RETRY_BASE_SECONDS): number {
  const exponential = base * 2 ** Math.max(0, attempts - 1);
  const jittered = exponential * (1 + 0.3 * random());
  return Math.min(MAX_WAIT_SECONDS, Math.ceil(Math.max(jittered, (retryAfterMs ?? 0) / 1000)));
}

function setting(value: string | undefined, fallback: number, max: number): number {
  const n = Number(value ?? fallback);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
}

type Disposition = { ack: true } | { ack: false; delaySeconds: number };

interface Run {
  env: Env;
  fetcher: Fetcher;
  clock: () => number;
}

async function attempt(run: Run, id: number): Promise<Disposition> {
  const { env, clock } = run;
  const delivery = await getDelivery(env.DB, id);
  if (!delivery) return { ack: true };
  const stored = await getChannel(env.DB, delivery.channel_id);
  if (!stored || !stored.enabled) {
    await cancelDelivery(env.DB, id, stored ? 'The channel is disabled.' : 'The channel was deleted.', clock());
    return { ack: true };
  }
  const claimed = await claimDelivery(env.DB, delivery, DEDUPLICATING.has(stored.type), clock());
  if ('skip' in claimed) {
    // Early by a moment (a queue delay that came a little short): wait the rest. Earlier than
    // that it is a duplicate (the retry's own message is on its way) or an old message
    // redelivered: dropped, the cron enqueues the delivery when it is due. (Never re-delayed
    // at length: each re-delay spends one of the message's retries.)
    return claimed.skip === 'early' && claimed.in <= EARLY_TOLERANCE_MS ? { ack: false, delaySeconds: Math.ceil(claimed.in / 1000) } : { ack: true };
  }
  const { claim } = claimed;
  try {
    return await attemptClaimed(run, id, delivery.slug, delivery.attempts + 1, claim, stored);
  } catch (error) {
    // Nothing was sent (the send itself never throws): hand the delivery back for the retry.
    await settleDelivery(env.DB, id, claim, 'retrying', { lastStatus: null, lastError: String(error).slice(0, 500), nextAttemptAt: clock() + 60_000 }, clock());
    throw error;
  }
}

async function attemptClaimed(run: Run, id: number, slug: string, attempts: number, claim: string, stored: StoredChannel): Promise<Disposition> {
  const { env, clock } = run;
  const settle = (status: Parameters<typeof settleDelivery>[3], fields: Parameters<typeof settleDelivery>[4]) => settleDelivery(env.DB, id, claim, status, fields, clock());
  const publication = await publicationOf(env.DB, slug);
  const { reports, waiting } = publication ? await readPublished(env.REPORTS, [publication], clock()) : { reports: [], waiting: null };
  if (waiting) {
    // Public in D1 moments ago, not yet in KV here: nothing was sent; try again shortly.
    await settle('retrying', { lastStatus: null, lastError: 'The report is not readable here yet.', nextAttemptAt: clock() + 30_000 });
    return { ack: false, delaySeconds: 30 };
  }
  const [found] = reports;
  if (!found) {
    await settle('cancelled', { lastStatus: null, lastError: 'The report is no longer public.' });
    return { ack: true };
  }
  const { report, publicAt } = found;
  const keys = keyringOf(env);
  let channel;
  try {
    channel = await openChannel(stored, keys);
  } catch (error) {
    if (!(error instanceof SealError)) throw error;
    // Nothing is sent with credentials that were not sealed for this endpoint (or cannot be read).
    await settle('failed', { lastStatus: null, lastError: `The channel's credentials do not open (${error.message}); nothing was sent. Give them again with PUT /api/channels/${stored.id}.` });
    logEvent('crosspost-credentials-unreadable', { delivery: id, channel: stored.id, reason: error.reason }, 'error');
    return { ack: true };
  }
  const site = readConfig(env);
  const outcome = await sendTo(channel, announcementOf(report, site.siteUrl, publicAt), {
    key: await deliveryKey(channel.id, report.id),
    fetcher: run.fetcher,
    clock,
    timeoutMs: setting(env.CROSSPOST_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_MS / 1000, 60) * 1000,
    sessions: sessionKeeper(env.DB, keys, channel, clock),
  });
  const fields = { delivery: id, channel: channel.id, report: slug, attempts, status: outcome.status };
  if (outcome.ok) {
    await settle('sent', { lastStatus: outcome.status, lastError: null, remoteUrl: outcome.remoteUrl ?? null });
    logEvent('crosspost-sent', fields);
    return { ack: true };
  }
  const lastError = `${outcome.status ?? 'no answer'}: ${outcome.detail}`;
  if (outcome.unanswered && !DEDUPLICATING.has(channel.type)) {
    await settle('unknown', { lastStatus: null, lastError: `${lastError}. It may have been posted: check the channel, and retry it by hand if it was not.` });
    logEvent('crosspost-unknown', fields, 'warn');
    return { ack: true };
  }
  if (outcome.gone || !outcome.retryable || attempts >= MAX_ATTEMPTS) {
    await settle('failed', { lastStatus: outcome.status, lastError: outcome.retryable && !outcome.gone ? `${lastError} (gave up after ${attempts} attempts)` : lastError });
    logEvent('crosspost-failed', fields, 'warn');
    if (outcome.gone && channel.type === 'webhook') {
      await disableChannel(env.DB, channel.id, `Disabled: the endpoint answered 410 Gone on ${new Date(clock()).toISOString()}.`, clock());
      logEvent('crosspost-channel-disabled', { channel: channel.id, reason: 'gone' }, 'warn');
    }
    return { ack: true };
  }
  const delaySeconds = backoffSeconds(attempts, outcome.retryAfterMs, Math.random, setting(env.CROSSPOST_RETRY_SECONDS, RETRY_BASE_SECONDS, 3600));
  await settle('retrying', { lastStatus: outcome.status, lastError, nextAttemptAt: clock() + delaySeconds * 1000 });
  logEvent('crosspost-retry', { ...fields, delaySeconds }, 'warn');
  // A wait longer than a queue delay can be is kept in D1 only: the cron enqueues it when due.
  return delaySeconds <= MAX_QUEUE_DELAY_SECONDS ? { ack: false, delaySeconds } : { ack: true };
}

/**
 * The CROSSPOSTS queue (one message per delivery) and its dead-letter queue (what ran out of
 * retries: recorded as failed with the last answer). A redelivered message whose delivery was
 * sent, or is not due yet, sends nothing; two consumers racing for one delivery send it once.
 * Every claim and timestamp reads `clock` when it happens, so a long batch never makes its
 * own later deliveries look abandoned.
 */
export async function onCrosspostQueue(batch: MessageBatch<CrosspostMessage>, env: Env, clock: () => number = Date.now, fetcher: Fetcher = (request) => fetch(request)): Promise<void> {
  if (batch.queue.endsWith('-dlq')) {
    for (const message of batch.messages) {
      await failExhausted(env.DB, message.body.delivery, message.attempts, clock());
      message.ack();
    }
    return;
  }
  for (const message of batch.messages) {
    let disposition: Disposition;
    try {
      disposition = await attempt({ env, fetcher, clock }, message.body.delivery);
    } catch (error) {
      logEvent('crosspost-error', { delivery: message.body.delivery, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 'error');
      disposition = { ack: false, delaySeconds: 60 };
    }
    if (disposition.ack) message.ack();
    else message.retry({ delaySeconds: disposition.delaySeconds });
  }
}
