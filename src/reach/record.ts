import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../common/app-env.ts';
import { logEvent } from '../common/log.ts';
import { saveCount } from './store.ts';
import { readerCount } from './user-agent.ts';

/**
 * The addresses that are feeds: the site's feeds in every language and topic, the archive's
 * and the digests' feeds, search feeds and calendars. Pages are not: a reader asks for feeds.
 */
const FEED_PATH = /\/(?:feed\.xml|atom\.xml|feed\.json|events\.ics)$/;

/** Longer feed keys are not recorded (a search feed's query is what makes it; real ones are short). */
const MAX_FEED = 300;

/**
 * What a feed is recorded as: its path, with the query only for a search feed (where the
 * query is the feed); null for anything that is not a feed.
 */
export function feedKey(url: URL): string | null {
  if (!FEED_PATH.test(url.pathname)) return null;
  const search = /(?:^|\/)search\/[^/]+$/.test(url.pathname) && url.search.length > 1 ? url.search : '';
  const key = `${url.pathname}${search}`;
  return key.length <= MAX_FEED ? key : null;
}

/** (aggregator, feed) pairs this isolate has recorded, by the UTC day it did. Forgotten whole when it grows past {@link REMEMBERED}. */
const recorded = new Map<string, string>();
const REMEMBERED = 5000;

/** Forgets what this isolate recorded (tests start each from nothing). */
export function forgetRecorded(): void {
  recorded.clear();
}

/**
 * After a feed answered (200, or 304 to a reader that has it), records the subscriber count
 * an aggregator's User-Agent states, at most once a UTC day per aggregator and feed: the
 * isolate remembers what it recorded today, and the D1 write itself changes nothing if
 * another isolate was first. The write runs in waitUntil and its failure is only logged:
 * a feed never waits for it, nor fails because of it. Nothing of the reader is kept but
 * the aggregator's name and its count.
 */
export const recordReach = reachRecorder(Date.now);

/** {@link recordReach} reading the time from `clock` (tests pass a clock whose day moves on). */
export function reachRecorder(clock: () => number) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || (c.res.status !== 200 && c.res.status !== 304)) return;
    const count = readerCount(c.req.header('user-agent'));
    if (!count) return;
    const feed = feedKey(new URL(c.req.url));
    if (!feed) return;
    const day = new Date(clock()).toISOString().slice(0, 10);
    const key = `${count.aggregator} ${feed}`;
    if (recorded.get(key) === day) return;
    if (recorded.size >= REMEMBERED) recorded.clear();
    recorded.set(key, day);
    const saving = (async () => {
      try {
        await saveCount(c.env.DB, { ...count, feed, day });
      } catch (error) {
        // Not remembered, so a later request tries again.
        if (recorded.get(key) === day) recorded.delete(key);
        logEvent('reach-record-failed', { aggregator: count.aggregator, error: error instanceof Error ? error.message : String(error) }, 'warn');
      }
    })();
    try {
      c.executionCtx.waitUntil(saving);
    } catch {
      // No execution context (an app called directly): the promise still settles on its own.
    }
  });
}
