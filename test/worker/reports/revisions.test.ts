import { env } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import type { Env } from '../../../src/common/config.ts';
import { readConfig } from '../../../src/common/config.ts';
import { parseReportFile } from '../../../src/reports/front-matter.ts';
import { prepareReport } from '../../../src/reports/prepare.ts';
import { saveReport, writeReport } from '../../../src/reports/publishing.ts';
import { parseReportInput } from '../../../src/reports/schema.ts';
import { makeReport, event } from '../support/builders.ts';
import { SITE, TOKEN } from '../support/site.ts';

/** Calls the admin API with the test token, `headers` added (If-Match), with `env` changed where given. */
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, overrides: Partial<Env> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await createApp().request(
    `http://example.test/api${path}`,
    { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) },
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

interface Entry {
  n: number;
  at: string;
  author: string;
  kind: string;
  restored_from: number | null;
  hash: string;
  title: string;
  source: string;
  current: boolean;
}

async function revisions(slug: string): Promise<{ deleted: boolean; revisions: Entry[] }> {
  const res = await call('GET', `/reports/${slug}/revisions`);
  expect(res.status).toBe(200);
  return res.json();
}

/** Creates a report (201) and answers its slug and ETag. */
async function created(overrides: Record<string, unknown> = {}): Promise<{ slug: string; etag: string; input: Record<string, unknown> }> {
  const input = makeReport(overrides);
  const res = await call('POST', '/reports', input);
  expect(res.status).toBe(201);
  const etag = res.headers.get('etag')!;
  expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
  return { slug: ((await res.json()) as { slug: string }).slug, etag, input };
}

/** What a reader and an editor can see of a report: its API view (the server's clock fields aside) and the main feed. */
async function visible(slug: string): Promise<{ status: number; report: unknown; feed: string }> {
  const res = await call('GET', `/reports/${slug}`);
  const report = res.status === 200 ? await res.json() : null;
  const feed = await (await createApp().request('http://example.test/feed.json', {}, env, createExecutionContext())).text();
  return { status: res.status, report, feed };
}

async function problem(res: Response): Promise<{ status: number; errors?: { field: string }[] }> {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return res.json();
}

