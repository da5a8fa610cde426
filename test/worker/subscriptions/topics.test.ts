import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { indexKey, type IndexMeta } from '../../../src/reports/keys.ts';
import { forgetTopics, topicsInUse } from '../../../src/subscriptions/topics.ts';
import { countingKv, create, get } from '../support/worker.ts';
import { subscriberWithTokens } from './helpers.ts';

const offered = (html: string) => [...html.matchAll(/name="topics" value="([^"]+)"/g)].map((m) => m[1]);

describe('the topics the subscription forms offer', () => {
  it('are those of public reports: never one that only a draft or a scheduled report has', async () => {
    const soon = Date.now() + 3_600_000;
    await create({ title: 'Public', topics: ['data'] });
    await create({ title: 'Draft', topics: ['secret-plans', 'data'], draft: true });
    await create({ title: 'Scheduled', topics: ['tomorrow'], published: new Date(soon).toISOString() });
    expect(offered(await (await get('/subscribe')).text())).toEqual(['data']);
    const { manage } = await subscriberWithTokens();
    expect(offered(await (await get(`/preferences?token=${manage}`)).text())).toEqual(['data']);
    // Once the scheduled report is public, its topic is offered, remembered list or not.
    expect(await topicsInUse(env.REPORTS, soon + 1)).toEqual(['data', 'tomorrow']);
  });

  it('are shown by label in the page’s language, in its alphabetical order, and post their slugs', async () => {
    await create({ title: 'Public', topics: ['sovereignty', 'state-practice', 'cybercrime'] });
    const choices = (html: string) => [...html.matchAll(/<input type="checkbox" name="topics" value="([^"]+)"\/> ([^<]+)<\/label>/g)].map((m) => [m[1], m[2]]);
    expect(choices(await (await get('/subscribe')).text())).toEqual([
      ['cybercrime', 'Cybercrime'],
      ['sovereignty', 'Sovereignty in cyberspace'],
      ['state-practice', 'state-practice'],
    ]);
    const zh = choices(await (await get('/zh/subscribe')).text());
    expect(zh).toContainEqual(['sovereignty', '网络主权']);
    // 网络犯罪 (wǎngluò fànzuì) before 网络主权 (wǎngluò zhǔquán), as a Chinese reader sorts them.
    expect(zh.findIndex(([topic]) => topic === 'cybercrime')).toBeLessThan(zh.findIndex(([topic]) => topic === 'sovereignty'));
    const { manage } = await subscriberWithTokens();
    expect(choices(await (await get(`/preferences?token=${manage}`)).text())).toContainEqual(['sovereignty', 'Sovereignty in cyberspace']);
  });

  it('are complete past the first 1,000 keys of the topic index', async () => {
    const meta = (slug: string, p: number): IndexMeta => ({ s: slug, p, u: p, d: false });
    const past = Date.parse('2020-01-01T00:00:00Z');
    const keys = Array.from({ length: 1000 }, (_, i) => indexKey({ kind: 'topic', topic: 'aaa' }, past + i, `r${i}`));
    for (let i = 0; i < keys.length; i += 250) await Promise.all(keys.slice(i, i + 250).map((key, j) => env.REPORTS.put(key, '', { metadata: meta(`r${i + j}`, past + i + j) })));
    await env.REPORTS.put(indexKey({ kind: 'topic', topic: 'zzz' }, past, 'last'), '', { metadata: meta('last', past) });
    expect(offered(await (await get('/subscribe')).text())).toEqual(['aaa', 'zzz']);
    // What it costs: one listing per 1,000 index keys, no report read.
    forgetTopics();
    const { kv, counts } = countingKv(env.REPORTS);
    await topicsInUse(kv);
    expect(counts).toEqual({ get: 0, list: 2, put: 0, delete: 0 });
  }, 60_000);
});
