import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { countSubscribers } from '../../../src/subscriptions/jobs.ts';
import { recordingQueue } from '../crossposts/helpers.ts';
import { addEditor, csrfOf, deskGet, deskPost, signIn } from '../editors/desk-helpers.ts';
import { DAY, HOUR, NOW } from '../support/clock.ts';
import { api } from '../support/worker.ts';
import { parseXml } from '../support/xml.ts';

async function subscriber(email: string, status: string, frequency: string, lang: string): Promise<void> {
  await env.DB.prepare(
    `INSERT INTO subscribers (email, status, frequency, topics, lang, timezone, created_at, updated_at, confirmed_at, last_seq, next_due_at, ui_lang)
     VALUES (?1, ?2, ?3, '[]', ?4, 'UTC', 0, 0, 0, 0, NULL, 'en')`,
  ).bind(email, status, frequency, lang).run();
}

async function delivery(status: string, slug: string): Promise<number> {
  const row = await env.DB.prepare("INSERT INTO deliveries (channel_id, slug, status, attempts, last_error, created_at, updated_at) VALUES ('mastodon-main', ?1, ?2, 3, 'HTTP 503 <busy>', ?3, ?3) RETURNING id")
    .bind(slug, status, NOW)
    .first<{ id: number }>();
  return row!.id;
}

const today = () => new Date().toISOString().slice(0, 10);

describe('the subscriber history the hourly cron keeps', () => {
  it('counts active subscribers by frequency and language as the day’s row; a second run the same day replaces it, another day adds one', async () => {
    await subscriber('a@example.org', 'active', 'daily', 'en');
    await subscriber('b@example.org', 'active', 'daily', 'en');
    await subscriber('c@example.org', 'active', 'weekly', 'zh');
    await subscriber('d@example.org', 'pending', 'daily', 'en');
    await subscriber('e@example.org', 'unsubscribed', 'daily', 'en');
    await countSubscribers(env, NOW);
    await countSubscribers(env, NOW);
    await subscriber('f@example.org', 'active', 'instant', 'both');
    await countSubscribers(env, NOW + HOUR);
    await countSubscribers(env, NOW + DAY);
    const { results } = await env.DB.prepare('SELECT day, frequency, lang, active FROM subscriber_days WHERE active > 0 ORDER BY day, frequency, lang').all();
    expect(results).toEqual([
      { day: '2026-11-23', frequency: 'daily', lang: 'en', active: 2 },
      { day: '2026-11-23', frequency: 'instant', lang: 'both', active: 1 },
      { day: '2026-11-23', frequency: 'weekly', lang: 'zh', active: 1 },
      { day: '2026-11-24', frequency: 'daily', lang: 'en', active: 2 },
      { day: '2026-11-24', frequency: 'instant', lang: 'both', active: 1 },
      { day: '2026-11-24', frequency: 'weekly', lang: 'zh', active: 1 },
    ]);
    expect((await env.DB.prepare('SELECT COUNT(*) AS n FROM subscriber_days').first<{ n: number }>())!.n).toBe(18);
  });
});

