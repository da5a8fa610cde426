import { createApp } from './app.ts';
import type { DigestMessage, Env } from './config.ts';
import { onDigestQueue, onSchedule } from './digest/jobs.ts';
import type { CrosspostMessage } from './crosspost/deliveries.ts';
import { onCrosspostQueue } from './crosspost/jobs.ts';

const app = createApp();

/**
 * The Worker's three entry points. Requests go to the app; cron triggers and queue batches
 * are dispatched by name (cron expression, queue name) to the jobs.
 */
export default {
  fetch: app.fetch,
  scheduled: (controller, env, ctx) => onSchedule(controller, env, ctx),
  queue: (batch, env, ctx) =>
    batch.queue.startsWith('herald-crossposts') ? onCrosspostQueue(batch as MessageBatch<CrosspostMessage>, env) : onDigestQueue(batch as MessageBatch<DigestMessage>, env, ctx),
} satisfies ExportedHandler<Env, DigestMessage | CrosspostMessage>;
