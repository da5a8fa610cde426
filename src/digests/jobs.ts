import { type DigestConfig, type DigestMessage, type Env, readConfig, readDigestConfig } from '../common/config.ts';
import { logEvent } from '../common/log.ts';
import { latestAnnouncedSeq } from '../reports/index.ts';
import type { Frequency } from '../subscriptions/types.ts';
import { type DeliveryContext, deliver, type Disposition, STALE_SENDING_MS } from './deliver.ts';
import { createComposer } from './email.ts';
import { fanOut, type FanOutResult, type Selection } from './fan-out.ts';
import { failClaimed, sweepStaleSending } from './ledger-store.ts';
import { sendingPausedUntil } from './pause-store.ts';
import { openRun, type Run } from './run-store.ts';

export { keepEditions } from './editions.ts';

/** Sending needs a sender and the secret that signs unsubscribe links; without them nothing is sent. */
function mailSettings(env: Env): { digest: DigestConfig; secret: string } | null {
  if (!env.SUBSCRIPTION_SECRET || !env.DIGEST_FROM) return null;
  return { digest: readDigestConfig(env), secret: env.SUBSCRIPTION_SECRET };
}

/** True when some active subscriber of `frequency` is due (or, for instant, behind the newest announced publication). */
async function anyoneDue(db: D1Database, frequency: Frequency, cutoff: number): Promise<boolean> {
  // Instant: behind the newest announced report. Quiet records (a back catalogue imported)
  // open no run; the next run's window takes them and moves past them, sending nothing for them.
  const statement =
    frequency === 'instant'
      ? db.prepare("SELECT 1 FROM subscribers WHERE status = 'active' AND frequency = 'instant' AND last_seq < ?1 LIMIT 1").bind(await latestAnnouncedSeq(db))
      : db.prepare("SELECT 1 FROM subscribers WHERE status = 'active' AND frequency = ?1 AND next_due_at <= ?2 LIMIT 1").bind(frequency, cutoff);
  return (await statement.first()) !== null;
}

/**
 * Opens the run of `frequency` at `cutoff` and enqueues its subscribers; while sending is
 * paused (the account's daily quota), opens nothing and enqueues nobody: daily and weekly
 * subscribers stay due, instant ones stay behind, and the first run after the pause takes them.
 */
export async function startRun(env: Env, frequency: Frequency, cutoff: number, trigger: Run['trigger'], selection: Selection, now: number, dryRun = false): Promise<{ run: Run | null; fanOut: FanOutResult; pausedUntil: number | null }> {
  const settings = mailSettings(env);
  if (!settings) throw new Error('digests are not configured: SUBSCRIPTION_SECRET and DIGEST_FROM must be set');
  const pausedUntil = await sendingPausedUntil(env.DB, now);
  if (pausedUntil !== null) return { run: null, fanOut: { enqueued: 0, nothingNew: 0 }, pausedUntil };
  const run = await openRun(env.DB, frequency, cutoff, trigger, now);
  return { run, fanOut: await fanOut(env.DB, env.DIGESTS, run, settings.digest, selection, dryRun), pausedUntil };
}

function logRun(frequency: Frequency, started: Awaited<ReturnType<typeof startRun>>): void {
  if (started.pausedUntil !== null) logEvent('digest-run-held', { frequency, paused_until: new Date(started.pausedUntil).toISOString() }, 'warn');
  else logEvent('digest-run', { frequency, run: started.run?.id, ...started.fanOut });
}

/**
 * Every 5 minutes: instant emails to subscribers behind the newest publication. Rows left
 * "sending" by a crashed consumer are first marked unknown, never resent blindly.
 */
export async function sendInstantDigests(env: Env, now: number): Promise<void> {
  await sweepStaleSending(env.DB, now - STALE_SENDING_MS, now);
  if (!mailSettings(env)) return;
  if (!(await anyoneDue(env.DB, 'instant', now))) return;
  logRun('instant', await startRun(env, 'instant', now, 'cron', 'all', now));
}

