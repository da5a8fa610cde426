/**
 * The archive's month feeds in each language, end to end through the real `wrangler dev`:
 * a language's month feed (`/zh/archive/2022/08/atom.xml`) is well-formed, conforms to Atom
 * (the project's RFC 4287 check), holds one entry per translation group, and its RFC 5005
 * links (`prev-archive`, `next-archive`, `current`) stay in its language, so a reader walking
 * back from a month reaches every month of that language and no other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atomConformanceErrors } from './atom-conformance.ts';
import { child, extractFeed, text, wellFormednessErrors } from './feed-tools.ts';
import { type Herald, startHerald } from './herald.ts';

let herald: Herald;

/** Three months: a group of two in July, a group of two and a Chinese-only report in August, an English-only report in October. */
const REPORTS = [
  { title: 'July workshop on due diligence', slug: 'july-workshop-en', translation_key: 'july-workshop', published: '2022-07-05T09:00:00Z', body: 'The workshop met online.' },
  { title: '七月尽职调查研讨会', lang: 'zh-Hans', translation_key: 'july-workshop', published: '2022-07-05T10:00:00Z', body: '研讨会以线上方式举行。' },
  { title: 'Workshop on International Rule of Law in Cyberspace', slug: 'rule-of-law-en', translation_key: 'rule-of-law', published: '2022-08-12T09:00:00Z', body: 'The workshop was held online.', event: { kind: 'workshop', name: 'Workshop on International Rule of Law in Cyberspace', start: '2022-08-12', location: { name: 'Online', online: true } } },
  { title: '网络空间国际法治研讨会', lang: 'zh-Hans', translation_key: 'rule-of-law', published: '2022-08-12T10:00:00Z', body: '研讨会以线上方式举行。', event: { kind: 'workshop', name: '网络空间国际法治研讨会', start: '2022-08-12', location: { name: '线上', online: true } } },
  { title: '数据安全论坛', lang: 'zh-Hans', translation_key: 'data-forum', published: '2022-08-20T09:00:00Z', body: '论坛讨论了数据安全。' },
  { title: 'October lecture on attribution', published: '2022-10-03T09:00:00Z', body: 'The lecture was about attribution.' },
];

beforeAll(async () => {
  herald = await startHerald();
  for (const report of REPORTS) {
    const res = await herald.postReport(report);
    expect(res.status, await res.clone().text()).toBe(201);
  }
});

afterAll(async () => {
  await herald?.dispose();
});

async function atom(path: string) {
  const res = await herald.fetch(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  const body = await res.text();
  const link = (rel: string) => new RegExp(`<link rel="${rel}" href="([^"]+)"/>`).exec(body)?.[1];
  const titles = extractFeed(body).items.map((entry) => text(child(entry, 'title')) ?? '');
  return { body, titles, prev: link('prev-archive'), next: link('next-archive'), current: link('current') };
}

describe('a language’s archived month feeds', () => {
  it.each(['/zh/archive/2022/08/atom.xml', '/en/archive/2022/08/atom.xml', '/zh/archive/2022/10/atom.xml', '/archive/2022/08/atom.xml'])('%s is well-formed and conforms to Atom (RFC 4287)', async (path) => {
    const feed = await atom(path);
    expect(await wellFormednessErrors(feed.body, 'month.xml')).toEqual([]);
    expect(atomConformanceErrors(feed.body)).toEqual([]);
  });

  it('holds one entry per group in its language, the other language’s only version included (TRANSLATION_FALLBACK=mark)', async () => {
    expect((await atom('/zh/archive/2022/08/atom.xml')).titles.sort()).toEqual(['数据安全论坛', '网络空间国际法治研讨会']);
    expect((await atom('/en/archive/2022/08/atom.xml')).titles.sort()).toEqual(['Workshop on International Rule of Law in Cyberspace', '数据安全论坛']);
    expect((await atom('/archive/2022/08/atom.xml')).titles).toHaveLength(3);
  });

  it('links the months before and after, and the subscription feed, in its own language', async () => {
    for (const lang of ['en', 'zh']) {
      const visited: string[] = [];
      let path: string | undefined = `/${lang}/archive/2022/10/atom.xml`;
      while (path && visited.length < 5) {
        visited.push(path);
        const feed = await atom(path);
        expect(feed.current).toBe(herald.publicUrl(`/${lang}/atom.xml`));
        if (feed.next) expect(new URL(feed.next).pathname.startsWith(`/${lang}/archive/`)).toBe(true);
        path = feed.prev ? new URL(feed.prev).pathname : undefined;
      }
      expect(visited).toEqual([`/${lang}/archive/2022/10/atom.xml`, `/${lang}/archive/2022/08/atom.xml`, `/${lang}/archive/2022/07/atom.xml`]);
    }
  });

  it('logged no error', () => {
    expect(herald.logs.filter((log) => log.level === 'error').map((log) => log.message)).toEqual([]);
  });
});
