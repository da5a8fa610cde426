import type { Env } from '../common/config.ts';
import { type Channel, type Delivery, listChannels, listDeliveries } from '../crossposts/index.ts';
import { listRuns, type RunSummary, sendingPausedUntil } from '../digests/index.ts';
import { activeNow, subscriberHistory } from '../subscriptions/index.ts';
import { listCounts } from './store.ts';
import { type DayPoint, type ReachSummary, subscriberSeries, summarizeReach } from './summary.ts';

/** How far back the subscriber chart looks. */
export const HISTORY_DAYS = 90;
/** Newest runs and deliveries the overview lists. */
export const RUNS_SHOWN = 20;
export const DELIVERIES_SHOWN = 50;

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Total reach now: active email subscribers plus the feed readers' latest counts. */
export async function loadReach(db: D1Database, now: number): Promise<ReachSummary> {
  const [active, counts] = await Promise.all([activeNow(db), listCounts(db)]);
  return summarizeReach(
    active.reduce((sum, row) => sum + row.active, 0),
    counts,
    utcDay(now),
  );
}

/** Everything "Subscribers & delivery" shows, read in parallel. */
export interface Overview {
  reach: ReachSummary;
  history: DayPoint[];
  runs: RunSummary[];
  pausedUntil: number | null;
  channels: Channel[];
  deliveries: Delivery[];
}

/** Reads the overview at `now`; `before` pages the delivery log (a delivery id). */
export async function loadOverview(env: Pick<Env, 'DB'>, now: number, before?: number): Promise<Overview> {
  const db = env.DB;
  const [reach, rows, runs, pausedUntil, channels, deliveries] = await Promise.all([
    loadReach(db, now),
    subscriberHistory(db, utcDay(now - (HISTORY_DAYS - 1) * 86_400_000)),
    listRuns(db, RUNS_SHOWN),
    sendingPausedUntil(db, now),
    listChannels(db),
    listDeliveries(db, { before, limit: DELIVERIES_SHOWN }),
  ]);
  return { reach, history: subscriberSeries(rows), runs, pausedUntil, channels, deliveries };
}