/**
 * Every hour: the daily and weekly emails of the subscribers whose own 7:00 (DIGEST_HOUR)
 * has come. Running it twice for one hour finds the same runs and sends nothing twice; the
 * daily run failing does not stop the weekly one. (The archive's editions are another job,
 * `keepEditions`, so they cannot hold up the emails either.)
 */
export async function sendScheduledDigests(env: Env, now: number): Promise<void> {
  if (!mailSettings(env)) return;
  const failures: unknown[] = [];
  for (const frequency of ['daily', 'weekly'] as const) {
    try {
      if (await anyoneDue(env.DB, frequency, now)) logRun(frequency, await startRun(env, frequency, now, 'cron', 'due', now));
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} digest run(s) failed`);
}

/**
 * The DIGESTS queue (one message per subscriber of a run) and its dead-letter queue (what
 * ran out of retries: recorded as failed with the last answer). `stats`, when given, is
 * told how many distinct digests the batch rendered (the benchmark reads it).
 */
export async function onDigestQueue(batch: MessageBatch<DigestMessage>, env: Env, _ctx: ExecutionContext, now: number | (() => number) = Date.now, stats?: { renders: number }, limits: { sendTimeoutMs?: number } = {}): Promise<void> {
  // Every claim, lease and timestamp reads the clock when it happens: a long batch must not
  // stamp its last sends with its start time, which the sweep would take for stale work.
  const clock = typeof now === 'function' ? now : () => now;
  if (batch.queue.endsWith('-dlq')) {
    for (const message of batch.messages) {
      await failClaimed(env.DB, message.body.subscriber, message.body.run, `gave up after ${message.attempts} attempts`, clock());
      message.ack();
    }
    return;
  }
  const settings = mailSettings(env);
  if (!settings) {
    logEvent('digest-not-configured', { messages: batch.messages.length }, 'warn');
    batch.retryAll({ delaySeconds: 3600 });
    return;
  }
  const site = readConfig(env);
  const { compose, renders } = createComposer(site, clock());
  const pausedUntil = await sendingPausedUntil(env.DB, clock());
  const ctx: DeliveryContext = {
    db: env.DB, kv: env.REPORTS, email: env.EMAIL, site, digest: settings.digest, secret: settings.secret, pausedUntil, compose, reports: new Map(), ...limits,
    get now() {
      return clock();
    },
  };
  const held: { message: Message<DigestMessage>; delaySeconds: number }[] = [];
  let acked = 0;
  for (const message of batch.messages) {
    let disposition: Disposition;
    try {
      disposition = await deliver(ctx, message.body, message.attempts);
    } catch (error) {
      logEvent('digest-delivery-error', { ...message.body, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 'error');
      disposition = { ack: false, delaySeconds: 60 };
    }
    if (disposition.ack) {
      message.ack();
      acked++;
    } else if (disposition.requeue) held.push({ message, delaySeconds: disposition.delaySeconds });
    else message.retry({ delaySeconds: disposition.delaySeconds });
  }
  await requeue(env.DIGESTS, held);
  logEvent('digest-batch', { messages: batch.messages.length, done: acked, held: held.length, retried: batch.messages.length - acked - held.length, ...(ctx.pausedUntil === null ? {} : { paused_until: new Date(ctx.pausedUntil).toISOString() }) });
  if (stats) stats.renders += renders();
}

/**
 * Sends held messages back to the queue as new ones, due after their delay, then acks them:
 * waiting out the daily quota or KV lag spends none of a message's attempts. If the queue
 * refuses, they are retried instead (an attempt spent, nothing lost).
 */
async function requeue(queue: Queue<DigestMessage>, held: { message: Message<DigestMessage>; delaySeconds: number }[]): Promise<void> {
  if (held.length === 0) return;
  try {
    for (let i = 0; i < held.length; i += 100) await queue.sendBatch(held.slice(i, i + 100).map(({ message, delaySeconds }) => ({ body: message.body, delaySeconds })));
    for (const { message } of held) message.ack();
  } catch (error) {
    logEvent('digest-requeue-failed', { messages: held.length, error: String(error) }, 'error');
    for (const { message, delaySeconds } of held) message.retry({ delaySeconds });
  }
}
