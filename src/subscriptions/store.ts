import { type Frequency, INTERFACE_LANGS, type InterfaceLang, type Subscriber, SUBSCRIBER_LANGS, type SubscriberLang, type SubscriberStatus } from './types.ts';

/** Every statement on the `subscribers` table goes through this module. */

interface SubscriberRow {
  id: number;
  email: string;
  status: SubscriberStatus;
  frequency: Frequency;
  topics: string;
  lang: string | null;
  ui_lang: string | null;
  query: string | null;
  timezone: string;
  created_at: number;
  updated_at: number;
  confirmed_at: number | null;
  unsubscribed_at: number | null;
  last_seq: number;
  next_due_at: number | null;
  confirm_version: number | null;
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
    // The table's CHECK allows nothing else; read defensively all the same.
    lang: (SUBSCRIBER_LANGS as readonly string[]).includes(r.lang ?? '') ? (r.lang as SubscriberLang) : 'both',
    uiLang: (INTERFACE_LANGS as readonly string[]).includes(r.ui_lang ?? '') ? (r.ui_lang as InterfaceLang) : 'en',
    query: typeof r.query === 'string' && r.query !== '' ? r.query : null,
    timeZone: r.timezone,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    confirmedAt: r.confirmed_at,
    unsubscribedAt: r.unsubscribed_at,
    lastSeq: r.last_seq,
    nextDueAt: r.next_due_at,
    confirmVersion: r.confirm_version ?? 0,
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
  lang: SubscriberLang;
  uiLang: InterfaceLang;
  timeZone: string;
  /** A followed search, checked (see input.ts); null: none. */
  query: string | null;
}

/**
 * Records a sign-up that is to be sent a confirmation link, and returns the subscriber's
 * id and the link's version; null when the sign-up changes nothing. A new address is
 * stored as pending; a pending or unsubscribed one takes the new preferences and a new
 * link version (every earlier link stops working), but only while it may be sent another
 * link today (`perDay`, UTC), so a flood of sign-ups cannot void the link a reader is about
 * to open. An active or suppressed one is never changed by an unauthenticated request.
 * One statement, the same for every address: two sign-ups at once make one row, and how
 * long it takes does not tell who subscribes.
 */
export async function recordSignup(db: D1Database, signup: Signup, now: number, perDay: number): Promise<{ id: number; version: number } | null> {
  const row = await db
    .prepare(
      `INSERT INTO subscribers (email, status, frequency, topics, lang, timezone, created_at, updated_at, signed_up_at, confirm_version, confirm_day, confirm_count, ui_lang, query)
       VALUES (?1, 'pending', ?2, ?3, ?4, ?5, ?6, ?6, ?6, 1, ?7, 1, ?9, ?10)
       ON CONFLICT (email) DO UPDATE SET
         frequency = excluded.frequency, topics = excluded.topics, lang = excluded.lang, timezone = excluded.timezone, ui_lang = excluded.ui_lang, query = excluded.query,
         updated_at = excluded.updated_at, signed_up_at = excluded.signed_up_at,
         confirm_version = confirm_version + 1,
         confirm_count = CASE WHEN confirm_day = excluded.confirm_day THEN confirm_count + 1 ELSE 1 END,
         confirm_day = excluded.confirm_day
       WHERE status IN ('pending', 'unsubscribed') AND (confirm_day IS NOT excluded.confirm_day OR confirm_count < ?8)
       RETURNING id, confirm_version`,
    )
    .bind(signup.email, signup.frequency, JSON.stringify(signup.topics), signup.lang, signup.timeZone, now, new Date(now).toISOString().slice(0, 10), perDay, signup.uiLang, signup.query)
    .first<{ id: number; confirm_version: number }>();
  return row ? { id: row.id, version: row.confirm_version } : null;
}

/**
 * The statement that imports one subscriber the operator vouches for, in `status`: active
 * from `now` (nothing before `lastSeq`, first digest at `nextDueAt`), or unsubscribed or
 * suppressed, so that address is never mailed until it signs up and confirms itself. An
 * existing address is left as it is (meta.changes 0).
 */
