import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../../src/app.ts';
import { readConfig } from '../../../src/common/config.ts';
import { feeds } from '../../../src/feeds/routes.tsx';
import { forgetRecorded, reachRecorder } from '../../../src/reach/record.ts';
import { MAX_ROWS, saveCount } from '../../../src/reach/store.ts';
import { DAY, NOW } from '../support/clock.ts';
import { create, throughWorker } from '../support/worker.ts';

const FEEDLY = (n: number) => `Feedly/1.0 (+http://www.feedly.com/fetcher.html; ${n} subscribers; )`;
const INOREADER = 'Mozilla/5.0 (compatible; inoreader.com; 45 subscribers)';

type Row = { aggregator: string; feed: string; subscribers: number; day: string };
const rows = async (): Promise<Row[]> => (await env.DB.prepare('SELECT aggregator, feed, subscribers, day FROM feed_readers ORDER BY aggregator, feed').all<Row>()).results;
const today = () => new Date().toISOString().slice(0, 10);

/** The real D1, counting the statements that touch feed_readers. */
function countingDb(): { db: D1Database; writes: () => number } {
  let count = 0;
  const db = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === 'prepare') {
        return (sql: string) => {
          if (/feed_readers/.test(sql)) count += 1;
          return target.prepare(sql);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db, writes: () => count };
}

/** A D1 that fails every statement, as when the database is down. */
const brokenDb = new Proxy(env.DB, {
  get(_, prop) {
    if (prop === 'prepare') return () => { throw new Error('D1_ERROR: database unavailable'); };
    return () => Promise.reject(new Error('D1_ERROR: database unavailable'));
  },
}) as D1Database;

describe('feed readers counted from their User-Agent', () => {
  it('records the count an aggregator states on a feed, keeping nothing else of the request', async () => {
    await create();
    const res = await throughWorker({}, '/feed.xml', { headers: { 'user-agent': FEEDLY(462), 'cf-connecting-ip': '203.0.113.9' } });
    expect(res.status).toBe(200);
    expect(await rows()).toEqual([{ aggregator: 'feedly', feed: '/feed.xml', subscribers: 462, day: today() }]);
    const dump = JSON.stringify((await env.DB.prepare('SELECT * FROM feed_readers').all()).results);
    expect(dump).not.toContain('203.0.113.9');
    expect(dump).not.toContain('fetcher.html');
  });

  it('writes at most once a day per aggregator and feed: a second request the same day makes no statement at all', async () => {
    const counting = countingDb();
    await throughWorker({ DB: counting.db }, '/atom.xml', { headers: { 'user-agent': FEEDLY(10) } });
    expect(counting.writes()).toBe(1);
    await throughWorker({ DB: counting.db }, '/atom.xml', { headers: { 'user-agent': FEEDLY(11) } });
    expect(counting.writes()).toBe(1);
    // Another aggregator, and another feed, are counted on their own.
    await throughWorker({ DB: counting.db }, '/atom.xml', { headers: { 'user-agent': INOREADER } });
    await throughWorker({ DB: counting.db }, '/zh/feed.json', { headers: { 'user-agent': FEEDLY(3) } });
    expect(counting.writes()).toBe(3);
    expect(await rows()).toEqual([
      { aggregator: 'feedly', feed: '/atom.xml', subscribers: 10, day: today() },
      { aggregator: 'feedly', feed: '/zh/feed.json', subscribers: 3, day: today() },
      { aggregator: 'inoreader', feed: '/atom.xml', subscribers: 45, day: today() },
    ]);
  });

  it('another isolate (nothing remembered) writing the same day changes no row; the next day the new count is written', async () => {
    let now = NOW;
    const app = new Hono<AppEnv>();
    app.use('*', async (c, next) => {
      c.set('site', readConfig(c.env));
      await next();
    });
    app.use('*', reachRecorder(() => now));
    app.route('/', feeds);
    const fetchFeed = async (ua: string) => {
      const ctx = createExecutionContext();
      const res = await app.request('http://example.test/feed.xml', { headers: { 'user-agent': ua } }, env, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    await fetchFeed(FEEDLY(100));
    forgetRecorded();
    await fetchFeed(FEEDLY(101));
    expect((await rows())[0]).toMatchObject({ subscribers: 100, day: '2026-11-23' });
    now = NOW + DAY;
    await fetchFeed(FEEDLY(120));
    expect((await rows())[0]).toMatchObject({ subscribers: 120, day: '2026-11-24' });
  });

  it('a feed answers as usual when D1 fails, and a later request tries the write again', async () => {
    await create();
    const res = await throughWorker({ DB: brokenDb }, '/feed.xml', { headers: { 'user-agent': FEEDLY(7) } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<rss');
    await throughWorker({}, '/feed.xml', { headers: { 'user-agent': FEEDLY(8) } });
    expect(await rows()).toEqual([{ aggregator: 'feedly', feed: '/feed.xml', subscribers: 8, day: today() }]);
  });

  it('counts a 304 to a reader that has the feed, search feeds with their query, and calendars', async () => {
    await create();
    const first = await throughWorker({}, '/feed.xml');
    const etag = first.headers.get('etag')!;
    expect((await throughWorker({}, '/feed.xml', { headers: { 'user-agent': FEEDLY(5), 'if-none-match': etag } })).status).toBe(304);
    await throughWorker({}, '/search/atom.xml?q=sanctions', { headers: { 'user-agent': FEEDLY(2) } });
    await throughWorker({}, '/events.ics', { headers: { 'user-agent': FEEDLY(4) } });
    expect((await rows()).map((r) => r.feed)).toEqual(['/events.ics', '/feed.xml', '/search/atom.xml?q=sanctions']);
  });

  it('records nothing for pages, missing feeds, browsers, posts or forged counts', async () => {
    await create();
    await throughWorker({}, '/', { headers: { 'user-agent': FEEDLY(9) } });
    await throughWorker({}, '/topics/no-such-topic/feed.xml', { headers: { 'user-agent': FEEDLY(9) } });
    await throughWorker({}, '/feed.xml', { headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0' } });
    await throughWorker({}, '/feed.xml', { method: 'POST', headers: { 'user-agent': FEEDLY(9) } });
    await throughWorker({}, '/feed.xml', { headers: { 'user-agent': `${FEEDLY(9)}\tX` } });
    await throughWorker({}, `/search/feed.xml?q=${'x'.repeat(400)}`, { headers: { 'user-agent': FEEDLY(9) } });
    expect(await rows()).toEqual([]);
  });

  it('stops adding feeds past its row limit (forged User-Agents on made-up search feeds), while known ones still update', async () => {
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       INSERT INTO feed_readers (aggregator, feed, subscribers, day) SELECT 'feedly', '/search/feed.xml?q=' || i, 1, '2026-11-01' FROM n`,
    ).bind(MAX_ROWS).run();
    expect(await saveCount(env.DB, { aggregator: 'feedly', feed: '/feed.xml', subscribers: 5, day: '2026-11-02' })).toBe(false);
    expect(await saveCount(env.DB, { aggregator: 'feedly', feed: '/search/feed.xml?q=1', subscribers: 5, day: '2026-11-02' })).toBe(true);
  });
});