describe('revisions', () => {
  it('records one for every save that changes a report, none for a save that changes nothing, newest first', async () => {
    const { slug, input } = await created({ title: 'First title' });
    expect((await call('PUT', `/reports/${slug}`, input)).status).toBe(200);
    expect((await call('PUT', `/reports/${slug}`, { ...input, title: 'Second title' })).status).toBe(200);
    const list = await revisions(slug);
    expect(list.deleted).toBe(false);
    expect(list.revisions.map((r) => [r.n, r.kind, r.title, r.author, r.source, r.current])).toEqual([
      [2, 'save', 'Second title', 'owner', 'desk', true],
      [1, 'save', 'First title', 'owner', 'desk', false],
    ]);
    const first = (await (await call('GET', `/reports/${slug}/revisions/1`)).json()) as Entry & { report: Record<string, unknown> };
    expect(first).toMatchObject({ n: 1, kind: 'save', current: false, title: 'First title' });
    expect(first.report).toMatchObject({ slug, title: 'First title', body: input.body, topics: input.topics, source: 'desk' });
    expect(first.report).not.toHaveProperty('id');
    expect(first.report).not.toHaveProperty('updated');
  });

  it('restores an earlier revision as a new save, answered like a PUT', async () => {
    const { slug, input } = await created({ title: 'Kept title' });
    await call('PUT', `/reports/${slug}`, { ...input, title: 'A worse title', body: 'A worse body.' });
    const res = await call('POST', `/reports/${slug}/revisions/1/restore`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe((await call('GET', `/reports/${slug}`)).headers.get('etag'));
    expect(await res.json()).toMatchObject({ slug, title: 'Kept title', body: input.body, source: 'desk' });
    const list = await revisions(slug);
    expect(list.revisions[0]).toMatchObject({ n: 3, kind: 'restore', restored_from: 1, title: 'Kept title', current: true });
    expect((await visible(slug)).feed).toContain('Kept title');
  });

  it('keeps a deleted report, shows the deletion, and restores it with its feeds', async () => {
    const { slug, input } = await created({ title: 'Deleted by mistake' });
    expect((await call('DELETE', `/reports/${slug}`)).status).toBe(204);
    expect((await call('GET', `/reports/${slug}`)).status).toBe(404);
    const list = await revisions(slug);
    expect(list.deleted).toBe(true);
    expect(list.revisions.map((r) => [r.n, r.kind, r.current])).toEqual([
      [2, 'delete', false],
      [1, 'save', false],
    ]);
    expect((await visible(slug)).feed).not.toContain('Deleted by mistake');
    const res = await call('POST', `/reports/${slug}/revisions/2/restore`);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`${SITE}/api/reports/${slug}`);
    expect(await res.json()).toMatchObject({ slug, title: 'Deleted by mistake', body: input.body });
    expect((await visible(slug)).feed).toContain('Deleted by mistake');
    expect((await revisions(slug)).revisions[0]).toMatchObject({ n: 3, kind: 'restore', restored_from: 2, current: true });
  });

  it('keeps the version stored before revisions existed when it is first changed', async () => {
    const parsed = parseReportInput(makeReport({ title: 'Written before revisions' }));
    if (!parsed.ok) throw new Error('invalid');
    const old = await prepareReport(parsed.value, null, { now: Date.now(), siteUrl: SITE, slug: 'written-before-revisions' });
    await writeReport(env.REPORTS, old, null);
    expect((await revisions('written-before-revisions')).revisions).toEqual([]);
    expect((await call('GET', '/reports/written-before-revisions')).headers.get('etag')).toBe(`"${old.hash}"`);
    await call('PUT', '/reports/written-before-revisions', { ...parsed.value, title: 'Rewritten' });
    expect((await revisions('written-before-revisions')).revisions.map((r) => [r.n, r.kind, r.author, r.title, r.source])).toEqual([
      [2, 'save', 'owner', 'Rewritten', 'desk'],
      [1, 'baseline', 'unknown', 'Written before revisions', 'file'],
    ]);
  });

  it('keeps a report of the largest size a file may hold, whose JSON is over D1\'s row limit, compressed', async () => {
    // A 1 MiB body of quotes and backslashes (the API takes 1 MiB requests; content:sync reads files of any size).
    const body = `A${'"\\'.repeat(512 * 1024 - 1)}`;
    const parsed = parseReportInput(makeReport({ body, slug: 'largest' }));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(JSON.stringify(parsed.value).length).toBeGreaterThan(2_000_000);
    await saveReport({ kv: env.REPORTS, db: env.DB }, readConfig(env), parsed.value, 'largest', Date.now());
    const slug = 'largest';
    const row = await env.DB.prepare('SELECT length(content) AS bytes FROM report_revisions WHERE slug = ?1').bind(slug).first<{ bytes: number }>();
    expect(row!.bytes).toBeLessThan(100_000);
    const revision = (await (await call('GET', `/reports/${slug}/revisions/1`)).json()) as { report: { body: string } };
    expect(revision.report.body).toBe(body);
  });

  it('gives back the revision a refused write claimed (a second version of a language in a group)', async () => {
    await created({ translation_key: 'one-piece', lang: 'zh-Hans', slug: 'one-piece-zh' });
    const res = await call('PUT', '/reports/one-piece-zh-cn', makeReport({ translation_key: 'one-piece', lang: 'zh-CN' }));
    expect(res.status).toBe(409);
    expect((await call('GET', '/reports/one-piece-zh-cn/revisions')).status).toBe(404);
  });

  it('answers 404 for an unknown report or revision and 400 naming a malformed number', async () => {
    const { slug } = await created();
    expect((await call('GET', '/reports/no-such-report/revisions')).status).toBe(404);
    expect((await call('GET', `/reports/${slug}/revisions/9`)).status).toBe(404);
    expect((await call('POST', `/reports/${slug}/revisions/9/restore`)).status).toBe(404);
    expect((await call('GET', '/reports/NOT%20A%20SLUG/revisions/1')).status).toBe(404);
    for (const n of ['0', '-1', '1.5', 'abc', '99999999999', '%F0%9F%98%80']) {
      const res = await call('GET', `/reports/${slug}/revisions/${n}`);
      expect(res.status, n).toBe(400);
      expect((await problem(res)).errors).toEqual([expect.objectContaining({ field: 'n' })]);
    }
    expect((await call('GET', `/reports/${slug}/revisions?limit=0`)).status).toBe(400);
    expect((await call('DELETE', `/reports/${slug}/revisions/1`)).status).toBe(405);
  });
});

