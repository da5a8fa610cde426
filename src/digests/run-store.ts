import type { Frequency } from '../subscriptions/types.ts';

/**
 * Digest runs in D1 (table `runs`): one per frequency and cut-off. Only this module and
 * `ledger.ts` touch the tables of the digest job.
 */

export interface Run {
  id: number;
  frequency: Frequency;
  /** The run's scheduled time (epoch ms). */
  cutoff: number;
  /** Publications up to this seq are in the run's windows. */
  toSeq: number;
  trigger: 'cron' | 'admin';
  createdAt: number;
  due: number;
  skipped: number;
  pausedUntil: number | null;
}

interface RunRow {
  id: number;
  frequency: Frequency;
  cutoff: number;
  to_seq: number;
  trigger: 'cron' | 'admin';
  created_at: number;
  due: number;
  skipped: number;
  paused_until: number | null;
}

const toRun = (row: RunRow): Run => ({
  id: row.id,
  frequency: row.frequency,
  cutoff: row.cutoff,
  toSeq: row.to_seq,
  trigger: row.trigger,
  createdAt: row.created_at,
  due: row.due,
  skipped: row.skipped,
  pausedUntil: row.paused_until,
});

/**
 * The run of `frequency` at `cutoff`: created with the newest publication's seq as its upper
 * bound, or the one a previous attempt created (a cron firing twice finds the same run, with
 * the same window).
 */
export async function openRun(db: D1Database, frequency: Frequency, cutoff: number, trigger: Run['trigger'], now: number): Promise<Run> {
  const [, row] = await db.batch<RunRow>([
    db
      .prepare(
        `INSERT INTO runs (frequency, cutoff, to_seq, trigger, created_at)
         VALUES (?1, ?2, (SELECT COALESCE(MAX(seq), 0) FROM publications), ?3, ?4)
         ON CONFLICT (frequency, cutoff) DO NOTHING`,
      )
      .bind(frequency, cutoff, trigger, now),
    db.prepare('SELECT * FROM runs WHERE frequency = ?1 AND cutoff = ?2').bind(frequency, cutoff),
  ]);
  return toRun(row!.results[0]!);
}

export async function getRun(db: D1Database, id: number): Promise<Run | null> {
  const row = await db.prepare('SELECT * FROM runs WHERE id = ?1').bind(id).first<RunRow>();
  return row ? toRun(row) : null;
}

/** Counts subscribers enqueued for a run. */
export async function addDue(db: D1Database, runId: number, count: number): Promise<void> {
  if (count > 0) await db.prepare('UPDATE runs SET due = due + ?2 WHERE id = ?1').bind(runId, count).run();
}

/** Counts a subscriber whose message found nothing to send (approximate under redelivery). */
export async function addSkipped(db: D1Database, runId: number): Promise<void> {
  await db.prepare('UPDATE runs SET skipped = skipped + 1 WHERE id = ?1').bind(runId).run();
}

/** Holds the run's sending until `until` (the email service's daily quota is spent). */
export async function pauseRun(db: D1Database, runId: number, until: number): Promise<void> {
  await db.prepare('UPDATE runs SET paused_until = MAX(COALESCE(paused_until, 0), ?2) WHERE id = ?1').bind(runId, until).run();
}

/** A run with how its sends stand, as the admin API shows it. */
export interface RunSummary extends Run {
  /** Accepted by the email service (a message id came back), whatever became of them after. */
  sent: number;
  failed: number;
  unknown: number;
  pending: number;
  cancelled: number;
  /** Of the sent: what delivery events said so far. */
  delivered: number;
  bounced: number;
  complained: number;
}

type Counts = Omit<RunSummary, keyof Run>;

/** The newest runs (before `beforeId` when paging), with their send counts. */
export async function listRuns(db: D1Database, limit: number, beforeId?: number): Promise<RunSummary[]> {
  const { results } = await db
    .prepare(
      `SELECT r.*,
         COALESCE(SUM(s.message_id IS NOT NULL), 0) AS sent,
         COALESCE(SUM(s.status = 'failed'), 0) AS failed,
         COALESCE(SUM(s.status = 'unknown'), 0) AS unknown,
         COALESCE(SUM(s.status IN ('claimed', 'sending')), 0) AS pending,
         COALESCE(SUM(s.status = 'cancelled'), 0) AS cancelled,
         COALESCE(SUM(s.status = 'delivered'), 0) AS delivered,
         COALESCE(SUM(s.status = 'bounced'), 0) AS bounced,
         COALESCE(SUM(s.status = 'complained'), 0) AS complained
       FROM runs r LEFT JOIN sends s ON s.run_id = r.id
       WHERE r.id < ?1 GROUP BY r.id ORDER BY r.id DESC LIMIT ?2`,
    )
    .bind(beforeId ?? Number.MAX_SAFE_INTEGER, limit)
    .all<RunRow & Counts>();
  return results.map((row) => ({
    ...toRun(row),
    sent: row.sent,
    failed: row.failed,
    unknown: row.unknown,
    pending: row.pending,
    cancelled: row.cancelled,
    delivered: row.delivered,
    bounced: row.bounced,
    complained: row.complained,
  }));
}

/** A send of a run that did not go out as planned (failed, unknown) or did not arrive (bounced, complained about). */
export interface RunProblem {
  id: number;
  email: string | null;
  edition: string;
  status: string;
  bounce_type: string | null;
  attempts: number;
  error: string | null;
  updated_at: number;
}

/** The problems of run `id`, oldest first (at most 1,000): what the operator acts on. */
export async function runProblems(db: D1Database, id: number): Promise<RunProblem[]> {
  const { results } = await db
    .prepare(
      `SELECT s.id, sub.email, s.edition, s.status, s.bounce_type, s.attempts, s.error, s.updated_at
       FROM sends s LEFT JOIN subscribers sub ON sub.id = s.subscriber_id
       WHERE s.run_id = ?1 AND s.status IN ('failed', 'unknown', 'bounced', 'complained') ORDER BY s.id LIMIT 1000`,
    )
    .bind(id)
    .all<RunProblem>();
  return results;
}
