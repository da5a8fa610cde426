import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Digest } from '../../../src/digests/compose.ts';
import { HTML_HEADERS } from '../../../src/common/http/security.ts';
import { api, countingKv, create, get, withEnv } from '../support/worker.ts';
import { DAY } from '../support/clock.ts';


/** Moves the moment a report became public, as if it had been published then. */
async function becamePublicAt(slug: string, at: number): Promise<void> {
  await env.DB.prepare('UPDATE publications SET public_at = ?1 WHERE slug = ?2').bind(at, slug).run();
}

async function digestOf(query = ''): Promise<Digest> {
  const res = await get(`/digest.json${query}`);
  expect(res.status, query).toBe(200);
  return res.json();
}

const titles = async (query = '') => (await digestOf(query)).items.map((i) => i.title).sort();

describe('GET /digest', () => {
  it('shows by default what became public in the last 7 days, a report backdated to 2017 but added today with announce: true included', async () => {
    // Without announce: true it would be back catalogue, recorded quietly and left out (quiet.test.ts).
    const backdated = await create({ title: 'Wuzhen forum of 2017, added today', published: '2017-12-04', announce: true });
    const recent = await create({ title: 'Six days ago' });
    const old = await create({ title: 'Eight days ago' });
    await becamePublicAt(recent.slug, Date.now() - 6 * DAY);
    await becamePublicAt(old.slug, Date.now() - 8 * DAY);
    expect(await titles()).toEqual(['Six days ago', 'Wuzhen forum of 2017, added today']);
    const digest = await digestOf();
    expect(digest.until - digest.since).toBe(7 * DAY);
    expect(Math.abs(digest.until - Date.now())).toBeLessThan(60_000);
    expect(digest.items.find((i) => i.slug === backdated.slug)).toMatchObject({ published: '2017-12-04T00:00:00.000Z', url: `https://herald.example.org/reports/${backdated.slug}` });
  });

  it('answers an HTML page, JSON and plain text, each with its media type and a one-minute public cache', async () => {
    await create({ title: 'A report <script>alert(1)</script>' });
    const html = await get('/digest');
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    for (const [name, value] of Object.entries(HTML_HEADERS)) expect(html.headers.get(name), name).toBe(value);
    const page = await html.text();
    expect(page).toMatch(/^<!doctype html><html lang="en">/);
    expect(page).toContain('A report &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert');
    const json = await get('/digest.json');
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const text = await get('/digest.txt');
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await text.text()).toContain('A report <script>alert(1)</script>\n');
    for (const res of [html, json, text]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=60');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('takes a window of dates (a date `until` counts its whole day, UTC) or of date-times with an offset', async () => {
    const inside = await create({ title: 'Last hour of January' });
    const after = await create({ title: 'First minute of February' });
    await becamePublicAt(inside.slug, Date.UTC(2026, 0, 31, 23, 30));
    await becamePublicAt(after.slug, Date.UTC(2026, 1, 1, 0, 0, 30));
    expect(await titles('?since=2026-01-01&until=2026-01-31')).toEqual(['Last hour of January']);
    expect(await titles('?since=2026-01-31T23:00:00Z&until=2026-02-01T09:00%2B08:00')).toEqual(['First minute of February', 'Last hour of January']);
    // A `+` typed into the address arrives as a space, and still means the offset.
    expect(await titles('?since=2026-01-31T23:00:00Z&until=2026-02-01T09:00+08:00')).toEqual(['First minute of February', 'Last hour of January']);
    expect(await titles('?since=2026-02-01T08:00+08:00&until=2026-02-02')).toEqual(['First minute of February']);
    const digest = await digestOf('?since=2026-01-01&until=2026-01-31');
    expect([digest.since, digest.until]).toEqual([Date.UTC(2026, 0, 1), Date.UTC(2026, 1, 1)]);
  });

  it('leaves out a report that became public outside the window, and one made a draft since', async () => {
    const outside = await create({ title: 'Before the window' });
    await becamePublicAt(outside.slug, Date.UTC(2025, 11, 31, 23, 59));
    const withdrawn = await create({ title: 'Withdrawn' });
    await becamePublicAt(withdrawn.slug, Date.UTC(2026, 0, 10));
    expect((await api('PUT', `/reports/${withdrawn.slug}`, { ...withdrawn, draft: true })).status).toBe(200);
    expect(await titles('?since=2026-01-01&until=2026-01-31')).toEqual([]);
    expect((await digestOf('?since=2026-01-01&until=2026-01-31')).subject).toBe('No new reports');
  });

  it('filters by topic (repeatable, any case) and by language: en, zh or both (an old link’s zh-Hans or EN too)', async () => {
    await create({ title: 'On data', topics: ['data'] });
    await create({ title: 'On norms', topics: ['norms'] });
    await create({ title: 'On both', topics: ['norms', 'data'], lang: 'en-GB' });
    await create({ title: '关于主权', slug: 'on-sovereignty-zh', topics: ['sovereignty', 'data'], lang: 'zh-Hans' });
    expect(await titles('?topic=norms')).toEqual(['On both', 'On norms']);
    expect(await titles('?topic=DATA&topic=norms')).toEqual(['On both', 'On data', 'On norms', '关于主权']);
    expect(await titles('?topic=%E4%B8%BB%E6%9D%83')).toEqual([]);
    expect(await titles('?lang=zh')).toEqual(['关于主权']);
    expect(await titles('?lang=EN')).toEqual(['On both', 'On data', 'On norms']);
    expect(await titles('?lang=both')).toEqual(['On both', 'On data', 'On norms', '关于主权']);
    expect(await titles('?topic=data&lang=zh-Hans')).toEqual(['关于主权']);
  });

  it('answers 400 problem+json naming the parameter for each invalid value, and an empty or reversed window', async () => {
    const cases: [string, string][] = [
      ['?since=yesterday', 'since'],
      ['?since=', 'since'],
      ['?since=2026-02-30', 'since'],
      ['?until=2026-13-01', 'until'],
      ['?until=2026-01-01T10:00', 'until'],
      ['?until=1700000000000', 'until'],
      ['?since=2026-02-01&until=2026-01-01', 'since'],
      ['?since=2026-01-01T00:00Z&until=2026-01-01T00:00Z', 'since'],
      ['?since=2020-01-01&until=2026-01-01', 'since'],
      ['?since=2025-01-01&until=2026-01-02', 'since'],
      ['?topic=%3Cscript%3E', 'topic'],
      ['?topic=', 'topic'],
      [`?topic=${'a'.repeat(49)}`, 'topic'],
      [`?${Array.from({ length: 21 }, (_, i) => `topic=t${i}`).join('&')}`, 'topic'],
      ['?lang=not!a!tag', 'lang'],
      ['?lang=%0Aen', 'lang'],
    ];
    for (const [query, field] of cases) {
      for (const path of ['/digest', '/digest.json', '/digest.txt']) {
        const res = await get(`${path}${query}`);
        expect(res.status, `${path}${query}`).toBe(400);
        expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
        const problem = (await res.json()) as { status: number; errors: { field: string; message: string }[] };
        expect(problem.errors.map((e) => e.field), `${path}${query}`).toContain(field);
      }
    }
    // A window of exactly 366 days is allowed.
    expect((await get('/digest.json?since=2025-01-01&until=2026-01-01T00:00Z')).status).toBe(200);
  });

  it('answers a matching If-None-Match with 304 and no body, and a changed digest with 200', async () => {
    const report = await create({ title: 'First' });
    await becamePublicAt(report.slug, Date.UTC(2026, 0, 10));
    const window = '?since=2026-01-01&until=2026-01-31';
    for (const path of ['/digest', '/digest.json', '/digest.txt']) {
      const first = await get(`${path}${window}`);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
      expect(first.headers.get('last-modified')).toBeNull();
      const again = await get(`${path}${window}`, { 'if-none-match': etag });
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect((await get(`${path}${window}`, { 'if-none-match': '"other"' })).status).toBe(200);
      // A date alone never answers 304: the window, not a stored time, decides what is in it.
      expect((await get(`${path}${window}`, { 'if-modified-since': new Date().toUTCString() })).status).toBe(200);
    }
    const before = (await get(`/digest.json${window}`)).headers.get('etag')!;
    const second = await create({ title: 'Second' });
    await becamePublicAt(second.slug, Date.UTC(2026, 0, 11));
    const after = await get(`/digest.json${window}`, { 'if-none-match': before });
    expect(after.status).toBe(200);
  });
});

