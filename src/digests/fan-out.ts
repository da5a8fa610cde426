import type { DigestConfig, DigestMessage } from '../common/config.ts';
import type { Frequency } from '../subscriptions/types.ts';
import { addDue, type Run } from './run-store.ts';
import { nextDueAt } from './schedule.ts';

/** Subscribers read per page; each page is enqueued in sendBatch calls of 100. */
const PAGE = 1000;
const SEND_BATCH = 100;

async function enqueue(queue: Queue<DigestMessage>, run: Run, ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += SEND_BATCH) {
    await queue.sendBatch(ids.slice(i, i + SEND_BATCH).map((subscriber) => ({ body: { run: run.id, subscriber } })));
  }
}

/** Which subscribers a fan-out takes: those due by the clock, or every active one. */
export type Selection = 'due' | 'all';

export interface FanOutResult {
  /** Subscribers enqueued (they have publications after their last digest). */
  enqueued: number;
  /** Subscribers due with nothing new at all: no message, their next time is set. */
  nothingNew: number;
}

/**
 * Enqueues one message per subscriber of the run's frequency who has something new, and
 * moves each due subscriber's next_due_at to their next local digest time. A message is
 * enqueued before its subscriber's due time moves, so a crash in between re-enqueues on the
 * next attempt (the ledger drops the duplicate) rather than skipping anyone.
 */
const SELECT_DUE = "SELECT id, last_seq, timezone FROM subscribers WHERE status = 'active' AND frequency = ?1 AND next_due_at <= ?2 AND id > ?3 ORDER BY id LIMIT ?4";
const SELECT_ALL = "SELECT id, last_seq, timezone FROM subscribers WHERE status = 'active' AND frequency = ?1 AND id > ?3 ORDER BY id LIMIT ?4";

export async function fanOut(db: D1Database, queue: Queue<DigestMessage>, run: Run, config: DigestConfig, selection: Selection, dryRun = false): Promise<FanOutResult> {
  const result: FanOutResult = { enqueued: 0, nothingNew: 0 };
  // Instant subscribers have no due time: every active one is looked at.
  const dueBy = run.frequency === 'instant' || selection === 'all' ? null : run.cutoff;
  let after = 0;
  for (;;) {
    // Two statements rather than "?2 IS NULL OR …": the due one must keep its index range on next_due_at.
    const sql = dueBy === null ? SELECT_ALL : SELECT_DUE;
    const { results } = await db
      .prepare(sql)
      .bind(run.frequency, dueBy ?? 0, after, PAGE)
      .all<{ id: number; last_seq: number; timezone: string }>();
    if (results.length === 0) break;
    after = results[results.length - 1]!.id;
    const ids = results.filter((row) => row.last_seq < run.toSeq).map((row) => row.id);
    result.enqueued += ids.length;
    result.nothingNew += results.length - ids.length;
    if (dryRun) continue;
    await enqueue(queue, run, ids);
    if (dueBy !== null) await advanceDue(db, run.frequency, run.cutoff, results, config);
  }
  if (!dryRun) await addDue(db, run.id, result.enqueued);
  return result;
}

/** Sets each subscriber's next due time after the run: one UPDATE per time zone in the page. */
async function advanceDue(db: D1Database, frequency: Frequency, cutoff: number, rows: { id: number; timezone: string }[], config: DigestConfig): Promise<void> {
  const byZone = new Map<string, number[]>();
  for (const row of rows) byZone.set(row.timezone, [...(byZone.get(row.timezone) ?? []), row.id]);
  const statements = [...byZone].map(([zone, ids]) => {
    const next = nextDueAt(frequency, zone, cutoff, config);
    // json_each keeps the statement's parameter count fixed whatever the page size.
    return db
      .prepare('UPDATE subscribers SET next_due_at = ?1 WHERE id IN (SELECT value FROM json_each(?2)) AND next_due_at <= ?3')
      .bind(next, JSON.stringify(ids), cutoff);
  });
  if (statements.length > 0) await db.batch(statements);
}
