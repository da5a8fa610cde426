import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { newestInScope } from '../../../src/reports/index.ts';
import type { Report } from '../../../src/reports/schema.ts';
import { api, create } from '../support/worker.ts';
import { makeReport } from '../support/builders.ts';

let n = 0;
/** A fresh translation key per test. */
const freshKey = () => `group-${Date.now().toString(36)}-${++n}`;

async function view(slug: string): Promise<Record<string, any>> {
  return (await api('GET', `/reports/${slug}`)).json();
}

async function listed(): Promise<Record<string, any>[]> {
  return ((await (await api('GET', '/reports?limit=1000')).json()) as { reports: Record<string, any>[] }).reports;
}

describe('translation groups', () => {
  it('holds one report per language: a second Chinese version is a 409 naming translation_key, and nothing is stored', async () => {
    const key = freshKey();
    await create({ slug: `${key}-en`, title: 'Workshop', translation_key: key });
    await create({ title: '研讨会', lang: 'zh-Hans', translation_key: key });
    const res = await api('POST', '/reports', makeReport({ slug: `${key}-zh-cn`, title: '另一个研讨会', lang: 'zh-CN', translation_key: key }));
    expect(res.status).toBe(409);
    const problem = (await res.json()) as { errors: { field: string; message: string }[] };
    expect(problem.errors[0]!.field).toBe('translation_key');
    expect(problem.errors[0]!.message).toContain(`${key}-zh`);
    expect((await api('GET', `/reports/${key}-zh-cn`)).status).toBe(404);
    // Each version names the other.
    expect((await view(`${key}-en`)).translations.map((t: { slug: string }) => t.slug)).toEqual([`${key}-zh`]);
    expect((await view(`${key}-zh`)).translations.map((t: { slug: string }) => t.slug)).toEqual([`${key}-en`]);
  });

  it('refuses a translation_key that is not slug-like, naming the field', async () => {
    for (const bad of ['Rule Of Law', 'a_b', '-a', 'a--b', 42]) {
      const res = await api('POST', '/reports', makeReport({ translation_key: bad }));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('translation_key');
    }
  });

  it('flags a version stale when another was edited after it; adding a translation stales nothing, and catching up clears it', async () => {
    const key = freshKey();
    const en = await create({ slug: `${key}-en`, title: 'Forum', translation_key: key });
    await create({ title: '论坛', lang: 'zh', translation_key: key });
    expect((await view(`${key}-en`)).stale).toBe(false);
    expect((await view(`${key}-zh`)).stale).toBe(false);

    const { id: _id, created: _c, updated: _u, stale: _s, translations: _t, ...input } = en;
    expect((await api('PUT', `/reports/${key}-en`, { ...input, body: 'The forum agreed on a new text.' })).status).toBe(200);
    expect((await view(`${key}-zh`)).stale).toBe(true);
    expect((await view(`${key}-en`)).stale).toBe(false);
    const rows = await listed();
    expect(rows.find((r) => r.slug === `${key}-zh`)).toMatchObject({ stale: true, lang: 'zh', translation_key: key });
    expect(rows.find((r) => r.slug === `${key}-en`)).toMatchObject({ stale: false, lang: 'en' });

    // The same content again changes nothing.
    expect((await api('PUT', `/reports/${key}-en`, { ...input, body: 'The forum agreed on a new text.' })).status).toBe(200);
    expect((await view(`${key}-zh`)).stale).toBe(true);

    const zh = await view(`${key}-zh`);
    const { id: _i2, created: _c2, updated: _u2, stale: _s2, translations: _t2, ...zhInput } = zh;
    expect((await api('PUT', `/reports/${key}-zh`, { ...zhInput, body: '论坛通过了新的文本。' })).status).toBe(200);
    expect((await view(`${key}-zh`)).stale).toBe(false);
    expect((await view(`${key}-en`)).stale).toBe(false);
  });

  it('frees a language when its version is deleted', async () => {
    const key = freshKey();
    await create({ title: '会议', lang: 'zh-Hans', translation_key: key });
    expect((await api('DELETE', `/reports/${key}-zh`)).status).toBe(204);
    expect((await create({ slug: `${key}-zh-again`, title: '会议', lang: 'zh-Hans', translation_key: key })).slug).toBe(`${key}-zh-again`);
  });
});

describe('a language’s list', () => {
  const titles = (reports: Report[]) => reports.map((r) => r.title);
  const topic = () => `t${Date.now().toString(36)}${++n}`;

  it('shows one version per group, in the list’s language, and the other language’s only version marked or omitted', async () => {
    const t = topic();
    const key = freshKey();
    await create({ title: 'Both: English', translation_key: key, topics: [t], published: '2025-01-01T00:00:00Z' });
    await create({ title: '两种语言：中文', lang: 'zh-Hans', translation_key: key, topics: [t], published: '2025-01-02T00:00:00Z' });
    await create({ title: 'Only English', topics: [t], published: '2025-01-03T00:00:00Z' });
    await create({ title: '只有中文', slug: `${key}-only-zh`, lang: 'zh', topics: [t], published: '2025-01-04T00:00:00Z' });
    const now = Date.now();
    const scope = (lang?: 'en' | 'zh') => ({ kind: 'topic' as const, topic: t, ...(lang ? { lang } : {}) });
    expect(titles((await newestInScope(env.REPORTS, scope('en'), 50, now, 'mark')).reports)).toEqual(['只有中文', 'Only English', 'Both: English']);
    expect(titles((await newestInScope(env.REPORTS, scope('zh'), 50, now, 'mark')).reports)).toEqual(['只有中文', 'Only English', '两种语言：中文']);
    expect(titles((await newestInScope(env.REPORTS, scope('en'), 50, now, 'omit')).reports)).toEqual(['Only English', 'Both: English']);
    expect(titles((await newestInScope(env.REPORTS, scope('zh'), 50, now, 'omit')).reports)).toEqual(['只有中文', '两种语言：中文']);
    // Every language: every public report.
    expect((await newestInScope(env.REPORTS, scope(), 50, now, 'omit')).reports).toHaveLength(4);
  });

  it('falls back to the other version while the list’s language is a draft', async () => {
    const t = topic();
    const key = freshKey();
    await create({ title: 'Published English', translation_key: key, topics: [t] });
    await create({ title: '草稿中文', lang: 'zh', translation_key: key, topics: [t], draft: true });
    expect(titles((await newestInScope(env.REPORTS, { kind: 'topic', topic: t, lang: 'zh' }, 50, Date.now(), 'mark')).reports)).toEqual(['Published English']);
  });
});