describe('ETag and If-Match', () => {
  it('gives a strong ETag that stays the same across reads and changes with the report', async () => {
    const { slug, etag, input } = await created();
    const read = async () => (await call('GET', `/reports/${slug}`)).headers.get('etag');
    expect(await read()).toBe(etag);
    expect(await read()).toBe(etag);
    const same = await call('PUT', `/reports/${slug}`, input);
    expect(same.headers.get('etag')).toBe(etag);
    const changed = await call('PUT', `/reports/${slug}`, { ...input, summary: 'A new lead.' });
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await read()).toBe(changed.headers.get('etag'));
  });

  it('refuses a PUT, DELETE or restore whose If-Match is not current with 412, changing nothing', async () => {
    const { slug, etag: old, input } = await created({ title: 'Read by two editors' });
    const current = (await call('PUT', `/reports/${slug}`, { ...input, title: 'Saved by the first' })).headers.get('etag')!;
    const before = await visible(slug);
    const count = (await revisions(slug)).revisions.length;
    for (const [method, path, body] of [
      ['PUT', `/reports/${slug}`, { ...input, title: 'Saved by the second' }],
      ['DELETE', `/reports/${slug}`, undefined],
      ['POST', `/reports/${slug}/revisions/1/restore`, undefined],
    ] as const) {
      for (const ifMatch of [old, `W/${current}`, `"nope", ${old}`]) {
        const res = await call(method, path, body, { 'if-match': ifMatch });
        expect(res.status, `${method} ${ifMatch}`).toBe(412);
        expect(res.headers.get('etag')).toBe(current);
        expect((await problem(res)).errors).toEqual([expect.objectContaining({ field: 'If-Match' })]);
      }
    }
    expect(await visible(slug)).toEqual(before);
    expect((await revisions(slug)).revisions).toHaveLength(count);
    // The current ETag, alone or among others, or "*": the write goes through.
    expect((await call('PUT', `/reports/${slug}`, { ...input, title: 'Merged' }, { 'if-match': `"nope", ${current}` })).status).toBe(200);
    expect((await call('DELETE', `/reports/${slug}`, undefined, { 'if-match': '*' })).status).toBe(204);
  });

  it('takes If-Match: * as "must exist", and refuses a malformed one with 400 naming it', async () => {
    const put = makeReport({ slug: 'not-there-yet' });
    const res = await call('PUT', '/reports/not-there-yet', put, { 'if-match': '*' });
    expect(res.status).toBe(412);
    expect((await call('GET', '/reports/not-there-yet')).status).toBe(404);
    expect((await call('DELETE', '/reports/not-there-yet', undefined, { 'if-match': '*' })).status).toBe(412);
    expect((await call('PUT', '/reports/not-there-yet', put)).status).toBe(201);
    for (const ifMatch of ['abc', '"unclosed', '""x', ',']) {
      const bad = await call('PUT', '/reports/not-there-yet', put, { 'if-match': ifMatch });
      expect(bad.status, ifMatch).toBe(400);
      expect((await problem(bad)).errors).toEqual([expect.objectContaining({ field: 'If-Match' })]);
    }
  });

  it('lets exactly one of two concurrent writers with the same If-Match through', async () => {
    for (const second of ['PUT', 'DELETE'] as const) {
      const { slug, etag, input } = await created();
      const [a, b] = await Promise.all([
        call('PUT', `/reports/${slug}`, { ...input, title: 'Writer A' }, { 'if-match': etag }),
        second === 'PUT' ? call('PUT', `/reports/${slug}`, { ...input, title: 'Writer B' }, { 'if-match': etag }) : call('DELETE', `/reports/${slug}`, undefined, { 'if-match': etag }),
      ]);
      expect([a.status, b.status].sort()).toEqual(second === 'PUT' ? [200, 412] : [204, 412].sort());
      const winner = a.status === 200 ? 'Writer A' : second === 'PUT' ? 'Writer B' : null;
      const now = await call('GET', `/reports/${slug}`);
      if (winner) expect(((await now.json()) as { title: string }).title).toBe(winner);
      else expect(now.status).toBe(404);
      expect((await revisions(slug)).revisions).toHaveLength(2);
    }
  });

  it('lets one through even when both writers read the same head before either claims', async () => {
    const { slug, etag, input } = await created();
    // Hold each writer's read of the newest revision until both have made it.
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    const db = new Proxy(env.DB, {
      get(target, prop) {
        if (prop !== 'prepare') return Reflect.get(target, prop);
        return (sql: string) => {
          const statement = target.prepare(sql);
          if (!sql.includes('ORDER BY n DESC LIMIT 1')) return statement;
          return {
            bind: (...args: unknown[]) => {
              const bound = statement.bind(...args);
              return {
                first: async () => {
                  const row = await bound.first();
                  if (++arrived === 2) release();
                  await bothRead;
                  return row;
                },
              };
            },
          };
        };
      },
    });
    const [a, b] = await Promise.all(
      ['Writer A', 'Writer B'].map((title) => call('PUT', `/reports/${slug}`, { ...input, title }, { 'if-match': etag }, { DB: db })),
    );
    // Both read the head before either claimed; the loser read it once more, found the winner's claim, and gave up.
    expect(arrived).toBe(3);
    expect([a!.status, b!.status].sort()).toEqual([200, 412]);
    expect((await revisions(slug)).revisions.map((r) => r.n)).toEqual([2, 1]);
  });
});

