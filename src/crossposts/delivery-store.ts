/**
 * The delivery ledger (table `deliveries`): one row per (channel, report), and per (channel,
 * translation group) for a report in one, created once (UNIQUE), claimed atomically before
 * each attempt, settled after it.
 *
 * queued ──claim──▶ sending ──▶ sent
 *                      │ ├────▶ failed (a redirect, 4xx, 410, credentials that do not open, or 6 attempts)
 *                      │ ├────▶ unknown (no answer, where the channel does not drop repeats)
 *                      │ └────▶ retrying (next_attempt_at) ──claim, once due──▶ sending …
 *                      └ (a crash mid-send, found after the lease) ──▶ sending again where the
 *                        channel deduplicates (webhook id, Mastodon Idempotency-Key, Bluesky
 *                        record key), else unknown
 * cancelled: the report or channel is gone or no longer public/enabled when its turn comes.
 * failed and unknown go back to queued only by a person (POST /api/deliveries/:id/retry).
 */

export type DeliveryStatus = 'queued' | 'sending' | 'retrying' | 'sent' | 'failed' | 'cancelled' | 'unknown';

export interface Delivery {
  id: number;
  channel_id: string;
  slug: string;
  /** The translation group this delivery posts (in the version `slug`), or null for a report in none. */
  translation_key: string | null;
  status: DeliveryStatus;
  attempts: number;
  claim: string | null;
  last_status: number | null;
  last_error: string | null;
  remote_url: string | null;
  created_at: number;
  updated_at: number;
  /** When the next attempt is due (ms); null: as soon as it is enqueued. */
  next_attempt_at: number | null;
}

/** A delivery being sent for this long (ms) with no outcome is taken to have crashed. */
export const LEASE_MS = 2 * 60_000;

/** A queued delivery untouched this long (ms) has lost its message: enqueue it again. */
export const STUCK_MS = 15 * 60_000;


/** A delivery to create: `slug` on `channel`, for the translation group `group` (whose versions are `versions`) if it is in one. */
export interface DeliveryPair {
  channel: string;
  slug: string;
  group?: string | null;
  /** Every version of the group: a delivery of any of them on the channel stands for the group. */
  versions?: string[];
}

/**
 * Creates the deliveries of `pairs`; returns the ids of those that did not exist. A report
 * is delivered once per channel (UNIQUE (channel_id, slug)); a group once per channel: not
 * when the channel has a delivery of the group (UNIQUE (channel_id, translation_key)), nor
 * of any of its versions (made before it joined the group). Each insert checks and writes in
 * one statement, and D1 runs statements one at a time: of two racing claims, one gets in.
 */
export async function createDeliveries(db: D1Database, pairs: DeliveryPair[], now: number): Promise<number[]> {
  if (pairs.length === 0) return [];
  const single = db.prepare("INSERT INTO deliveries (channel_id, slug, status, created_at, updated_at) VALUES (?1, ?2, 'queued', ?3, ?3) ON CONFLICT DO NOTHING RETURNING id");
  const grouped = db.prepare(
    `INSERT INTO deliveries (channel_id, slug, translation_key, status, created_at, updated_at)
     SELECT ?1, ?2, ?3, 'queued', ?4, ?4
     WHERE NOT EXISTS (SELECT 1 FROM deliveries WHERE channel_id = ?1 AND (translation_key = ?3 OR slug IN (SELECT value FROM json_each(?5))))
     ON CONFLICT DO NOTHING RETURNING id`,
  );
  const results = await db.batch<{ id: number }>(
    pairs.map((pair) => (pair.group ? grouped.bind(pair.channel, pair.slug, pair.group, now, JSON.stringify(pair.versions ?? [pair.slug])) : single.bind(pair.channel, pair.slug, now))),
  );
  return results.flatMap((result) => result.results.map((row) => row.id));
}

export async function getDelivery(db: D1Database, id: number): Promise<Delivery | null> {
  return db.prepare('SELECT * FROM deliveries WHERE id = ?1').bind(id).first<Delivery>();
}

/**
 * Claims a delivery for one attempt if it is waiting and due, or was left "sending" past the
 * lease (then only when `resendable`: the channel drops a repeat itself). Compare-and-set on
 * the row as read: of two consumers racing, one wins. Returns the claim token, or why not
 * (`early`: its next attempt is `in` ms away).
 */
