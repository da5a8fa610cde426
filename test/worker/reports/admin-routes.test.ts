import { describe, expect, it } from 'vitest';
import { api, create, get, withEnv } from '../support/worker.ts';
import { SITE } from '../support/site.ts';
import { makeReport } from '../support/builders.ts';

async function problem(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await res.json()) as { status: number; title: string; detail: string; errors?: { field: string; message: string }[] };
}

async function storedCount(): Promise<number> {
  const res = await api('GET', '/reports?limit=1000');
  return ((await res.json()) as { reports: unknown[] }).reports.length;
}

describe('authentication', () => {
  it('refuses a request without a token with 401 and a Bearer challenge', async () => {
    const res = await api('GET', '/reports', undefined, null);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await problem(res)).status).toBe(401);
  });

  it('refuses a wrong token, even one that shares a prefix with the right one', async () => {
    expect((await api('GET', '/reports', undefined, 'test-admin-toke')).status).toBe(401);
    expect((await api('GET', '/reports', undefined, 'test-admin-token-of-at-least-32-bytes-and-more')).status).toBe(401);
  });

  it('closes the admin API (503) when ADMIN_TOKEN is not set, whatever token is sent', async () => {
    for (const authorization of ['Bearer ', 'Bearer undefined', 'Bearer test-admin-token-of-at-least-32-bytes']) {
      const res = await withEnv({ ADMIN_TOKEN: '' }, '/api/reports', { headers: { authorization } });
      expect(res.status).toBe(503);
    }
  });
});

describe('creating and reading reports', () => {
  it('creates a report: 201, Location, and the stored report with server-kept fields', async () => {
    const res = await api('POST', '/reports', makeReport({ title: 'Forum on Data Flows', published: '2023-05-06T09:30:00+08:00' }));
    expect(res.status).toBe(201);
    const report = (await res.json()) as Record<string, any>;
    expect(report.slug).toBe('2023-05-06-forum-on-data-flows');
    expect(res.headers.get('location')).toBe(`${SITE}/api/reports/2023-05-06-forum-on-data-flows`);
    expect(report.published).toBe('2023-05-06T01:30:00.000Z');
    expect(report.id).toMatch(/^tag:herald\.example\.org,\d{4}-\d{2}-\d{2}:reports\/2023-05-06-forum-on-data-flows$/);
    expect(report.lang).toBe('en');
    expect(report).not.toHaveProperty('hash');
    const fetched = await api('GET', '/reports/2023-05-06-forum-on-data-flows');
    expect(await fetched.json()).toEqual(report);
  });

  it('gives a report with a Chinese title its translation key and language as slug, and asks for a slug without a key', async () => {
    const report = await create({ title: '网络空间国际法治研讨会', published: '2022-08-12', lang: 'zh-Hans', translation_key: '2022-rule-of-law-workshop' });
    expect(report.slug).toBe('2022-rule-of-law-workshop-zh');
    expect((await api('GET', `/reports/${report.slug}`)).status).toBe(200);
    const res = await api('POST', '/reports', makeReport({ title: 'G20 数字经济部长会议', published: '2022-08-12', lang: 'zh-Hans' }));
    expect(res.status).toBe(400);
    expect((await problem(res)).errors?.[0]?.field).toBe('slug');
    // A mostly Latin title keeps its derived slug, key or not.
    expect((await create({ title: 'Forum on 网络主权', published: '2022-08-13', translation_key: 'sovereignty-forum' })).slug).toBe('2022-08-13-forum-on');
  });

  it('answers 409 when the slug exists, and leaves the stored report alone', async () => {
    const first = await create({ slug: 'taken-slug', title: 'First' });
    const res = await api('POST', '/reports', makeReport({ slug: 'taken-slug', title: 'Second' }));
    expect(res.status).toBe(409);
    expect((await problem(res)).errors?.[0]?.field).toBe('slug');
    expect(((await (await api('GET', '/reports/taken-slug')).json()) as { title: string }).title).toBe(first.title);
  });

  it('PUT creates (201), then replaces (200) keeping id, created and published', async () => {
    const body = makeReport({ title: 'Original title' });
    const created = await api('PUT', '/reports/put-me', body);
    expect(created.status).toBe(201);
    const first = (await created.json()) as Record<string, any>;
    const { published: _omit, ...withoutPublished } = body;
    const replaced = await api('PUT', '/reports/put-me', { ...withoutPublished, title: 'A better title' });
    expect(replaced.status).toBe(200);
    const second = (await replaced.json()) as Record<string, any>;
    expect(second.title).toBe('A better title');
    expect(second.id).toBe(first.id);
    expect(second.created).toBe(first.created);
    expect(second.published).toBe(first.published);
    expect(Date.parse(second.updated)).toBeGreaterThanOrEqual(Date.parse(first.updated));
  });

  it('PUT of the same content changes nothing, not even updated', async () => {
    const body = makeReport();
    const first = (await (await api('PUT', '/reports/same-again', body)).json()) as Record<string, any>;
    await new Promise((r) => setTimeout(r, 5));
    const again = await api('PUT', '/reports/same-again', { ...first });
    expect(again.status).toBe(200);
    expect(((await again.json()) as Record<string, any>).updated).toBe(first.updated);
  });

  it('refuses a body slug that differs from the address', async () => {
    const res = await api('PUT', '/reports/one-slug', makeReport({ slug: 'another-slug' }));
    expect(res.status).toBe(400);
    expect((await problem(res)).errors?.[0]?.field).toBe('slug');
  });

  it('deletes a report: 204, then 404', async () => {
    const report = await create();
    expect((await api('DELETE', `/reports/${report.slug}`)).status).toBe(204);
    expect((await api('GET', `/reports/${report.slug}`)).status).toBe(404);
    expect((await api('DELETE', `/reports/${report.slug}`)).status).toBe(404);
  });

  it('lists every report, drafts and scheduled ones included, in pages', async () => {
    await create({ title: 'Public one' });
    await create({ title: 'Draft one', draft: true });
    await create({ title: 'Future one', published: '2999-01-01' });
    const first = (await (await api('GET', '/reports?limit=2')).json()) as { reports: Record<string, any>[]; next_cursor: string };
    expect(first.reports).toHaveLength(2);
    expect(first.reports[0]).toMatchObject({ title: 'Future one', scheduled: true });
    const rest = (await (await api('GET', `/reports?limit=2&cursor=${encodeURIComponent(first.next_cursor)}`)).json()) as { reports: Record<string, any>[] };
    expect([...first.reports, ...rest.reports].map((r) => r.title)).toEqual(expect.arrayContaining(['Public one', 'Draft one', 'Future one']));
    expect(rest.reports.find((r) => r.title === 'Draft one')?.draft ?? first.reports.find((r) => r.title === 'Draft one')?.draft).toBe(true);
  });

  it('keeps all 50 reports created concurrently, and the feed shows all 50', async () => {
    const bodies = Array.from({ length: 50 }, (_, i) => makeReport({ title: `Concurrent report ${i}`, topics: ['load'] }));
    const results = await Promise.all(bodies.map((body) => api('POST', '/reports', body)));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const feed = (await (await get('/feed.json')).json()) as { items: { title: string }[] };
    const titles = new Set(feed.items.map((item) => item.title));
    for (let i = 0; i < 50; i++) expect(titles.has(`Concurrent report ${i}`)).toBe(true);
    const topic = (await (await get('/topics/load/feed.json')).json()) as { items: unknown[] };
    expect(topic.items).toHaveLength(50);
  }, 30_000);
});

