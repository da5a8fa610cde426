import { createApp } from './app.ts';
import { crosspostDue, onCrosspostQueue } from './crossposts/jobs.ts';
import { onEmailEventQueue } from './digests/delivery-events.ts';
import { keepEditions, onDigestQueue, sendInstantDigests, sendScheduledDigests } from './digests/jobs.ts';
import { publishDue } from './reports/jobs.ts';
import { countSubscribers, erasePendingSignups } from './subscriptions/jobs.ts';
import type { CrosspostMessage, DigestMessage, Env } from './common/config.ts';
import { logEvent } from './common/log.ts';
import { refuseShortSecrets } from './common/secrets.ts';

const app = createApp();

/** A scheduled job: reads its time from the cron's `scheduledTime`, safe to run twice. */
type Job = (env: Env, now: number) => Promise<void>;

/**
 * What each cron trigger of wrangler.toml runs, in order. Every 5 minutes: scheduled reports
 * coming due (and their WebSub ping), then cross-posts of what became public, then instant
 * emails. Every hour: reports coming due, then the daily and weekly digests at DIGEST_HOUR
 * in each subscriber's own time zone, then erasing sign-ups whose link expired unconfirmed,
 * then counting the active subscribers as the day's row of their history (the desk's chart).
 * Both also keep the web archive's edition of a day or week that has closed in the site's
 * time zone, if no run has kept it yet.
 */
export const CRON_JOBS: Record<string, readonly Job[]> = {
  '*/5 * * * *': [publishDue, crosspostDue, sendInstantDigests, keepEditions],
  '0 * * * *': [publishDue, sendScheduledDigests, keepEditions, erasePendingSignups, countSubscribers],
};

type QueueHandler = (batch: MessageBatch<never>, env: Env, ctx: ExecutionContext) => Promise<void>;

/** Which capability consumes each queue of wrangler.toml (a dead-letter queue by the same one). */
export const QUEUE_HANDLERS: Record<string, QueueHandler> = {
  'herald-digests': (batch, env, ctx) => onDigestQueue(batch as MessageBatch<DigestMessage>, env, ctx),
  'herald-digests-dlq': (batch, env, ctx) => onDigestQueue(batch as MessageBatch<DigestMessage>, env, ctx),
  'herald-crossposts': (batch, env) => onCrosspostQueue(batch as MessageBatch<CrosspostMessage>, env),
  'herald-crossposts-dlq': (batch, env) => onCrosspostQueue(batch as MessageBatch<CrosspostMessage>, env),
  'herald-email-events': (batch, env) => onEmailEventQueue(batch, env),
  'herald-email-events-dlq': (batch, env) => onEmailEventQueue(batch, env),
};

/**
 * Runs a cron's jobs one after the other. A job that fails is logged and the next still
 * runs (a broken cross-posting channel must not hold back the digests); the invocation then
 * fails, so the platform shows it.
 */
async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  const jobs = CRON_JOBS[controller.cron];
  if (!jobs) {
    logEvent('unknown-cron', { cron: controller.cron }, 'warn');
    return;
  }
  const failures: unknown[] = [];
  for (const job of jobs) {
    try {
      await job(env, controller.scheduledTime);
    } catch (error) {
      failures.push(error);
      logEvent('job-failed', { cron: controller.cron, job: job.name, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 'error');
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} of the ${jobs.length} jobs of cron "${controller.cron}" failed`);
}

/**
 * The environment every entry point hands on: a secret shorter than 32 bytes is taken out
 * (and logged once as a config error naming it), so no route or job signs, seals or
 * compares with it; what needs it fails closed as if it were unset.
 */
const checked = (env: Env): Env => refuseShortSecrets(env, (message, setting) => logEvent('config-error', { setting, message }, 'error'));

/**
 * The Worker's three entry points: requests go to the app; cron triggers and queue batches
 * are dispatched by name (cron expression, queue name) to each capability's jobs.
 */
export default {
  fetch: (request, env, ctx) => app.fetch(request, checked(env), ctx),
  scheduled: (controller, env, _ctx) => scheduled(controller, checked(env)),
  queue: async (batch, rawEnv, ctx) => {
    const env = checked(rawEnv);
    const handler = QUEUE_HANDLERS[batch.queue];
    if (!handler) {
      // Not acknowledged: the messages come back (and end in a dead-letter queue) rather than vanish.
      logEvent('unknown-queue', { queue: batch.queue, messages: batch.messages.length }, 'error');
      batch.retryAll();
      return;
    }
    await handler(batch as MessageBatch<never>, env, ctx);
  },
} satisfies ExportedHandler<Env, DigestMessage | CrosspostMessage>;
