import type { Aggregator } from './user-agent.ts';

/**
 * The feed readers' counts in D1 (table `feed_readers`, migrations/0016_reach.sql): one row
 * per aggregator and feed. Only this module touches the table.
 */

/** Rows kept at most: past it a new (aggregator, feed) is not recorded, so forged User-Agents on made-up search feeds cannot grow the table without end. */
export const MAX_ROWS = 2000;

export interface FeedReaders {
  aggregator: Aggregator;
  feed: string;
  subscribers: number;
  /** The UTC day the count was stated (YYYY-MM-DD). */
  day: string;
}

/**
 * Records the count an aggregator stated for a feed on `day`, unless one was recorded that
 * day already (or later): a second call the same day writes nothing. True when a row was
 * written.
 */
export async function saveCount(db: D1Database, count: FeedReaders): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO feed_readers (aggregator, feed, subscribers, day)
       SELECT ?1, ?2, ?3, ?4
       WHERE (SELECT COUNT(*) FROM feed_readers) < ?5 OR EXISTS (SELECT 1 FROM feed_readers WHERE aggregator = ?1 AND feed = ?2)
       ON CONFLICT (aggregator, feed) DO UPDATE SET subscribers = excluded.subscribers, day = excluded.day
       WHERE feed_readers.day < excluded.day`,
    )
    .bind(count.aggregator, count.feed, count.subscribers, count.day, MAX_ROWS)
    .run();
  return result.meta.changes > 0;
}

/** Every recorded count, largest first. */
export async function listCounts(db: D1Database): Promise<FeedReaders[]> {
  const { results } = await db.prepare('SELECT aggregator, feed, subscribers, day FROM feed_readers ORDER BY subscribers DESC, feed, aggregator LIMIT ?1').bind(MAX_ROWS).all<FeedReaders>();
  return results;
}
