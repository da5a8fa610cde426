import { env } from 'cloudflare:workers';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { createDeliveries } from '../../../src/crossposts/delivery-store.ts';
import { promoteDue } from '../../../src/reports/publications-store.ts';
import { DAY } from '../support/clock.ts';
import { addChannel, adminApi, consume, deliveries, dispatch, publish, recordingQueue, service, WEBHOOK_SECRET } from './helpers.ts';

/**
 * Issue 13: a channel posts each translation group once, the version in its own language if
 * that is public when the group is first posted, else the version that became public first;
 * a translation published later posts nothing more.
 */

const HOOK = 'https://hooks.example.net/herald';
let n = 0;
const freshKey = () => `piece-${Date.now().toString(36)}-${++n}`;

const FORUM = {
  kind: 'forum',
  start: '2017-12-04',
  organizers: [],
  participants: [],
  speakers: [],
};

/** The English and Chinese versions of one piece, as the admin API takes them. */
function versions(key: string, published?: string) {
  const when = published ? { published } : {};
  return {
    en: {
      slug: `${key}-en`,
      title: 'Forum on international rules for cyberspace',
      summary: 'The forum discussed consensus and prospects.',
      lang: 'en',
      translation_key: key,
      event: { ...FORUM, name: 'International Rules for Cyberspace', location: { name: 'Wuzhen Summit', city: 'Wuzhen', country: 'China' } },
      ...when,
    },
    zh: {
      title: '网络空间国际规则论坛',
      summary: '论坛围绕共识与展望展开讨论。',
      lang: 'zh-Hans',
      translation_key: key,
      event: { ...FORUM, name: '网络空间国际规则：共识与展望', location: { name: '乌镇峰会', city: '浙江乌镇', country: '中国' } },
      ...when,
    },
  };
}

async function channels() {
  await addChannel('english', { type: 'webhook', url: `${HOOK}/en`, secret: WEBHOOK_SECRET, lang: 'en' });
  await addChannel('chinese', { type: 'webhook', url: `${HOOK}/zh`, secret: WEBHOOK_SECRET, lang: 'zh' });
  await addChannel('any', { type: 'webhook', url: `${HOOK}/any`, secret: WEBHOOK_SECRET });
}

/** channel → slugs it has deliveries for. */
async function posted(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const d of await deliveries()) (out[d.channel_id] ??= []).push(d.slug);
  return out;
}

/** Delivers `messages` to the webhooks; returns each channel's verified payloads. */
async function deliver(messages: { delivery: number }[], now = Date.now()): Promise<Record<string, Record<string, any>[]>> {
  const hooks = service();
  await consume(messages, hooks.fetcher, { now });
  const out: Record<string, Record<string, any>[]> = {};
  for (const r of hooks.received) {
    const payload = new Webhook(WEBHOOK_SECRET).verify(r.body, r.headers) as { data: Record<string, any> };
    (out[r.url.split('/').at(-1)!] ??= []).push(payload.data);
  }
  return out;
}

