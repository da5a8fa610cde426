import { FREQUENCIES, SUBSCRIBER_LANGS, type Frequency, type SubscriberLang } from '../subscriptions/types.ts';
import type { FeedReaders } from './store.ts';

/** A day of the subscriber history: active subscribers in all, by frequency and by reports language. */
export interface DayPoint {
  day: string;
  total: number;
  byFrequency: Record<Frequency, number>;
  byLang: Record<SubscriberLang, number>;
}

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** The history's rows (one per day, frequency and language) as one point per day, oldest first. */
export function subscriberSeries(rows: readonly { day: string; frequency: Frequency; lang: SubscriberLang; active: number }[]): DayPoint[] {
  const days = new Map<string, DayPoint>();
  for (const row of rows) {
    let point = days.get(row.day);
    if (!point) days.set(row.day, (point = { day: row.day, total: 0, byFrequency: zeros(FREQUENCIES), byLang: zeros(SUBSCRIBER_LANGS) }));
    point.total += row.active;
    if (row.frequency in point.byFrequency) point.byFrequency[row.frequency] += row.active;
    if (row.lang in point.byLang) point.byLang[row.lang] += row.active;
  }
  return [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}

/** A count older than this many days is left out of reach: the aggregator stopped fetching the feed (its readers left, or it did). */
export const READER_WINDOW_DAYS = 30;

export interface FeedReach {
  feed: string;
  subscribers: number;
  aggregators: { aggregator: string; subscribers: number; day: string }[];
}

export interface ReachSummary {
  /** Active email subscribers. */
  email: number;
  /** Feed readers' subscribers, as the aggregators last stated them within the window. */
  readers: number;
  total: number;
  /** Per feed, largest first. */
  feeds: FeedReach[];
  /** The oldest day whose counts are included. */
  since: string;
}

/**
 * Total reach: email subscribers plus what each aggregator last said of each feed, counting
 * only counts stated within {@link READER_WINDOW_DAYS} days of `today`. The same person
 * following two feeds, or by email and a reader, counts twice: no one can tell them apart.
 */
export function summarizeReach(email: number, counts: readonly FeedReaders[], today: string): ReachSummary {
  const since = new Date(Date.parse(`${today}T00:00:00Z`) - (READER_WINDOW_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  const feeds = new Map<string, FeedReach>();
  for (const count of counts) {
    if (count.day < since) continue;
    let feed = feeds.get(count.feed);
    if (!feed) feeds.set(count.feed, (feed = { feed: count.feed, subscribers: 0, aggregators: [] }));
    feed.subscribers += count.subscribers;
    feed.aggregators.push({ aggregator: count.aggregator, subscribers: count.subscribers, day: count.day });
  }
  const list = [...feeds.values()].sort((a, b) => b.subscribers - a.subscribers || (a.feed < b.feed ? -1 : 1));
  for (const feed of list) feed.aggregators.sort((a, b) => b.subscribers - a.subscribers);
  const readers = list.reduce((sum, feed) => sum + feed.subscribers, 0);
  return { email, readers, total: email + readers, feeds: list, since };
}
