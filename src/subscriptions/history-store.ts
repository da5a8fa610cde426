import { FREQUENCIES, SUBSCRIBER_LANGS, type Frequency, type SubscriberLang } from './types.ts';

/**
 * Active subscribers per day (table `subscriber_days`, migrations/0016_reach.sql): a
 * snapshot the hourly cron takes, because the subscriber rows cannot tell the past (a
 * changed frequency or language overwrites the old one; suppression keeps no time).
 */

export interface SubscriberDay {
  /** The UTC day, YYYY-MM-DD. */
  day: string;
  frequency: Frequency;
  lang: SubscriberLang;
  active: number;
}

/**
 * Counts the active subscribers now, by frequency and reports language (zeros included),
 * as `day`'s row: a later count the same day replaces it, so the day keeps its last count.
 * One statement; running it twice at the same time changes nothing.
 */
export async function takeSnapshot(db: D1Database, day: string, now: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO subscriber_days (day, frequency, lang, active, counted_at)
       SELECT ?1, f.value, l.value,
         (SELECT COUNT(*) FROM subscribers s WHERE s.status = 'active' AND s.frequency = f.value AND s.lang = l.value), ?2
       FROM json_each(?3) f, json_each(?4) l WHERE true
       ON CONFLICT (day, frequency, lang) DO UPDATE SET active = excluded.active, counted_at = excluded.counted_at
       WHERE excluded.counted_at >= subscriber_days.counted_at`,
    )
    .bind(day, now, JSON.stringify(FREQUENCIES), JSON.stringify(SUBSCRIBER_LANGS))
    .run();
}

/** The snapshots from `since` (a UTC day) on, oldest first. */
export async function subscriberHistory(db: D1Database, since: string): Promise<SubscriberDay[]> {
  const { results } = await db
    .prepare('SELECT day, frequency, lang, active FROM subscriber_days WHERE day >= ?1 ORDER BY day, frequency, lang LIMIT 10000')
    .bind(since)
    .all<SubscriberDay>();
  return results;
}

/** Active subscribers right now, by frequency and reports language (only those with any). */
export async function activeNow(db: D1Database): Promise<Omit<SubscriberDay, 'day'>[]> {
  const { results } = await db
    .prepare("SELECT frequency, lang, COUNT(*) AS active FROM subscribers WHERE status = 'active' GROUP BY frequency, lang")
    .all<Omit<SubscriberDay, 'day'>>();
  return results;
}