describe('a translation group on the channels', () => {
  it('posts a group published together once per channel: English to the English channel, Chinese to the Chinese one', async () => {
    await channels();
    const key = freshKey();
    const T = Date.now() + 60_000;
    const { queue, messages } = recordingQueue();
    const v = versions(key, new Date(T).toISOString());
    const en = await publish(queue, v.en);
    const zh = await publish(queue, v.zh);
    expect(zh.slug).toBe(`${key}-zh`);
    expect(messages).toHaveLength(0);
    await promoteDue(env.DB, env.REPORTS, T + 1000);
    const run = await dispatch(T + 1000);
    expect(run.created).toBe(3);
    // A channel without a language takes the site's (SITE_LANG, en).
    expect(await posted()).toEqual({ english: [en.slug], chinese: [zh.slug], any: [en.slug] });
    expect((await dispatch(T + 2000)).created).toBe(0);

    const payloads = await deliver(run.messages, T + 2000);
    expect(payloads.en!.map((p) => p.title)).toEqual(['Forum on international rules for cyberspace']);
    expect(payloads.zh).toHaveLength(1);
    // The Chinese post is the Chinese version's, in Chinese throughout.
    expect(payloads.zh![0]).toMatchObject({
      slug: zh.slug,
      url: `https://herald.example.org/reports/${zh.slug}`,
      title: '网络空间国际规则论坛',
      summary: '论坛围绕共识与展望展开讨论。',
      lang: 'zh-Hans',
      eventLine: '【论坛】网络空间国际规则：共识与展望｜2017年12月4日｜乌镇峰会，浙江乌镇，中国',
      event: { place: '乌镇峰会，浙江乌镇，中国' },
    });
    expect(payloads.en![0]!.eventLine).toBe('Forum: International Rules for Cyberspace · 4 December 2017 · Wuzhen Summit, Wuzhen, China');
  });

  it('posts the first public version when the channel’s own is not public yet, and nothing for the translation a day later', async () => {
    await channels();
    const key = freshKey();
    const { queue, messages } = recordingQueue();
    const v = versions(key);
    const zh = await publish(queue, v.zh);
    expect(await posted()).toEqual({ english: [zh.slug], chinese: [zh.slug], any: [zh.slug] });

    const tomorrow = Date.now() + DAY;
    const en = await publish(queue, { ...v.en, published: new Date(tomorrow).toISOString() });
    await promoteDue(env.DB, env.REPORTS, tomorrow + 1000);
    const later = await dispatch(tomorrow + 1000);
    expect(later.created).toBe(0);
    expect((await posted()).english).toEqual([zh.slug]);
    expect((await deliveries()).map((d) => d.slug)).not.toContain(en.slug);

    const payloads = await deliver(messages);
    expect(payloads.en!.map((p) => p.title)).toEqual(['网络空间国际规则论坛']);
  });

  it('posts nothing more when a run after a crash reads the group again with both versions public', async () => {
    await channels();
    const key = freshKey();
    const { queue } = recordingQueue();
    const v = versions(key);
    const zh = await publish(queue, v.zh);
    const en = await publish(queue, v.en);
    expect(await posted()).toEqual({ english: [zh.slug], chinese: [zh.slug], any: [zh.slug] });
    // A dispatcher that read the Chinese publication before the cursor moved past it (a
    // crash, or the cron racing the API's run) now finds the English one public too.
    await env.DB.prepare('UPDATE crosspost_cursor SET seq = 0').run();
    expect((await dispatch()).created).toBe(0);
    expect((await deliveries()).map((d) => d.slug)).not.toContain(en.slug);
  });

  it('creates one delivery per (channel, group) when two dispatchers race', async () => {
    await channels();
    const key = freshKey();
    const T = Date.now() + 60_000;
    const { queue } = recordingQueue();
    const v = versions(key, new Date(T).toISOString());
    await publish(queue, v.en);
    await publish(queue, v.zh);
    await promoteDue(env.DB, env.REPORTS, T + 1000);
    const runs = await Promise.all([dispatch(T + 1000), dispatch(T + 1000), dispatch(T + 1000)]);
    expect(runs.reduce((sum, run) => sum + run.created, 0)).toBe(3);
    expect(runs.flatMap((run) => run.messages)).toHaveLength(3);
    expect(Object.values(await posted()).map((slugs) => slugs.length)).toEqual([1, 1, 1]);
  });

  it('lets only one of two racing claims for different versions of a group in', async () => {
    const now = Date.now();
    const group = { group: 'g', versions: ['g-en', 'g-zh'] };
    const results = await Promise.all([
      createDeliveries(env.DB, [{ channel: 'c', slug: 'g-zh', ...group }], now),
      createDeliveries(env.DB, [{ channel: 'c', slug: 'g-en', ...group }], now),
      createDeliveries(env.DB, [{ channel: 'c', slug: 'g-en', ...group }, { channel: 'd', slug: 'g-en', ...group }], now),
    ]);
    expect(results.flat()).toHaveLength(2);
    expect((await deliveries()).map((d) => d.channel_id).sort()).toEqual(['c', 'd']);
  });

  it('does not post a group that was public before the channel was added, when its translation comes', async () => {
    const key = freshKey();
    const { queue } = recordingQueue();
    const v = versions(key);
    await publish(queue, v.en);
    await channels();
    await publish(queue, v.zh);
    expect(await deliveries()).toEqual([]);
    // A backfill posts it once, in the channel's language.
    const backfill = await adminApi('POST', '/channels/chinese/backfill', { since: '2000-01-01' }, { CROSSPOSTS: queue });
    expect(await backfill.json()).toEqual({ queued: 1 });
    expect(await posted()).toEqual({ chinese: [`${key}-zh`] });
    expect(await (await adminApi('POST', '/channels/chinese/backfill', { since: '2000-01-01' }, { CROSSPOSTS: queue })).json()).toEqual({ queued: 0 });
  });

  it('keeps a report without a group to the channel’s language, and posts each such report', async () => {
    await channels();
    const { queue } = recordingQueue();
    const en = await publish(queue, { slug: 'alone-en', title: 'Data governance forum', lang: 'en' });
    const zh = await publish(queue, { slug: 'alone-zh', title: '数据治理论坛', lang: 'zh-Hans' });
    expect(await posted()).toEqual({ english: [en.slug], any: [en.slug, zh.slug], chinese: [zh.slug] });
  });

  it('shows the group in the delivery log', async () => {
    await channels();
    const key = freshKey();
    const { queue } = recordingQueue();
    await publish(queue, versions(key).zh);
    const log = await (await adminApi('GET', '/deliveries?channel=english')).json<{ deliveries: Record<string, unknown>[] }>();
    expect(log.deliveries).toMatchObject([{ channel: 'english', report: `${key}-zh`, translation_key: key }]);
  });
});
