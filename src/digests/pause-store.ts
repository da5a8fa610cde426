/**
 * The account-wide sending pause (table `email_pause`, one row). Email Service's daily quota
 * belongs to the account: once a send is refused with E_DAILY_LIMIT_EXCEEDED, any further
 * call is refused too until the quota resets, whichever run, consumer or sender makes it.
 * Every digest consumer and fan-out reads this row before it sends or enqueues.
 */

/** The next midnight UTC, when the email service's daily quota resets. */
export function quotaResetAt(now: number): number {
  return Math.floor(now / 86_400_000 + 1) * 86_400_000;
}

/** Holds all sending until `until` (never shortens a longer pause). */
export async function pauseSending(db: D1Database, until: number, reason: string, now: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO email_pause (id, until, reason, paused_at) VALUES (1, ?1, ?2, ?3)
       ON CONFLICT (id) DO UPDATE SET until = excluded.until, reason = excluded.reason, paused_at = excluded.paused_at WHERE excluded.until > email_pause.until`,
    )
    .bind(until, reason, now)
    .run();
}

/** When sending may resume, or null when it is not paused at `now`. */
export async function sendingPausedUntil(db: D1Database, now: number): Promise<number | null> {
  const row = await db.prepare('SELECT until FROM email_pause WHERE id = 1 AND until > ?1').bind(now).first<{ until: number }>();
  return row?.until ?? null;
}