export function importStatement(db: D1Database, signup: Signup, status: 'active' | 'unsubscribed' | 'suppressed', now: number, lastSeq: number, nextDueAt: number | null): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO subscribers (email, status, frequency, topics, lang, timezone, created_at, updated_at, confirmed_at, unsubscribed_at, last_seq, next_due_at, ui_lang, query)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, CASE WHEN ?2 = 'active' THEN ?7 END, CASE WHEN ?2 = 'unsubscribed' THEN ?7 END, ?8, ?9, ?10, ?11)
       ON CONFLICT (email) DO NOTHING`,
    )
    .bind(signup.email, status, signup.frequency, JSON.stringify(signup.topics), signup.lang, signup.timeZone, now, lastSeq, nextDueAt, signup.uiLang, signup.query);
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
 * Makes a subscriber active from `now`, if the link confirming is still the current one
 * (`version`): reports that became public before (up to `lastSeq`) are not sent to them,
 * and their first digest is due at `nextDueAt`. One conditional statement, so an
 * unsubscribe or a newer sign-up committed first always wins.
 */
export async function activate(db: D1Database, id: number, version: number, now: number, lastSeq: number, nextDueAt: number | null): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE subscribers SET status = 'active', confirmed_at = ?2, updated_at = ?2, unsubscribed_at = NULL, last_seq = MAX(last_seq, ?3), next_due_at = ?4
       WHERE id = ?1 AND status IN ('pending', 'unsubscribed') AND confirm_version = ?5`,
    )
    .bind(id, now, lastSeq, nextDueAt, version)
    .run();
  return result.meta.changes > 0;
}

/**
 * Saves new preferences. The due time changes only with the frequency or the time zone
 * (then to `nextDueAt`); a change of topics, language or query keeps the digest due when
 * it was (the next digest applies the query saved by then).
 * One statement, so a digest run that moves the due time meanwhile is never undone.
 */
export async function savePreferences(db: D1Database, id: number, prefs: Omit<Signup, 'email'>, nextDueAt: number | null, now: number): Promise<void> {
  await db
    .prepare(
      `UPDATE subscribers SET frequency = ?2, topics = ?3, lang = ?4, timezone = ?5, updated_at = ?7, ui_lang = ?8, query = ?9,
         next_due_at = CASE WHEN frequency = ?2 AND timezone = ?5 THEN next_due_at ELSE ?6 END
       WHERE id = ?1`,
    )
    .bind(id, prefs.frequency, JSON.stringify(prefs.topics), prefs.lang, prefs.timeZone, nextDueAt, now, prefs.uiLang, prefs.query)
    .run();
}

/**
 * Unsubscribes at once: every send not yet started is skipped from now on, and every
 * confirmation link sent before stops working (also for an unsubscribed address that has
 * signed up again since: the unsubscribe is the newer wish).
 */
export async function unsubscribe(db: D1Database, id: number, now: number): Promise<void> {
  await db
    .prepare(
      `UPDATE subscribers SET confirm_version = confirm_version + 1, updated_at = ?2,
         unsubscribed_at = CASE WHEN status IN ('active', 'pending') THEN COALESCE(unsubscribed_at, ?2) ELSE unsubscribed_at END,
         status = CASE WHEN status IN ('active', 'pending') THEN 'unsubscribed' ELSE status END
       WHERE id = ?1`,
    )
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

/**
 * Erases the pending sign-ups whose link expired by `before` (never confirmed: no consent,
 * nothing to keep), in bounded batches; returns how many. A sign-up renewed meanwhile has
 * a newer `signed_up_at` and stays; running twice, or two at once, erases each row once.
 */
export async function erasePendingBefore(db: D1Database, before: number, batch = 500): Promise<number> {
  let erased = 0;
  for (;;) {
    const result = await db
      .prepare("DELETE FROM subscribers WHERE id IN (SELECT id FROM subscribers WHERE status = 'pending' AND COALESCE(signed_up_at, updated_at) <= ?1 LIMIT ?2)")
      .bind(before, batch)
      .run();
    erased += result.meta.changes;
    if (result.meta.changes < batch) return erased;
  }
}
