/**
 * The send ledger (table `sends`): one row per email, unique per (subscriber, edition).
 * An edition is `run:<id>` for a daily or weekly digest and `report:<seq>` for an instant
 * email, so no subscriber gets the same digest, or the same report by instant mail, twice.
 *
 * States: claimed (in the ledger, safe to send) → sending (being handed to the email
 * service) → sent | failed | unknown; claimed → cancelled when the subscriber left first.
 * The step claimed → sending is one conditional UPDATE: of two consumers racing, one wins.
 * Delivery events then move a sent row on to delivered, bounced, complained or failed
 * (outcome-store.ts).
 */

export type SendStatus = 'claimed' | 'sending' | 'sent' | 'failed' | 'unknown' | 'cancelled' | 'delivered' | 'bounced' | 'complained';

export interface SendRow {
  id: number;
  subscriber_id: number;
  run_id: number;
  edition: string;
  from_seq: number;
  to_seq: number;
  status: SendStatus;
  attempts: number;
  message_id: string | null;
  error: string | null;
  updated_at: number;
}

/** What one claimed email will carry: an edition and the publications in it. */
export interface PlannedSend {
  edition: string;
}

/**
 * Claims a subscriber's window (fromSeq, toSeq] for a run, atomically: moves the
 * subscriber's last_seq from `fromSeq` to `toSeq` and writes one claimed row per planned
 * email, in one transaction. Returns false when last_seq was no longer `fromSeq` (another
 * run or consumer claimed it first) or the subscriber is no longer active: nothing changed.
 */
export async function claimWindow(db: D1Database, subscriberId: number, runId: number, fromSeq: number, toSeq: number, planned: PlannedSend[], now: number): Promise<boolean> {
  const token = crypto.randomUUID();
  const [moved] = await db.batch([
    db
      .prepare("UPDATE subscribers SET last_seq = ?3, claim_token = ?4 WHERE id = ?1 AND last_seq = ?2 AND status = 'active'")
      .bind(subscriberId, fromSeq, toSeq, token),
    ...planned.map((send) =>
      db
        .prepare(
          `INSERT INTO sends (subscriber_id, run_id, edition, from_seq, to_seq, status, created_at, updated_at)
           SELECT ?1, ?2, ?3, ?4, ?5, 'claimed', ?6, ?6 WHERE EXISTS (SELECT 1 FROM subscribers WHERE id = ?1 AND claim_token = ?7)
           ON CONFLICT (subscriber_id, edition) DO NOTHING`,
        )
        .bind(subscriberId, runId, send.edition, fromSeq, toSeq, now, token),
    ),
  ]);
  return (moved?.meta.changes ?? 0) > 0;
}

/** The ledger rows of one subscriber in one run, oldest first. */
export async function sendsOf(db: D1Database, subscriberId: number, runId: number): Promise<SendRow[]> {
  const { results } = await db.prepare('SELECT * FROM sends WHERE subscriber_id = ?1 AND run_id = ?2 ORDER BY id').bind(subscriberId, runId).all<SendRow>();
  return results;
}

/**
 * Takes a claimed row for sending: true for exactly one caller, and only while the
 * subscriber is still active (an unsubscribe takes effect for every send not yet started).
 */
