import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { composeDigest } from '../../src/digest/compose.ts';
import { saveEdition } from '../../src/digest/editions.ts';
import { create, get } from './helpers.ts';

describe('the web digest', () => {
  it('lists the reports that became public in the last 7 days, a backdated one included, as HTML, JSON and text', async () => {
    await create({ title: 'Wuzhen forum, added today', published: '2017-12-04' });
    const html = await get('/digest');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(await html.text()).toContain('Wuzhen forum, added today');
    const json = await get('/digest.json');
    expect(json.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await json.json()) as { subject: string; items: { title: string }[] };
    expect(body.items.map((i) => i.title)).toEqual(['Wuzhen forum, added today']);
    const text = await get('/digest.txt');
    expect(text.headers.get('content-type')).toMatch(/text\/plain/);
    expect(await text.text()).toContain('Wuzhen forum, added today');
  });

  it('leaves out what became public outside the window', async () => {
    await create({ title: 'Today' });
    const body = (await (await get('/digest.json?since=2020-01-01&until=2020-01-31')).json()) as { items: unknown[] };
    expect(body.items).toEqual([]);
  });

  it('filters by topic (repeatable) and language', async () => {
    await create({ title: 'On data', topics: ['data'] });
    await create({ title: 'On norms', topics: ['norms'] });
    await create({ title: '关于主权', topics: ['sovereignty'], lang: 'zh-Hans' });
    const titles = async (q: string) => ((await (await get(`/digest.json${q}`)).json()) as { items: { title: string }[] }).items.map((i) => i.title).sort();
    expect(await titles('?topic=data&topic=norms')).toEqual(['On data', 'On norms']);
    expect(await titles('?lang=zh')).toEqual(['关于主权']);
  });

  it('answers 400 naming the parameter for an invalid value', async () => {
    for (const [query, field] of [
      ['?since=yesterday', 'since'],
      ['?until=2026-13-01', 'until'],
      ['?since=2026-02-01&until=2026-01-01', 'since'],
      ['?since=2020-01-01&until=2026-01-01', 'since'],
      ['?topic=%3Cscript%3E', 'topic'],
      ['?lang=not!a!tag', 'lang'],
    ]) {
      const res = await get(`/digest${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
    }
  });

  it('answers a matching If-None-Match with 304', async () => {
    await create();
    const window = `?since=${new Date(Date.now() - 86_400_000).toISOString()}&until=${new Date(Date.now() + 86_400_000).toISOString()}`;
    const first = await get(`/digest.json${window}`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await get(`/digest.json${window}`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
  });
});

describe('the digest archive', () => {
  async function edition(runId: number, title: string) {
    const now = Date.UTC(2026, 10, 20 + runId, 7);
    await env.DB.prepare("INSERT INTO runs (id, frequency, cutoff, to_seq, trigger, created_at) VALUES (?1, 'daily', ?2, 0, 'cron', ?2)").bind(runId, now).run();
    const report = await create({ title });
    const digest = composeDigest([{ report: report as never, publicAt: now, seq: runId }], {
      siteUrl: 'https://herald.example.org',
      siteTitle: 'Herald',
      lang: 'en',
      timeZone: 'UTC',
      now,
      since: now - 86_400_000,
      until: now,
      webUrl: 'https://herald.example.org/digest',
    });
    await saveEdition(env.DB, { runId, frequency: 'daily', since: now - 86_400_000, until: now, digest, now });
    await saveEdition(env.DB, { runId, frequency: 'daily', since: now - 86_400_000, until: now, digest, now });
  }

  it('lists editions newest first, shows each, and 404s an unknown or malformed id', async () => {
    await edition(1, 'First <b>edition</b> report');
    await edition(2, 'Second edition report');
    const list = await (await get('/digests')).text();
    expect(list.indexOf('Second edition report')).toBeLessThan(list.indexOf('First &lt;b&gt;edition&lt;/b&gt; report'));
    const ids = [...list.matchAll(/\/digests\/(\d+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    const page = await get(`/digests/${ids[0]}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toContain('max-age=3600');
    expect((await get('/digests/999')).status).toBe(404);
    expect((await get('/digests/1e3')).status).toBe(404);
    expect((await get('/digests/-1')).status).toBe(404);
  });

  it('serves the editions as an Atom feed with ids, times and escaped titles', async () => {
    await edition(1, 'Edition with ]]> and <script>');
    const res = await get('/digests/atom.xml');
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    expect(xml).toContain('<link rel="self" href="https://herald.example.org/digests/atom.xml"');
    expect(xml).toMatch(/<id>tag:herald\.example\.org,\d{4}-\d{2}-\d{2}:digests\/\d+<\/id>/);
    expect(xml).not.toContain('<script>');
    expect(xml.match(/<entry>/g)).toHaveLength(1);
  });
});
