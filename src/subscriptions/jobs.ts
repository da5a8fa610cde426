import type { Env } from '../common/config.ts';
import { logEvent } from '../common/log.ts';
import { takeSnapshot } from './history-store.ts';
import { erasePendingBefore } from './store.ts';
import { CONFIRM_TTL_MS } from './tokens.ts';

/**
 * Hourly: erases the sign-ups never confirmed whose newest link has expired (7 days after
 * it was sent). Reads its time from the cron's scheduled time; safe to run twice or to
 * race with itself (each row is deleted once), and a crash halfway leaves the rest for
 * the next run.
 */
export async function erasePendingSignups(env: Env, now: number): Promise<void> {
  const erased = await erasePendingBefore(env.DB, now - CONFIRM_TTL_MS);
  if (erased > 0) logEvent('pending-signups-erased', { erased });
}

/**
 * Hourly: counts the active subscribers by frequency and reports language as today's (UTC)
 * row of the history the desk charts; each run replaces the day's row, so a day keeps the
 * count of its last hour. Safe to run twice.
 */
export async function countSubscribers(env: Env, now: number): Promise<void> {
  await takeSnapshot(env.DB, new Date(now).toISOString().slice(0, 10), now);
}
