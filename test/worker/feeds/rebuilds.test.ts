import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ALL } from '../../../src/common/scope.ts';
import { forgetRendered, invalidateRendered } from '../../../src/common/rendered.ts';
import { countingKv, create, get, withEnv } from '../support/worker.ts';

describe('who pays for rebuilding a feed', () => {
  it('after a write, the next reader of the main feeds and of each language’s home page and feeds finds them rebuilt already', async () => {
    await create({ title: 'Freshly written' });
    forgetRendered(); // a reader in another isolate: only what KV holds
    for (const path of ['/feed.xml', '/atom.xml', '/feed.json', '/', '/en/feed.xml', '/en/atom.xml', '/en/feed.json', '/zh/', '/zh/feed.xml', '/zh/atom.xml', '/zh/feed.json']) {
      const { kv, counts } = countingKv(env.REPORTS);
      const res = await withEnv({ REPORTS: kv }, path);
      expect(await res.text()).toContain('Freshly written');
      expect({ path, list: counts.list, put: counts.put }).toEqual({ path, list: 0, put: 0 });
    }
  });

  it('a burst of 100 readers after the copy was dropped causes one rebuild, not one per reader', async () => {
    await create();
    await invalidateRendered(env.REPORTS, [ALL]);
    const { kv, counts } = countingKv(env.REPORTS);
    const responses = await Promise.all(Array.from({ length: 100 }, () => withEnv({ REPORTS: kv }, '/atom.xml')));
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([200]));
    expect(counts.list).toBe(1);
    expect(counts.put).toBe(1);
  });

  it('a topic with no report costs one listing, then none within the refresh bound', async () => {
    const first = countingKv(env.REPORTS);
    expect((await withEnv({ REPORTS: first.kv }, '/topics/no-such-topic/feed.xml')).status).toBe(404);
    expect(first.counts.list).toBe(1);
    const later = countingKv(env.REPORTS);
    for (let i = 0; i < 10; i += 1) expect((await withEnv({ REPORTS: later.kv }, '/topics/no-such-topic/atom.xml')).status).toBe(404);
    expect(later.counts.list).toBe(0);
  });

  it('serves a topic at once when a report gives it its first public report', async () => {
    expect((await get('/topics/new-topic/feed.xml')).status).toBe(404);
    await create({ topics: ['new-topic'] });
    expect((await get('/topics/new-topic/feed.xml')).status).toBe(200);
  });
});