describe('bad input gets a clear error and changes nothing', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['a missing title', { title: undefined }, 'title'],
    ['a title of the wrong type', { title: 42 }, 'title'],
    ['topics given as a string', { topics: 'sovereignty' }, 'topics'],
    ['a control character in the title', { title: 'Bad\u0001title' }, 'title'],
    ['a NUL in the body', { body: 'text\u0000more' }, 'body'],
    ['a "<" in a topic', { topics: ['<script>'] }, 'topics.0'],
    ['an unknown field', { colour: 'red' }, 'colour'],
    ['an impossible date', { published: '2023-02-30' }, 'published'],
    ['a date-time without an offset', { published: '2023-02-03T10:00' }, 'published'],
    ['an invalid language tag', { lang: 'not a tag' }, 'lang'],
    ['an author URL that is not http(s)', { authors: [{ name: 'A', url: 'javascript:alert(1)' }] }, 'authors.0.url'],
    ['an event ending before it starts', { event: { kind: 'forum', name: 'F', start: '2023-05-02', end: '2023-05-01' } }, 'event.end'],
    ['an unknown event kind', { event: { kind: 'party', name: 'F', start: '2023-05-02' } }, 'event.kind'],
    ['a speaker without a role', { event: { kind: 'forum', name: 'F', start: '2023-05-02', speakers: [{ name: 'A' }] } }, 'event.speakers.0.role'],
    ['a slug with capitals', { slug: 'Bad-Slug' }, 'slug'],
    ['an author name holding an end tag, which Atom readers take for markup', { authors: [{ name: 'Ada </b> Example' }] }, 'authors.0.name'],
    ['a lone surrogate in the title', { title: 'Lone \ud800 surrogate' }, 'title'],
  ];
  for (const [what, override, field] of cases) {
    it(`answers 400 naming "${field}" for ${what}`, async () => {
      const before = await storedCount();
      const res = await api('POST', '/reports', makeReport(override));
      expect(res.status).toBe(400);
      const body = await problem(res);
      expect(body.errors?.map((e) => e.field)).toContain(field);
      expect(await storedCount()).toBe(before);
    });
  }

  it('answers 400 for a body that is not JSON, or JSON that is not an object', async () => {
    expect((await api('POST', '/reports', '{"title": ')).status).toBe(400);
    const res = await api('POST', '/reports', '[1,2]');
    expect(res.status).toBe(400);
  });

  it('answers 415 for a body that is not declared as JSON', async () => {
    const res = await withEnv({}, '/api/reports', {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-token-of-at-least-32-bytes', 'content-type': 'text/plain' },
      body: JSON.stringify(makeReport()),
    });
    expect(res.status).toBe(415);
    expect((await problem(res)).status).toBe(415);
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const res = await api('POST', '/reports', makeReport({ body: 'x'.repeat(1024 * 1024 + 10) }));
    expect(res.status).toBe(413);
  });

  it('accepts a body just under the limit: CJK, right-to-left and emoji text intact', async () => {
    const body = `${'网络空间治理 مرحبا بالعالم 🛰️👩🏽‍💻 '.repeat(9000)}`;
    const res = await api('POST', '/reports', makeReport({ body }));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { body: string }).body).toBe(body.trimEnd());
  });

  it('answers 405 with Allow for a method the resource does not have', async () => {
    const res = await api('PATCH', '/reports/x', {});
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, PUT, DELETE');
  });

  it('answers unknown API paths with a problem+json 404', async () => {
    const res = await api('GET', '/nothing-here');
    expect(res.status).toBe(404);
    expect((await problem(res)).status).toBe(404);
  });
});