describe('GET /digest, limited per client', () => {
  it('answers 429 with Retry-After past 20 requests a minute from one client; other clients go on', async () => {
    await create({ title: 'In the window' });
    const client = { 'cf-connecting-ip': '198.51.100.23' };
    for (let i = 0; i < 20; i += 1) expect((await get(`/digest.json?since=2026-01-${String(i + 1).padStart(2, '0')}`, client)).status, `request ${i + 1}`).toBe(200);
    for (const path of ['/digest', '/digest.json', '/digest.txt']) {
      const refused = await get(`${path}?since=2026-02-01`, client);
      expect(refused.status, path).toBe(429);
      expect(refused.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(refused.headers.get('retry-after')).toBe('60');
    }
    expect((await get('/digest.json', { 'cf-connecting-ip': '198.51.100.24' })).status).toBe(200);
  });

  it('counts an IPv6 client by its /64, which it gets whole and can rotate within for free', async () => {
    const keys: string[] = [];
    const limiter = { limit: async ({ key }: { key: string }) => (keys.push(key), { success: true }) } as unknown as RateLimit;
    const { kv, counts } = countingKv(env.REPORTS);
    for (const ip of ['2001:db8:1:2::1', '2001:0DB8:0001:0002:ffff:ffff:ffff:fffe', '2001:db8:1:3::1', '::ffff:203.0.113.9', '203.0.113.9']) {
      expect((await withEnv({ DIGEST_LIMITER: limiter }, '/digest.json', { headers: { 'cf-connecting-ip': ip } })).status).toBe(200);
    }
    expect(keys).toEqual(['2001:db8:1:2::/64', '2001:db8:1:2::/64', '2001:db8:1:3::/64', '203.0.113.9', '203.0.113.9']);
    // A refused request reads no report.
    const refuse = { limit: async () => ({ success: false }) } as unknown as RateLimit;
    expect((await withEnv({ DIGEST_LIMITER: refuse, REPORTS: kv }, '/digest.json', { headers: { 'cf-connecting-ip': '203.0.113.9' } })).status).toBe(429);
    expect(counts.get + counts.list).toBe(0);
  });
});
