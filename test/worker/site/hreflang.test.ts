import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { create, get } from '../support/worker.ts';
import { SITE } from '../support/site.ts';

/** What a page says of its languages: `<html lang>`, its hreflang alternates, and where the switch goes. */
async function languagesOf(path: string) {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  const html = await res.text();
  const alternates = Object.fromEntries([...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
  const lang = /<html lang="([^"]+)"/.exec(html)?.[1];
  const switchTo = /<nav class="languages"[^>]*><a href="([^"]+)"/.exec(html)?.[1];
  return { lang, alternates, switchTo };
}

describe('every page type in both languages', () => {
  it('has reciprocal hreflang links with x-default, <html lang>, and a switch to the same page in the other language', async () => {
    const at = (day: string) => `2022-08-${day}T09:00:00.000Z`;
    const event = { kind: 'workshop', name: 'Workshop on the rule of law', start: '2022-08-12', location: { name: 'Online', online: true } };
    await create({ slug: 'hreflang-workshop-en', title: 'Workshop on the rule of law', translation_key: 'hreflang-workshop', topics: ['hreflang'], published: at('12'), event });
    const zh = await create({ title: '网络空间国际法治研讨会', lang: 'zh-Hans', translation_key: 'hreflang-workshop', topics: ['hreflang'], published: at('12'), event: { ...event, name: '网络空间国际法治研讨会', location: { name: '线上', online: true } } });
    const pairs: [string, string][] = [
      ['/', '/zh/'],
      ['/topics/hreflang', '/zh/topics/hreflang'],
      ['/reports/hreflang-workshop-en', `/reports/${zh.slug}`],
      ['/archive', '/zh/archive'],
      ['/archive/2022', '/zh/archive/2022'],
      ['/archive/2022/08', '/zh/archive/2022/08'],
      ['/events', '/zh/events'],
      ['/digest', '/zh/digest'],
      ['/subscribe', '/zh/subscribe'],
    ];
    for (const [en, zhPath] of pairs) {
      const expected = { en: `${SITE}${en}`, 'zh-Hans': `${SITE}${zhPath}`, 'x-default': `${SITE}${en}` };
      const english = await languagesOf(en);
      const chinese = await languagesOf(zhPath);
      expect(english.lang, en).toBe('en');
      expect(chinese.lang, zhPath).toBe('zh-Hans');
      expect(english.alternates, en).toEqual(expected);
      expect(chinese.alternates, zhPath).toEqual(expected);
      expect(english.switchTo, en).toBe(`${SITE}${zhPath}`);
      expect(chinese.switchTo, zhPath).toBe(`${SITE}${en}`);
    }
  });

  it('switches a report with no translation to the other language’s home, and names no alternate it does not have', async () => {
    const only = await create({ title: 'Seminar reported in English only', published: '2022-09-01T09:00:00.000Z' });
    const page = await languagesOf(`/reports/${only.slug}`);
    expect(page.alternates).toEqual({});
    expect(page.switchTo).toBe(`${SITE}/zh/`);
  });
});

describe('English pages asked for under /en/', () => {
  it('move (301) to the root, query kept; a feed address no route knows stays a 404', async () => {
    for (const [path, target] of [
      ['/en/archive', '/archive'],
      ['/en/archive/2022/08', '/archive/2022/08'],
      ['/en/events', '/events'],
      ['/en/digest?since=2022-01-01', '/digest?since=2022-01-01'],
      ['/en/subscribe', '/subscribe'],
    ]) {
      const res = await exports.default.fetch(`http://example.test${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(301);
      expect(res.headers.get('location'), path).toBe(`${SITE}${target}`);
    }
    expect((await get('/en/no-such-feed.xml')).status).toBe(404);
    expect((await get('/en/feed.xml')).status).toBe(200);
  });
});
