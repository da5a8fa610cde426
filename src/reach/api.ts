import { Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { subscriberHistory } from '../subscriptions/index.ts';
import { HISTORY_DAYS, loadReach } from './overview.ts';
import { subscriberSeries } from './summary.ts';

/**
 * `GET /api/reach`: total reach (active email subscribers plus what feed aggregators last
 * stated for each feed) and the daily subscriber history the desk charts. Scope
 * `subscribers:read` (src/editors/api-routes.ts).
 */
export const reachAdmin = new Hono<AppEnv>();

reachAdmin.get('/', async (c) => {
  const now = Date.now();
  const [reach, rows] = await Promise.all([loadReach(c.env.DB, now), subscriberHistory(c.env.DB, new Date(now - (HISTORY_DAYS - 1) * 86_400_000).toISOString().slice(0, 10))]);
  return c.json({
    total: reach.total,
    email: reach.email,
    feed_readers: reach.readers,
    feed_readers_since: reach.since,
    feeds: reach.feeds.map((feed) => ({ feed: feed.feed, subscribers: feed.subscribers, aggregators: feed.aggregators })),
    history: subscriberSeries(rows).map((p) => ({ day: p.day, total: p.total, by_frequency: p.byFrequency, by_lang: p.byLang })),
  });
});
