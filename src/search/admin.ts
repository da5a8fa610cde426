import { Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { Problem } from '../common/problem.ts';
import { reindexSearch } from './index.ts';

/** The admin API's search: `POST /api/search/reindex` (mounted behind the admin token by app.ts). */
export const searchAdmin = new Hono<AppEnv>();

/**
 * Rebuilds the search index from the stored reports, a page of 100 at a time: call again
 * with `cursor` (the `next_cursor` of the answer) until it is null. The last page removes
 * the index's documents of reports that are gone. Safe to repeat or to interrupt: a report
 * already indexed as it is costs one read.
 */
searchAdmin.post('/reindex', async (c) => {
  const cursor = c.req.query('cursor') || undefined;
  const page = await reindexSearch(c.env.REPORTS, c.env.DB, cursor, Date.now()).catch((error: unknown) => {
    if (cursor) throw new Problem(400, 'The cursor is not one this API issued.', [{ field: 'cursor', message: 'must be a next_cursor from an earlier call' }]);
    throw error;
  });
  return c.json({ indexed: page.indexed, removed: page.removed, next_cursor: page.cursor ?? null });
});