describe('Subscribers & delivery in the desk', () => {
  beforeEach(async () => {
    await addEditor('admin@example.org', 'admin', 'Ada');
    await addEditor('writer@example.org', 'editor', 'Wu');
  });

  it('is for admins: an editor gets 403 on every page and on retry, nobody signed in is sent to sign in', async () => {
    const writer = await signIn('writer@example.org');
    const id = await delivery('failed', 'a-report');
    for (const path of ['/desk/delivery', '/desk/delivery/runs/1']) {
      expect((await deskGet(path, writer)).status).toBe(403);
      expect((await deskGet(path)).status).toBe(303);
    }
    const res = await deskPost(`/desk/delivery/deliveries/${id}/retry`, { csrf: await csrfOf(writer) }, writer);
    expect(res.status).toBe(403);
    expect((await env.DB.prepare('SELECT status FROM deliveries WHERE id = ?1').bind(id).first<{ status: string }>())!.status).toBe('failed');
    expect(await (await deskGet('/desk', writer)).text()).not.toContain('/desk/delivery');
  });

  it('shows total reach (email plus feed readers), the chart with its numbers, runs, channels and deliveries', async () => {
    await subscriber('a@example.org', 'active', 'daily', 'en');
    await subscriber('b@example.org', 'active', 'weekly', 'zh');
    await countSubscribers(env, Date.now() - DAY);
    await subscriber('c@example.org', 'active', 'daily', 'both');
    await countSubscribers(env, Date.now());
    await env.DB.prepare("INSERT INTO feed_readers (aggregator, feed, subscribers, day) VALUES ('feedly', '/feed.xml', 1462, ?1), ('inoreader', '/feed.xml', 45, ?1)").bind(today()).run();
    await delivery('sent', 'sent-report');
    await delivery('failed', 'failed-report');
    const admin = await signIn('admin@example.org');
    const res = await deskGet('/desk/delivery', admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('aria-current="page"');
    // 3 email + 1,507 in readers = 1,510, formatted for English.
    expect(html).toMatch(/<dd>1,510<\/dd>[\s\S]*<dd>3<\/dd>[\s\S]*<dd>1,507<\/dd>/);
    expect(html).toContain('Feedly 1,462 · Inoreader 45');
    const svg = parseXml(/<svg class="chart"[\s\S]*?<\/svg>/.exec(html)![0]);
    expect(svg.children.find((c) => c.name === 'title')!.text).toBe('Active email subscribers per day');
    expect(html).toContain('failed-report');
    expect(html.match(/\/desk\/delivery\/deliveries\/\d+\/retry/g)).toHaveLength(1);
    expect(html).toContain('HTTP 503 &lt;busy&gt;');
  });

  it('formats numbers and words for a Chinese desk', async () => {
    await env.DB.prepare("INSERT INTO feed_readers (aggregator, feed, subscribers, day) VALUES ('feedly', '/zh/feed.xml', 12345, ?1)").bind(today()).run();
    const admin = await signIn('admin@example.org');
    const html = await (await deskGet('/desk/delivery', admin, { 'accept-language': 'zh-CN,zh;q=0.9' })).text();
    expect(html).toContain('总覆盖');
    expect(html).toContain('12,345');
    expect(html).toContain('还没有统计数据');
  });

  it('retries a failed delivery with the session’s CSRF token (queued again, in the audit log), and refuses one without it or one that was sent', async () => {
    const failed = await delivery('failed', 'failed-report');
    const sent = await delivery('sent', 'sent-report');
    const admin = await signIn('admin@example.org');
    const queue = recordingQueue();
    expect((await deskPost(`/desk/delivery/deliveries/${failed}/retry`, {}, admin, {}, { CROSSPOSTS: queue.queue })).status).toBe(403);
    expect((await deskPost(`/desk/delivery/deliveries/${failed}/retry`, { csrf: await csrfOf(admin) }, admin, { origin: 'https://evil.example' }, { CROSSPOSTS: queue.queue })).status).toBe(403);
    expect(queue.messages).toEqual([]);
    const res = await deskPost(`/desk/delivery/deliveries/${failed}/retry`, { csrf: await csrfOf(admin) }, admin, {}, { CROSSPOSTS: queue.queue });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/desk/delivery?retried=${failed}#deliveries`);
    expect(queue.messages).toEqual([{ delivery: failed }]);
    expect((await env.DB.prepare('SELECT status FROM deliveries WHERE id = ?1').bind(failed).first<{ status: string }>())!.status).toBe('queued');
    const audit = await env.DB.prepare("SELECT actor_name, action, target_id FROM audit_log WHERE action = 'delivery.retry'").all();
    expect(audit.results).toEqual([{ actor_name: 'admin@example.org', action: 'delivery.retry', target_id: String(failed) }]);
    expect(await (await deskGet(`/desk/delivery?retried=${failed}`, admin)).text()).toContain(`Delivery ${failed} is queued again.`);
    const refused = await deskPost(`/desk/delivery/deliveries/${sent}/retry`, { csrf: await csrfOf(admin) }, admin, {}, { CROSSPOSTS: queue.queue });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('only a failed or unknown one can be retried');
  });

  it('answers bad ids and pages with a 400 or 404 page, never a 500', async () => {
    const admin = await signIn('admin@example.org');
    expect((await deskGet('/desk/delivery?before=1e3', admin)).status).toBe(400);
    expect((await deskGet('/desk/delivery/runs/99', admin)).status).toBe(404);
    expect((await deskGet('/desk/delivery/runs/%3Cscript%3E', admin)).status).toBe(404);
    expect((await deskPost('/desk/delivery/deliveries/99999/retry', { csrf: await csrfOf(admin) }, admin)).status).toBe(404);
    expect((await deskPost('/desk/delivery/deliveries/-1/retry', { csrf: await csrfOf(admin) }, admin)).status).toBe(404);
  });
});

describe('GET /api/reach', () => {
  it('answers total reach per feed and overall, and the history', async () => {
    await subscriber('a@example.org', 'active', 'daily', 'en');
    await countSubscribers(env, Date.now());
    await env.DB.prepare("INSERT INTO feed_readers (aggregator, feed, subscribers, day) VALUES ('feedly', '/feed.xml', 10, ?1), ('feedbin', '/atom.xml', 2, ?1)").bind(today()).run();
    const res = await api('GET', '/reach');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(body).toMatchObject({ total: 13, email: 1, feed_readers: 12 });
    expect(body.feeds.map((f: { feed: string; subscribers: number }) => [f.feed, f.subscribers])).toEqual([
      ['/feed.xml', 10],
      ['/atom.xml', 2],
    ]);
    expect(body.history).toEqual([{ day: today(), total: 1, by_frequency: { instant: 0, daily: 1, weekly: 0 }, by_lang: { en: 1, zh: 0, both: 0 } }]);
  });
});
