import type { Frequency, Subscriber, SubscriberStatus } from './types.ts';

/** Every statement on the `subscribers` table goes through this module. */

interface SubscriberRow {
  id: number;
  email: string;
  status: SubscriberStatus;
  frequency: Frequency;
  topics: string;
  lang: string | null;
  timezone: string;
  created_at: number;
  updated_at: number;
  confirmed_at: number | null;
  unsubscribed_at: number | null;
  last_seq: number;
  next_due_at: number | null;
}

function topicsOf(text: unknown): string[] {
  try {
    const value: unknown = JSON.parse(String(text ?? '[]'));
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** Maps a `SELECT * FROM subscribers` row. */
export function rowToSubscriber(row: Record<string, unknown>): Subscriber {
  const r = row as unknown as SubscriberRow;
  return {
    id: r.id,
    email: r.email,
    status: r.status,
    frequency: r.frequency,
    topics: topicsOf(r.topics),
    lang: r.lang,
    timeZone: r.timezone,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    confirmedAt: r.confirmed_at,
    unsubscribedAt: r.unsubscribed_at,
    lastSeq: r.last_seq,
    nextDueAt: r.next_due_at,
  };
}

/** The subscriber with `id`, or null (erased, or never was). */
export async function getSubscriber(db: D1Database, id: number): Promise<Subscriber | null> {
  const row = await db.prepare('SELECT * FROM subscribers WHERE id = ?1').bind(id).first<Record<string, unknown>>();
  return row ? rowToSubscriber(row) : null;
}

/** The subscriber with this address, or null; `email` must already be normalized (see address.ts). */
export async function findSubscriberByEmail(db: D1Database, email: string): Promise<Subscriber | null> {
  const row = await db.prepare('SELECT * FROM subscribers WHERE email = ?1').bind(email).first<Record<string, unknown>>();
  return row ? rowToSubscriber(row) : null;
}

/** A subscription request, as stored before it is confirmed. */
export interface Signup {
  email: string;
  frequency: Subscriber['frequency'];
  topics: string[];
  lang: string | null;
  timeZone: string;
}

/**
 * Records a sign-up and returns the subscriber's id and status. A new address is stored as
 * pending; a pending or unsubscribed one takes the new preferences (it gets no mail until it
 * confirms); an active or suppressed one is not changed by an unauthenticated request.
 * One statement: two sign-ups of the same address at once make one row.
 */
export async function recordSignup(db: D1Database, signup: Signup, now: number): Promise<{ id: number; status: SubscriberStatus }> {
  const row = await db
    .prepare(
      `INSERT INTO subscribers (email, status, frequency, topics, lang, timezone, created_at, updated_at)
       VALUES (?1, 'pending', ?2, ?3, ?4, ?5, ?6, ?6)
       ON CONFLICT (email) DO UPDATE SET
         frequency = CASE WHEN status IN ('pending', 'unsubscribed') THEN excluded.frequency ELSE frequency END,
         topics = CASE WHEN status IN ('pending', 'unsubscribed') THEN excluded.topics ELSE topics END,
         lang = CASE WHEN status IN ('pending', 'unsubscribed') THEN excluded.lang ELSE lang END,
         timezone = CASE WHEN status IN ('pending', 'unsubscribed') THEN excluded.timezone ELSE timezone END,
         updated_at = CASE WHEN status IN ('pending', 'unsubscribed') THEN excluded.updated_at ELSE updated_at END
       RETURNING id, status`,
    )
    .bind(signup.email, signup.frequency, JSON.stringify(signup.topics), signup.lang, signup.timeZone, now)
    .first<{ id: number; status: SubscriberStatus }>();
  return row!;
}

/** Counts one confirmation email to a subscriber today (UTC); false past `perDay`. Atomic. */
export async function takeConfirmationSlot(db: D1Database, id: number, day: string, perDay: number): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE subscribers SET confirm_count = CASE WHEN confirm_day = ?2 THEN confirm_count + 1 ELSE 1 END, confirm_day = ?2
       WHERE id = ?1 AND (confirm_day IS NOT ?2 OR confirm_count < ?3)`,
    )
    .bind(id, day, perDay)
    .run();
  return result.meta.changes > 0;
}

/** Counts one use of a site-wide daily allowance (`name`, e.g. confirmation emails); false past `cap`. Atomic. */
export async function takeSiteSlot(db: D1Database, name: string, day: string, cap: number): Promise<boolean> {
  const row = await db
    .prepare(
      `INSERT INTO counters (name, day, value) VALUES (?1, ?2, 1)
       ON CONFLICT (name, day) DO UPDATE SET value = value + 1 WHERE value < ?3
       RETURNING value`,
    )
    .bind(name, day, cap)
    .first<{ value: number }>();
  return row !== null;
}

/**
 * Makes a subscriber active from `now`: reports that became public before (up to
 * `lastSeq`) are not sent to them, and their first digest is due at `nextDueAt`.
 */
export async function activate(db: D1Database, id: number, now: number, lastSeq: number, nextDueAt: number | null): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE subscribers SET status = 'active', confirmed_at = ?2, updated_at = ?2, unsubscribed_at = NULL, last_seq = MAX(last_seq, ?3), next_due_at = ?4
       WHERE id = ?1 AND status IN ('pending', 'unsubscribed')`,
    )
    .bind(id, now, lastSeq, nextDueAt)
    .run();
  return result.meta.changes > 0;
}

/**
 * Saves new preferences. The due time changes only with the frequency or the time zone
 * (then to `nextDueAt`); a change of topics or language keeps the digest due when it was.
 * One statement, so a digest run that moves the due time meanwhile is never undone.
 */
export async function savePreferences(db: D1Database, id: number, prefs: Omit<Signup, 'email'>, nextDueAt: number | null, now: number): Promise<void> {
  await db
    .prepare(
      `UPDATE subscribers SET frequency = ?2, topics = ?3, lang = ?4, timezone = ?5, updated_at = ?7,
         next_due_at = CASE WHEN frequency = ?2 AND timezone = ?5 THEN next_due_at ELSE ?6 END
       WHERE id = ?1`,
    )
    .bind(id, prefs.frequency, JSON.stringify(prefs.topics), prefs.lang, prefs.timeZone, nextDueAt, now)
    .run();
}

/** Unsubscribes at once: every send not yet started is skipped from now on. */
export async function unsubscribe(db: D1Database, id: number, now: number): Promise<void> {
  await db
    .prepare("UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = COALESCE(unsubscribed_at, ?2), updated_at = ?2 WHERE id = ?1 AND status IN ('active', 'pending')")
    .bind(id, now)
    .run();
}

/**
 * The email service will not deliver to this address (a complaint, a hard bounce, a streak
 * of soft bounces): no more mail, whatever state the subscriber was in. True if it changed.
 */
export async function suppress(db: D1Database, id: number, now: number): Promise<boolean> {
  const result = await db.prepare("UPDATE subscribers SET status = 'suppressed', updated_at = ?2 WHERE id = ?1 AND status != 'suppressed'").bind(id, now).run();
  return result.meta.changes > 0;
}
