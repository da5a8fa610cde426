import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { api, get, withEnv } from './support/worker.ts';
import { makeReport } from './support/builders.ts';

describe('no input crashes the Worker', () => {
  const bodies: [string, string][] = [
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"report"'],
    ['an empty object', '{}'],
    ['an event given as a string', JSON.stringify(makeReport({ event: 'forum' }))],
    ['authors given as an object', JSON.stringify(makeReport({ authors: { name: 'A' } }))],
    ['ten thousand topics', JSON.stringify(makeReport({ topics: Array.from({ length: 10_000 }, (_, i) => `t${i}`) }))],
    ['deeply nested arrays', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['a lone surrogate in the title', JSON.stringify(makeReport()).replace('"title":"', '"title":"\\ud800')],
    ['a byte-order mark and bad UTF-8', '\ufeff{"title": "\udcff"}'],
    ['a __proto__ key', JSON.stringify(makeReport()).replace('{', '{"__proto__":{"draft":true},')],
  ];
  for (const [what, body] of bodies) {
    it(`answers ${what} with a 4xx problem, never a 500`, async () => {
      const res = await api('POST', '/reports', body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  }

  it('answers malformed percent-encoding in paths with 404, not 500', async () => {
    for (const path of ['/reports/%ZZ', '/reports/%E0%A4%A', '/topics/%E0%A4%A/feed.xml', '/topics/%ZZ']) {
      expect((await get(path)).status).toBe(404);
    }
    expect((await api('GET', '/reports/%E0%A4%A')).status).toBe(404);
  });

  it('answers a nonsense paging limit with 400, and a nonsense cursor with no 500', async () => {
    expect((await api('GET', '/reports?cursor=not-a-real-cursor')).status).toBeLessThan(500);
    expect((await api('GET', '/reports?limit=abc')).status).toBe(400);
    expect((await api('GET', '/reports?limit=0')).status).toBe(400);
  });
});

describe('KV refusing a write (one write per second per key, under concurrency)', () => {
  /** A namespace that refuses writes to keys matching `refused`, as KV does past its rate limit. */
  function refusing(refused: RegExp): KVNamespace {
    const kv = env.REPORTS;
    const fail = () => Promise.reject(new Error('KV PUT failed: 429 Too Many Requests'));
    return new Proxy(kv, {
      get(target, prop) {
        if (prop === 'put') return (key: string, ...rest: unknown[]) => (refused.test(key) ? fail() : (target.put as (...a: unknown[]) => Promise<void>)(key, ...rest));
        if (prop === 'delete') return (key: string) => (refused.test(key) ? fail() : target.delete(key));
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  it('still stores a report when the change markers and feed copies cannot be written', async () => {
    const REPORTS = refusing(/^(meta:|render:)/);
    const headers = { authorization: 'Bearer test-admin-token-of-at-least-32-bytes', 'content-type': 'application/json' };
    const res = await withEnv({ REPORTS }, '/api/reports', { method: 'POST', headers, body: JSON.stringify(makeReport({ title: 'Stored anyway' })) });
    expect(res.status).toBe(201);
    const feed = await withEnv({ REPORTS }, '/feed.json');
    expect(feed.status).toBe(200);
    expect(((await feed.json()) as { items: { title: string }[] }).items.map((i) => i.title)).toEqual(['Stored anyway']);
  });
});
