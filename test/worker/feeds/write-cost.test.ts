import { env } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { forgetRendered, invalidateRendered } from '../../../src/common/rendered.ts';
import { ALL, everyLanguage } from '../../../src/common/scope.ts';
import { buildFeedModel, CONTENT_BUDGET_BYTES } from '../../../src/feeds/model.tsx';
import { readConfig } from '../../../src/common/config.ts';
import { makeReport, publicReport } from '../support/builders.ts';
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

/** 20 reports on one topic, every other one in a group of its own, then a group of two. */
async function twentyTwo(): Promise<KvCounts> {
  for (let i = 0; i < 20; i += 1) {
    const key = i % 2 === 0 ? { translation_key: `k${i}` } : {};
    expect((await countedWrite(makeReport({ topics: ['cost'], ...key }))).status).toBe(201);
  }
  expect((await countedWrite(makeReport({ topics: ['cost'], translation_key: 'pair', slug: 'pair-en' }))).status).toBe(201);
  forgetRendered();
  const zh = await countedWrite(makeReport({ title: '成对', lang: 'zh-Hans', topics: ['cost'], translation_key: 'pair' }));
  expect(zh.status).toBe(201);
  return zh.counts;
}

describe('what rebuilding costs in KV', () => {
  it('reads each listed report once for a write’s whole prerender (11 copies), and lists the index once and each group once', async () => {
    const counts = await twentyTwo();
    // Measured: 43 reads, 13 listings (the index, 11 groups, the group written), 22 puts
    // (11 copies, 11 of the write itself: with the archive's and events' keys per language),
    // 32 deletes (the copies the write dropped). Before the languages, a write rebuilt 4
    // copies, each reading every report: 108 reads, 5 listings, 11 puts.
    expect(counts.get).toBeLessThanOrEqual(22 + 25);
    expect(counts.list).toBeLessThanOrEqual(1 + 11 + 1);
    expect(counts.put).toBeLessThanOrEqual(11 + 11);
  });

  it('lists no group for an RSS or JSON feed of every language, and each group once for an Atom feed or a page', async () => {
    await twentyTwo();
    const rebuild = async (path: string) => {
      await invalidateRendered(env.REPORTS, everyLanguage(ALL));
      forgetRendered();
      const { kv, counts } = countingKv(env.REPORTS);
      expect((await withEnv({ REPORTS: kv }, path)).status).toBe(200);
      return counts;
    };
    expect((await rebuild('/feed.json')).list).toBe(1);
    expect((await rebuild('/atom.xml')).list).toBe(1 + 11);
    expect((await rebuild('/zh/')).list).toBe(1 + 11);
    for (const path of ['/feed.json', '/atom.xml', '/zh/', '/zh/atom.xml']) expect((await rebuild(path)).get, path).toBeLessThanOrEqual(22 + 4);
  });
});

describe('an item past the content budget', () => {
  it('carries its summary and a link saying "Read the full report" in its own language', async () => {
    // Each about 60 % of the budget: whichever comes second is cut to its summary.
    const zh = await publicReport({ title: '长篇报道', lang: 'zh-Hans', body: '网络空间治理。'.repeat(Math.ceil((0.6 * CONTENT_BUDGET_BYTES) / 21)), summary: '摘要。' });
    const en = await publicReport({ title: 'Long report', body: 'Words here. '.repeat(Math.ceil((0.6 * CONTENT_BUDGET_BYTES) / 12)), summary: 'A summary.' });
    const site = readConfig(env);
    const [full, cut] = buildFeedModel(site, ALL, [zh.report, en.report]).items;
    expect(full!.contentHtml.length).toBeGreaterThan(CONTENT_BUDGET_BYTES / 6);
    expect(cut!.contentHtml).toBe(`<div lang="en" dir="auto"><p>A summary.</p><p><a href="${site.siteUrl}/reports/${en.report.slug}">Read the full report</a></p></div>`);
    const [, zhCut] = buildFeedModel(site, ALL, [en.report, zh.report]).items;
    expect(zhCut!.contentHtml).toBe(`<div lang="zh-Hans" dir="auto"><p>摘要。</p><p><a href="${site.siteUrl}/reports/${zh.report.slug}">阅读报道全文</a></p></div>`);
  }, 60_000);
});
