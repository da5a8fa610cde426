import { type DigestConfig, type DigestMessage, type Env, readConfig, readDigestConfig, type SiteConfig } from '../shared/config.ts';
import { logEvent } from '../shared/log.ts';
import { loadPublic, publicationsBetween } from '../reports/index.ts';
import type { Frequency } from '../subscriptions/types.ts';
import { composeDigest } from './compose.ts';
import { deliver, type Disposition, STALE_SENDING_MS } from './deliver.ts';
import { saveEdition } from './edition-store.ts';
import { createComposer, webDigestUrl } from './email.ts';
import { fanOut, type FanOutResult, type Selection } from './fan-out.ts';
import { failClaimed, sweepStaleSending } from './ledger-store.ts';
import { openRun, type Run } from './run-store.ts';
import { localParts } from './schedule.ts';

/** Sending needs a sender and the secret that signs unsubscribe links; without them nothing is sent. */
function mailSettings(env: Env): { digest: DigestConfig; secret: string } | null {
  if (!env.SUBSCRIPTION_SECRET || !env.DIGEST_FROM) return null;
  return { digest: readDigestConfig(env), secret: env.SUBSCRIPTION_SECRET };
}

/** True when some active subscriber of `frequency` is due (or, for instant, behind the newest publication). */
async function anyoneDue(db: D1Database, frequency: Frequency, cutoff: number): Promise<boolean> {
  const sql =
    frequency === 'instant'
      ? "SELECT 1 FROM subscribers WHERE status = 'active' AND frequency = 'instant' AND last_seq < (SELECT COALESCE(MAX(seq), 0) FROM publications) LIMIT 1"
      : "SELECT 1 FROM subscribers WHERE status = 'active' AND frequency = ?1 AND next_due_at <= ?2 LIMIT 1";
  const statement = frequency === 'instant' ? db.prepare(sql) : db.prepare(sql).bind(frequency, cutoff);
  return (await statement.first()) !== null;
}

/** Opens the run of `frequency` at `cutoff` and enqueues its subscribers. */
export async function startRun(env: Env, frequency: Frequency, cutoff: number, trigger: Run['trigger'], selection: Selection, now: number, dryRun = false): Promise<{ run: Run | null; fanOut: FanOutResult }> {
  const settings = mailSettings(env);
  if (!settings) throw new Error('digests are not configured: SUBSCRIPTION_SECRET and DIGEST_FROM must be set');
  const run = await openRun(env.DB, frequency, cutoff, trigger, now);
  return { run, fanOut: await fanOut(env.DB, env.DIGESTS, run, settings.digest, selection, dryRun) };
}

/** The all-topics edition of a day or week, kept for the web archive (/digests). */
async function keepEdition(env: Env, site: SiteConfig, run: Run, now: number): Promise<void> {
  if (run.frequency === 'instant') return;
  const since = run.cutoff - (run.frequency === 'daily' ? 1 : 7) * 86_400_000;
  const reports = await loadPublic(env.REPORTS, await publicationsBetween(env.DB, since, run.cutoff), now);
  if (reports.length === 0) return;
  const webUrl = webDigestUrl(site, { since, until: run.cutoff }, { topics: [], lang: null });
  const digest = composeDigest(reports, { siteUrl: site.siteUrl, siteTitle: site.title, lang: site.lang, timeZone: site.timeZone, now, since, until: run.cutoff, webUrl });
  await saveEdition(env.DB, { runId: run.id, frequency: run.frequency, since, until: run.cutoff, digest, now });
}

/**
 * Every 5 minutes: instant emails to subscribers behind the newest publication. Rows left
 * "sending" by a crashed consumer are first marked unknown, never resent blindly.
 */
export async function sendInstantDigests(env: Env, now: number): Promise<void> {
  await sweepStaleSending(env.DB, now - STALE_SENDING_MS, now);
  if (!mailSettings(env)) return;
  if (!(await anyoneDue(env.DB, 'instant', now))) return;
  const { run, fanOut: result } = await startRun(env, 'instant', now, 'cron', 'all', now);
  logEvent('digest-run', { frequency: 'instant', run: run?.id, ...result });
}

/**
 * Every hour: the daily and weekly editions when it is DIGEST_HOUR in the site's zone, and
 * the daily and weekly emails of the subscribers whose own 7:00 (DIGEST_HOUR) has come.
 * Running it twice for one hour finds the same runs and sends nothing twice.
 */
export async function sendScheduledDigests(env: Env, now: number): Promise<void> {
  const site = readConfig(env);
  const settings = mailSettings(env);
  const local = localParts(now, site.timeZone);
  const hour = settings?.digest.hour ?? 7;
  for (const frequency of ['daily', 'weekly'] as const) {
    const editionTime = local.hour === hour && local.minute === 0 && (frequency === 'daily' || local.weekday === (settings?.digest.weekday ?? 1));
    // The weekly edition is kept a second after the daily one of the same hour, so the two
    // archive entries never share an `updated` time (feed validators warn when they do).
    if (editionTime) await keepEdition(env, site, await openRun(env.DB, frequency, now, 'cron', now), now + (frequency === 'weekly' ? 1000 : 0));
    if (!settings || !(await anyoneDue(env.DB, frequency, now))) continue;
    const { run, fanOut: result } = await startRun(env, frequency, now, 'cron', 'due', now);
    logEvent('digest-run', { frequency, run: run?.id, ...result });
  }
}

/**
 * The DIGESTS queue (one message per subscriber of a run) and its dead-letter queue (what
 * ran out of retries: recorded as failed with the last answer). `stats`, when given, is
 * told how many distinct digests the batch rendered (the benchmark reads it).
 */
export async function onDigestQueue(batch: MessageBatch<DigestMessage>, env: Env, _ctx: ExecutionContext, now: number = Date.now(), stats?: { renders: number }): Promise<void> {
  if (batch.queue.endsWith('-dlq')) {
    for (const message of batch.messages) {
      await failClaimed(env.DB, message.body.subscriber, message.body.run, `gave up after ${message.attempts} attempts`, now);
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
  const { compose, renders } = createComposer(site, now);
  const ctx = { db: env.DB, kv: env.REPORTS, email: env.EMAIL, site, digest: settings.digest, secret: settings.secret, now, compose, reports: new Map() };
  let acked = 0;
  for (const message of batch.messages) {
    let disposition: Disposition;
    try {
      disposition = await deliver(ctx, message.body, message.attempts);
    } catch (error) {
      logEvent('digest-delivery-error', { ...message.body, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 'error');
      disposition = { ack: false, delaySeconds: 60 };
    }
    if (disposition.ack) message.ack();
    else message.retry({ delaySeconds: disposition.delaySeconds });
    if (disposition.ack) acked++;
  }
  logEvent('digest-batch', { messages: batch.messages.length, done: acked, retried: batch.messages.length - acked });
  if (stats) stats.renders += renders();
}
