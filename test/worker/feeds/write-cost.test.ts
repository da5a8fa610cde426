import { env } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { forgetRendered, invalidateRendered } from '../../../src/common/rendered.ts';
import { ALL, everyLanguage } from '../../../src/common/scope.ts';
import { makeReport } from '../support/builders.ts';
import { TOKEN } from '../support/site.ts';
import { countingKv, type KvCounts, withEnv } from '../support/worker.ts';

/** One admin write of `body`, with the KV operations it and its waitUntil work (prerender) made. */
async function countedWrite(body: Record<string, unknown>): Promise<{ status: number; counts: KvCounts }> {
  const { kv, counts } = countingKv(env.REPORTS);
  const ctx = createExecutionContext();
  const res = await createApp().request('http://example.test/api/reports', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }, { ...env, REPORTS: kv }, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, counts };
}

describe('what a write costs in KV', () => {
  it('stays within a bound for a report joining a group of two, with 20 reports already listed', async () => {
    for (let i = 0; i < 20; i += 1) {
      const key = i % 2 === 0 ? { translation_key: `k${i}` } : {};
      expect((await countedWrite(makeReport({ topics: ['cost'], ...key }))).status).toBe(201);
    }
    forgetRendered();
    const en = await countedWrite(makeReport({ topics: ['cost'], translation_key: 'pair', slug: 'pair-en' }));
    forgetRendered();
    const zh = await countedWrite(makeReport({ title: '成对', lang: 'zh-Hans', topics: ['cost'], translation_key: 'pair' }));
    console.log('write-cost', JSON.stringify({ en: en.counts, zh: zh.counts }));
    expect(zh.status).toBe(201);
    const rebuilds: Record<string, KvCounts> = {};
    for (const path of ['/feed.xml', '/atom.xml', '/', '/en/atom.xml', '/zh/', '/zh/feed.xml', '/zh/atom.xml', '/topics/cost/atom.xml', '/zh/topics/cost']) {
      await invalidateRendered(env.REPORTS, everyLanguage(ALL));
      forgetRendered();
      const { kv, counts } = countingKv(env.REPORTS);
      const res = await withEnv({ REPORTS: kv }, path);
      if (res.status === 200) rebuilds[path] = counts;
    }
    console.log('rebuild-cost', JSON.stringify(rebuilds));
  });
});
