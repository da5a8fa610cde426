import type { DigestMessage, Env } from '../config.ts';

/** Cron triggers: `*\/5 * * * *` (instant emails, scheduled reports coming due) and `0 * * * *` (daily and weekly digests). */
export async function onSchedule(_controller: ScheduledController, _env: Env, _ctx: ExecutionContext): Promise<void> {}

/** The DIGESTS queue and its dead-letter queue. */
export async function onDigestQueue(_batch: MessageBatch<DigestMessage>, _env: Env, _ctx: ExecutionContext): Promise<void> {}