describe('where a report comes from', () => {
  it('is "desk" for an API write that does not say, and shown in the list and the report', async () => {
    const { slug } = await created();
    const file = await call('PUT', '/reports/from-a-file', makeReport({ source: 'file' }));
    expect(await file.json()).toMatchObject({ source: 'file' });
    expect(await (await call('GET', `/reports/${slug}`)).json()).toMatchObject({ source: 'desk' });
    const list = (await (await call('GET', '/reports')).json()) as { reports: { slug: string; source: string }[] };
    expect(Object.fromEntries(list.reports.map((r) => [r.slug, r.source]))).toEqual({ [slug]: 'desk', 'from-a-file': 'file' });
    const bad = await call('PUT', '/reports/from-a-file', makeReport({ source: 'git' }));
    expect(bad.status).toBe(400);
    expect((await problem(bad)).errors).toEqual([{ field: 'source', message: 'must be "file" or "desk"' }]);
  });

  it('downloads as the Markdown file content/reports/ would hold, which reads back as the same report', async () => {
    const { slug } = await created({
      title: '网络空间国际法治研讨会 · <script>alert(1)</script> ]]>',
      summary: 'yes',
      lang: 'zh-Hans',
      translation_key: 'rule-of-law-workshop',
      topics: ['rule-of-law', 'sovereignty'],
      authors: [{ name: 'Li Wei', url: 'https://example.org/li' }, { name: "O'Brien: \"quoted\" # not a comment" }],
      event: event({ name: '研讨会', start: '2022-08-12T09:00+08:00', timezone: 'Asia/Shanghai', location: { name: '线上', online: true }, speakers: [{ name: '郭锋', role: '致辞' }] }),
      body: '---\nA body that starts with a fence.\n\n- a list\n\n> 引用 🙂\n',
      draft: true,
    });
    const res = await call('GET', `/reports/${slug}/markdown`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${slug}.md"`);
    const text = await res.text();
    expect(text).not.toContain('source:');
    const parsed = parseReportFile(`${slug}.md`, text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const { source, ...stored } = ((await (await call('GET', `/reports/${slug}/revisions/1`)).json()) as { report: Record<string, unknown> }).report;
    expect(source).toBe('desk');
    expect(parsed.input).toEqual(stored);
    // Sent back from the desk it is no change; synced from a file it is the same report, now the file's.
    const etag = res.headers.get('etag');
    expect((await call('PUT', `/reports/${slug}`, { ...parsed.input, source: 'desk' })).headers.get('etag')).toBe(etag);
    const synced = await call('PUT', `/reports/${slug}`, { ...parsed.input, source: 'file' });
    expect(await synced.json()).toMatchObject({ source: 'file', title: stored.title, body: stored.body });
    expect((await revisions(slug)).revisions.map((r) => r.source)).toEqual(['file', 'desk']);
    expect((await call('GET', '/reports/no-such-report/markdown')).status).toBe(404);
  });

  it('keeps an unchanged file-made report unchanged whether or not it was stored saying so', async () => {
    const parsed = parseReportInput(makeReport({ slug: 'old-file-report' }));
    if (!parsed.ok) throw new Error('invalid');
    const site = readConfig(env);
    const old = await prepareReport(parsed.value, null, { now: Date.now(), siteUrl: site.siteUrl, slug: 'old-file-report' });
    await writeReport(env.REPORTS, old, null);
    const again = await call('PUT', '/reports/old-file-report', { ...parsed.value, source: 'file' });
    expect(again.headers.get('etag')).toBe(`"${old.hash}"`);
    expect((await revisions('old-file-report')).revisions).toEqual([]);
  });
});

describe('who wrote a revision', () => {
  it('is the owner, or the API token by name; a reading token reads the history and the file but restores nothing', async () => {
    const made = async (name: string, scopes: string[]) => ((await (await call('POST', '/tokens', { name, scopes })).json()) as { token: string }).token;
    const writer = await made('CI content sync', ['reports:write']);
    const reader = await made('owner', ['reports:read']);
    const { slug, input } = await created();
    expect((await call('PUT', `/reports/${slug}`, { ...input, title: 'By the token' }, { authorization: `Bearer ${writer}` })).status).toBe(200);
    expect((await revisions(slug)).revisions.map((r) => r.author)).toEqual(['token:CI content sync', 'owner']);
    const asReader = { authorization: `Bearer ${reader}` };
    expect((await call('GET', `/reports/${slug}/revisions`, undefined, asReader)).status).toBe(200);
    expect((await call('GET', `/reports/${slug}/revisions/1`, undefined, asReader)).status).toBe(200);
    expect((await call('GET', `/reports/${slug}/markdown`, undefined, asReader)).status).toBe(200);
    const refused = await call('POST', `/reports/${slug}/revisions/1/restore`, undefined, asReader);
    expect(refused.status).toBe(403);
    expect((await revisions(slug)).revisions).toHaveLength(2);
  });
});