export async function startSending(db: D1Database, send: SendRow, now: number): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE sends SET status = 'sending', attempts = attempts + 1, updated_at = ?2
       WHERE id = ?1 AND status = 'claimed'
         AND EXISTS (SELECT 1 FROM subscribers WHERE id = sends.subscriber_id AND status = 'active')`,
    )
    .bind(send.id, now)
    .run();
  return result.meta.changes > 0;
}

/** Records the outcome of handing a row to the email service. */
export async function settle(db: D1Database, sendId: number, status: Exclude<SendStatus, 'sending'>, now: number, detail: { messageId?: string; error?: string } = {}): Promise<void> {
  await db
    .prepare("UPDATE sends SET status = ?2, message_id = COALESCE(?3, message_id), error = ?4, updated_at = ?5 WHERE id = ?1 AND status IN ('claimed', 'sending')")
    .bind(sendId, status, detail.messageId ?? null, detail.error ?? null, now)
    .run();
}

/** One claimed row that will not be sent (nothing left to say), unless a racing consumer took it first. */
export async function cancelSend(db: D1Database, sendId: number, reason: string, now: number): Promise<void> {
  await db.prepare("UPDATE sends SET status = 'cancelled', error = ?2, updated_at = ?3 WHERE id = ?1 AND status = 'claimed'").bind(sendId, reason, now).run();
}

/** Claimed rows of a subscriber who left: cancelled, never sent. */
export async function cancelClaimed(db: D1Database, subscriberId: number, runId: number, now: number): Promise<void> {
  await db.prepare("UPDATE sends SET status = 'cancelled', updated_at = ?3 WHERE subscriber_id = ?1 AND run_id = ?2 AND status = 'claimed'").bind(subscriberId, runId, now).run();
}

/**
 * Rows left in 'sending' for longer than any send call can take: the worker stopped while
 * handing them over, so whether they went out is unknown. They are marked so, for the
 * admin to see, and never resent blindly.
 */
export async function markStaleSending(db: D1Database, subscriberId: number, runId: number, olderThan: number, now: number): Promise<number> {
  const result = await db
    .prepare(
      `UPDATE sends SET status = 'unknown', error = COALESCE(error, 'the worker stopped while handing this email to the service'), updated_at = ?4
       WHERE subscriber_id = ?1 AND run_id = ?2 AND status = 'sending' AND updated_at < ?3`,
    )
    .bind(subscriberId, runId, olderThan, now)
    .run();
  return result.meta.changes;
}

/** Claimed rows that ran out of retries: failed, with the last error. */
export async function failClaimed(db: D1Database, subscriberId: number, runId: number, reason: string, now: number): Promise<void> {
  await db
    .prepare("UPDATE sends SET status = 'failed', error = ?3 || COALESCE(': ' || error, ''), updated_at = ?4 WHERE subscriber_id = ?1 AND run_id = ?2 AND status = 'claimed'")
    .bind(subscriberId, runId, reason, now)
    .run();
}

/** A refused row goes back to claimed (certainly not sent), with the service's answer. */
export async function releaseForRetry(db: D1Database, sendId: number, error: string, now: number): Promise<void> {
  await db.prepare("UPDATE sends SET status = 'claimed', error = ?2, updated_at = ?3 WHERE id = ?1 AND status = 'sending'").bind(sendId, error, now).run();
}

/** The service refuses to deliver to this address: stop mailing it. */
export async function suppressSubscriber(db: D1Database, subscriberId: number, now: number): Promise<void> {
  await db.prepare("UPDATE subscribers SET status = 'suppressed', updated_at = ?2 WHERE id = ?1 AND status = 'active'").bind(subscriberId, now).run();
}

/** The cron's sweep of {@link markStaleSending} over every run: nothing stays 'sending' for ever. */
export async function sweepStaleSending(db: D1Database, olderThan: number, now: number): Promise<number> {
  const result = await db
    .prepare("UPDATE sends SET status = 'unknown', error = COALESCE(error, 'the worker stopped while handing this email to the service'), updated_at = ?2 WHERE status = 'sending' AND updated_at < ?1")
    .bind(olderThan, now)
    .run();
  return result.meta.changes;
}

/** How many emails carried one report, by kind and status: its instant emails (`report:<seq>`) and the digests whose window held it. */
export async function sendsOfReport(db: D1Database, seq: number): Promise<{ kind: 'instant' | 'digest'; status: SendStatus; count: number }[]> {
  const { results } = await db
    .prepare(
      `SELECT CASE WHEN edition = ?1 THEN 'instant' ELSE 'digest' END AS kind, status, COUNT(*) AS count FROM sends
       WHERE edition = ?1 OR (edition LIKE 'run:%' AND from_seq < ?2 AND to_seq >= ?2) GROUP BY kind, status ORDER BY kind, status`,
    )
    .bind(`report:${seq}`, seq)
    .all<{ kind: 'instant' | 'digest'; status: SendStatus; count: number }>();
  return results;
}
