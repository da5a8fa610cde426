/**
 * What became of the emails the service accepted: the outcomes that delivery events give
 * the send ledger (`sends`, see migrations/0005_delivery_events.sql), and the counts the
 * admin API shows. A send is found by the message id its hand-over recorded.
 *
 * Outcomes only move forward: sent < delivered = failed < soft bounce < hard bounce <
 * complained. A repeated event, or one that arrives after a stronger one, changes nothing.
 */

export type Outcome = 'delivered' | 'failed' | 'bounced' | 'complained';

/** A send as an event finds it. */
export interface OutcomeRow {
  id: number;
  subscriber_id: number;
  status: string;
  bounce_type: 'hard' | 'soft' | null;
}

/** Soft bounces in a row (no delivery in between) that suppress a subscriber. */
export const SOFT_BOUNCE_STREAK = 3;

/** The rank of a send's state in SQL: an outcome replaces only a lower one (9: not an accepted send). */
const RANK_SQL = `CASE status WHEN 'sent' THEN 0 WHEN 'delivered' THEN 1 WHEN 'failed' THEN 1
  WHEN 'bounced' THEN (CASE bounce_type WHEN 'hard' THEN 3 ELSE 2 END) WHEN 'complained' THEN 4 ELSE 9 END`;

function rankOf(outcome: Outcome, bounce: 'hard' | 'soft' | null): number {
  if (outcome === 'bounced') return bounce === 'hard' ? 3 : 2;
  return { delivered: 1, failed: 1, complained: 4 }[outcome];
}

/** Matches the id as recorded, bare or in a Message-ID header's angle brackets (the local simulator's form). */
const BY_MESSAGE_ID = "message_id IS NOT NULL AND message_id IN (?1, '<' || ?1 || '>')";

/**
 * Gives the send with `messageId` an outcome if it has none as strong yet, and returns the
 * send as it now stands (null when no send has that id). One conditional UPDATE: two
 * consumers racing on events of one send leave it at the stronger outcome.
 */
export async function recordOutcome(
  db: D1Database,
  messageId: string,
  outcome: { status: Outcome; bounce: 'hard' | 'soft' | null; detail: string; at: number },
  now: number,
): Promise<{ row: OutcomeRow; changed: boolean } | null> {
  const changed = await db
    .prepare(
      `UPDATE sends SET status = ?2, bounce_type = ?3, error = ?4, outcome_at = ?5, updated_at = ?6
       WHERE ${BY_MESSAGE_ID} AND (${RANK_SQL}) < ?7
       RETURNING id, subscriber_id, status, bounce_type`,
    )
    .bind(messageId, outcome.status, outcome.bounce, outcome.detail, outcome.at, now, rankOf(outcome.status, outcome.bounce))
    .first<OutcomeRow>();
  if (changed) return { row: changed, changed: true };
  const row = await findByMessageId(db, messageId);
  return row ? { row, changed: false } : null;
}

export async function findByMessageId(db: D1Database, messageId: string): Promise<OutcomeRow | null> {
  return db.prepare(`SELECT id, subscriber_id, status, bounce_type FROM sends WHERE ${BY_MESSAGE_ID} LIMIT 1`).bind(messageId).first<OutcomeRow>();
}

/**
 * The subscriber's soft bounces since their last delivered (or complained-about) email, in
 * the order the emails were sent: out-of-order events give the same streak.
 */
export async function softBounceStreak(db: D1Database, subscriberId: number): Promise<number> {
  const row = await db
    .prepare(
      `SELECT COUNT(*) AS n FROM sends
       WHERE subscriber_id = ?1 AND status = 'bounced' AND bounce_type = 'soft'
         AND id > (SELECT COALESCE(MAX(id), 0) FROM sends WHERE subscriber_id = ?1 AND status IN ('delivered', 'complained'))`,
    )
    .bind(subscriberId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Delivered, bounced and complained sends of one subscriber, and the state of the last email the service accepted. */
export interface SubscriberDelivery {
  delivered: number;
  bounced: number;
  complained: number;
  /** `sent` (no event yet), `delivered`, `bounced`, `complained` or `failed`; null before any email was accepted. */
  last: string | null;
}

/** {@link SubscriberDelivery} for every subscriber with an id in [fromId, toId], in one query. */
export async function deliveryBySubscriber(db: D1Database, fromId: number, toId: number): Promise<Map<number, SubscriberDelivery>> {
  const { results } = await db
    .prepare(
      `WITH agg AS (
         SELECT subscriber_id, SUM(status = 'delivered') AS delivered, SUM(status = 'bounced') AS bounced,
           SUM(status = 'complained') AS complained, MAX(CASE WHEN message_id IS NOT NULL THEN id END) AS last_id
         FROM sends WHERE subscriber_id BETWEEN ?1 AND ?2 GROUP BY subscriber_id)
       SELECT agg.subscriber_id, agg.delivered, agg.bounced, agg.complained, s.status AS last
       FROM agg LEFT JOIN sends s ON s.id = agg.last_id`,
    )
    .bind(fromId, toId)
    .all<{ subscriber_id: number; delivered: number; bounced: number; complained: number; last: string | null }>();
  return new Map(results.map((r) => [r.subscriber_id, { delivered: r.delivered, bounced: r.bounced, complained: r.complained, last: r.last }]));
}
