import { createApp } from './app.ts';
import type { DigestMessage, Env } from './config.ts';
import { onDigestQueue, onSchedule } from './digest/jobs.ts';

const app = createApp();

/**
 * The Worker's three entry points. Requests go to the app; cron triggers and queue batches
 * are dispatched by name (cron expression, queue name) to the jobs.
 */
export default {
  fetch: app.fetch,
  scheduled: (controller, env, ctx) => onSchedule(controller, env, ctx),
  queue: (batch, env, ctx) => onDigestQueue(batch as MessageBatch<DigestMessage>, env, ctx),
} satisfies ExportedHandler<Env, DigestMessage>;