export async function claimDelivery(db: D1Database, delivery: Delivery, resendable: boolean, now: number): Promise<{ claim: string } | { skip: 'settled' | 'busy' | 'unknown' | 'lost' } | { skip: 'early'; in: number }> {
  if (delivery.status === 'sent' || delivery.status === 'failed' || delivery.status === 'cancelled' || delivery.status === 'unknown') return { skip: 'settled' };
  if (delivery.status !== 'sending' && delivery.next_attempt_at !== null && delivery.next_attempt_at > now) return { skip: 'early', in: delivery.next_attempt_at - now };
  if (delivery.status === 'sending' && now - delivery.updated_at < LEASE_MS) return { skip: 'busy' };
  if (delivery.status === 'sending' && !resendable) {
    const marked = await db
      .prepare("UPDATE deliveries SET status = 'unknown', last_error = ?3, updated_at = ?4 WHERE id = ?1 AND status = 'sending' AND updated_at = ?2")
      .bind(delivery.id, delivery.updated_at, 'An attempt was cut off mid-send; it may have been posted. Retry it by hand if it was not.', now)
      .run();
    return (marked.meta.changes ?? 0) > 0 ? { skip: 'unknown' } : { skip: 'lost' };
  }
  const claim = crypto.randomUUID();
  const result = await db
    .prepare("UPDATE deliveries SET status = 'sending', claim = ?3, attempts = attempts + 1, updated_at = ?4 WHERE id = ?1 AND status = ?2 AND updated_at = ?5")
    .bind(delivery.id, delivery.status, claim, now, delivery.updated_at)
    .run();
  return (result.meta.changes ?? 0) > 0 ? { claim } : { skip: 'lost' };
}

/** Records an attempt's outcome (and, for a retry, when the next one is due), if the claim is still ours. */
export async function settleDelivery(db: D1Database, id: number, claim: string, status: DeliveryStatus, fields: { lastStatus: number | null; lastError: string | null; remoteUrl?: string | null; nextAttemptAt?: number | null }, now: number): Promise<void> {
  await db
    .prepare('UPDATE deliveries SET status = ?3, last_status = ?4, last_error = ?5, remote_url = COALESCE(?6, remote_url), next_attempt_at = ?8, updated_at = ?7 WHERE id = ?1 AND claim = ?2')
    .bind(id, claim, status, fields.lastStatus, fields.lastError, fields.remoteUrl ?? null, now, fields.nextAttemptAt ?? null)
    .run();
}

/** Cancels a delivery whose report or channel is gone (no claim needed: it was never sent). */
export async function cancelDelivery(db: D1Database, id: number, reason: string, now: number): Promise<void> {
  await db.prepare("UPDATE deliveries SET status = 'cancelled', last_error = ?2, updated_at = ?3 WHERE id = ?1 AND status IN ('queued', 'retrying', 'sending')").bind(id, reason, now).run();
}

/** What ran out of retries (the dead-letter queue): failed, keeping the last answer. */
export async function failExhausted(db: D1Database, id: number, attempts: number, now: number): Promise<void> {
  await db
    .prepare("UPDATE deliveries SET status = 'failed', last_error = COALESCE(last_error, '') || ?2, updated_at = ?3 WHERE id = ?1 AND status IN ('queued', 'retrying', 'sending')")
    .bind(id, ` (gave up after ${attempts} attempts)`, now)
    .run();
}

/**
 * Deliveries to enqueue (again): a retry whose time has come (its message may be lost, or it
 * waits longer than a queue delay can), a queued one whose message was lost (a crash between
 * creating and enqueuing), one left sending past the lease (a crash mid-send). Never a retry
 * before its time.
 */
export async function dueDeliveries(db: D1Database, now: number, limit = 500): Promise<number[]> {
  const { results } = await db
    .prepare(
      `SELECT id FROM deliveries WHERE (status = 'retrying' AND COALESCE(next_attempt_at, updated_at + ?4) <= ?1)
         OR (status = 'queued' AND updated_at < ?2) OR (status = 'sending' AND updated_at < ?3) ORDER BY id LIMIT ?5`,
    )
    .bind(now, now - STUCK_MS, now - LEASE_MS, STUCK_MS, limit)
    .all<{ id: number }>();
  return results.map((row) => row.id);
}

/** Puts a failed or unknown delivery back in line for a fresh series of attempts (a person's retry). */
export async function requeueDelivery(db: D1Database, id: number, now: number): Promise<boolean> {
  const result = await db
    .prepare("UPDATE deliveries SET status = 'queued', claim = NULL, attempts = 0, next_attempt_at = NULL, updated_at = ?2 WHERE id = ?1 AND status IN ('failed', 'unknown')")
    .bind(id, now)
    .run();
  return (result.meta.changes ?? 0) > 0;
}

/** A page of the log, newest first, filtered by report, channel and status. */
export async function listDeliveries(db: D1Database, filter: { slug?: string; channel?: string; status?: string; before?: number; limit: number }): Promise<Delivery[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM deliveries WHERE (?1 IS NULL OR slug = ?1) AND (?2 IS NULL OR channel_id = ?2) AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR id < ?4) ORDER BY id DESC LIMIT ?5`,
    )
    .bind(filter.slug ?? null, filter.channel ?? null, filter.status ?? null, filter.before ?? null, filter.limit)
    .all<Delivery>();
  return results;
}
