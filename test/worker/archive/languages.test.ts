import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { forgetGenerations } from '../../../src/archive/store.ts';
import { forgetRendered } from '../../../src/common/rendered.ts';
import { api, countingKv, create, get, withEnv } from '../support/worker.ts';

const SITE = 'https://herald.example.org';
const at = (iso: string) => `${iso}T09:00:00.000Z`;
const WORKSHOP = { kind: 'workshop', name: 'Workshop on the rule of law', start: '2022-08-12', location: { name: 'Online', online: true }, organizers: ['Wuhan University'] };
const 研讨会 = { ...WORKSHOP, name: '网络空间国际法治研讨会', location: { name: '线上', online: true }, organizers: ['武汉大学'] };

/** Entries of an archive page: title, and the mark if it has one. */
async function entries(path: string, env?: Record<string, string>): Promise<string[]> {
  const res = env ? await withEnv(env, path) : await get(path);
  expect(res.status, path).toBe(200);
  const html = await res.text();
  return [...html.matchAll(/<li class="archive-item" lang="[^"]*" dir="auto"><h([23]) class="card-title"><a href="[^"]+">([^<]+)<\/a><\/h\1><div class="meta"[^>]*>(?:<span class="only">([^<]+)<\/span>)?/g)].map((m) => (m[3] ? `${m[2]} [${m[3]}]` : m[2]!));
}

/** A group of two in August 2022, an English report and a Chinese one with no translation, and a topic for all four. */
async function seedGroups(topic = 'rule-of-law') {
  const en = await create({ title: 'Workshop on the rule of law', slug: 'workshop-en', translation_key: 'workshop', published: at('2022-08-12'), topics: [topic], event: WORKSHOP });
  const zh = await create({ title: '网络空间国际法治研讨会', lang: 'zh-Hans', translation_key: 'workshop', published: at('2022-08-13'), topics: [topic], event: 研讨会 });
  const enOnly = await create({ title: 'Forum on data', published: at('2022-08-20'), topics: [topic] });
  const zhOnly = await create({ title: '数据论坛', lang: 'zh-Hans', translation_key: 'data-forum', published: at('2022-08-25'), topics: [topic] });
  return { en, zh, enOnly, zhOnly };
}

/** The hreflang alternates of a page, by tag. */
async function alternates(path: string): Promise<Record<string, string>> {
  const html = await (await get(path)).text();
  return Object.fromEntries([...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
}

describe('the archive in each language', () => {
  it('lists a group of two once on /archive and once on /zh/archive, in the page’s language, and marks the other language’s only version', async () => {
    await seedGroups();
    expect(await entries('/archive/2022/08')).toEqual(['Workshop on the rule of law', 'Forum on data', '数据论坛 [Chinese only]']);
    expect(await entries('/zh/archive/2022/08')).toEqual(['网络空间国际法治研讨会', 'Forum on data [仅英文]', '数据论坛']);
    expect(await entries('/archive/2022')).toEqual(['Workshop on the rule of law', 'Forum on data', '数据论坛 [Chinese only]']);
    expect(await entries('/zh/archive/2022')).toEqual(['网络空间国际法治研讨会', 'Forum on data [仅英文]', '数据论坛']);
    expect(await entries('/topics/rule-of-law/archive/2022/08')).toEqual(['Workshop on the rule of law', 'Forum on data', '数据论坛 [Chinese only]']);
    expect(await entries('/zh/topics/rule-of-law/archive/2022/08')).toEqual(['网络空间国际法治研讨会', 'Forum on data [仅英文]', '数据论坛']);
  });

  it('rebuilds a stored copy once TRANSLATION_FALLBACK or the Chinese site name changes', async () => {
    await seedGroups();
    expect(await entries('/zh/archive/2022/08')).toEqual(['网络空间国际法治研讨会', 'Forum on data [仅英文]', '数据论坛']);
    expect(await entries('/zh/archive/2022/08', { TRANSLATION_FALLBACK: 'omit' })).toEqual(['网络空间国际法治研讨会', '数据论坛']);
    const renamed = await (await withEnv({ SITE_TITLE_ZH: '网络治理研究院' }, '/zh/archive/2022/08')).text();
    expect(renamed).toContain('网络治理研究院');
  });

  it('leaves the other language’s only version out under TRANSLATION_FALLBACK=omit, and offers no month that would be empty', async () => {
    await seedGroups();
    await create({ title: 'September lecture', published: at('2022-09-05') });
    const omit = { TRANSLATION_FALLBACK: 'omit' };
    expect(await entries('/archive/2022/08', omit)).toEqual(['Workshop on the rule of law', 'Forum on data']);
    expect(await entries('/zh/archive/2022/08', omit)).toEqual(['网络空间国际法治研讨会', '数据论坛']);
    // September has an English report only: no Chinese page, no link to one.
    expect((await withEnv(omit, '/zh/archive/2022/09')).status).toBe(404);
    const zhIndex = await (await withEnv(omit, '/zh/archive')).text();
    expect(zhIndex).toContain(`href="${SITE}/zh/archive/2022/08"`);
    expect(zhIndex).not.toContain('/zh/archive/2022/09');
    const august = await (await withEnv(omit, '/zh/archive/2022/08')).text();
    expect(august).not.toContain('rel="next"');
    // The English page of September has no Chinese alternate, and switches to the Chinese home.
    const september = await (await withEnv(omit, '/archive/2022/09')).text();
    expect(september).not.toContain('<link rel="alternate" hreflang="zh-Hans"');
    expect(september).toContain(`<a href="${SITE}/zh/" hreflang="zh-Hans" lang="zh-Hans">中文</a>`);
  });

  it('lists a group whose versions are in different months under the month of the page’s language’s version', async () => {
    await create({ title: '八月的论坛', lang: 'zh-Hans', translation_key: 'split', published: at('2022-08-10') });
    await create({ title: 'The August forum, in September', slug: 'split-en', translation_key: 'split', published: at('2022-09-10') });
    expect(await entries('/zh/archive/2022/08')).toEqual(['八月的论坛']);
    expect((await get('/zh/archive/2022/09')).status).toBe(200);
    expect(await entries('/zh/archive/2022/09')).toEqual([]);
    expect(await entries('/archive/2022/09')).toEqual(['The August forum, in September']);
    // August's only report has its English version in September: the page says so.
    expect(await entries('/archive/2022/08')).toEqual([]);
    expect(await (await get('/archive/2022/08')).text()).toContain('listed under the months their English versions were published');
    expect(await entries('/archive/2022')).toEqual(['The August forum, in September']);
  });

  it('shows a translation added later, in place of the marked version', async () => {
    await create({ title: 'Workshop on the rule of law', slug: 'later-en', translation_key: 'later', published: at('2022-08-12') });
    expect(await entries('/zh/archive/2022/08')).toEqual(['Workshop on the rule of law [仅英文]']);
    await create({ title: '网络空间国际法治研讨会', lang: 'zh-Hans', translation_key: 'later', published: at('2022-08-12') });
    expect(await entries('/zh/archive/2022/08')).toEqual(['网络空间国际法治研讨会']);
    expect(await entries('/archive/2022/08')).toEqual(['Workshop on the rule of law']);
  });

  it('has reciprocal hreflang alternates, html lang and a language switch to the same page, on every kind of archive page', async () => {
    await seedGroups();
    for (const path of ['/archive', '/archive/2022', '/archive/2022/08', '/topics/rule-of-law/archive/2022/08']) {
      const en = `${SITE}${path}`;
      const zh = `${SITE}/zh${path}`;
      expect(await alternates(path), path).toEqual({ en, 'zh-Hans': zh, 'x-default': en });
      expect(await alternates(`/zh${path}`), path).toEqual({ en, 'zh-Hans': zh, 'x-default': en });
      expect(await (await get(path)).text()).toContain(`<a href="${zh}" hreflang="zh-Hans" lang="zh-Hans">中文</a>`);
      const chinese = await (await get(`/zh${path}`)).text();
      expect(chinese).toContain('<html lang="zh-Hans">');
      expect(chinese).toContain(`<a href="${en}" hreflang="en" lang="en">English</a>`);
    }
  });

  it('speaks Chinese on /zh/ pages: labels, months and dates through Intl, the event line', async () => {
    await seedGroups();
    const month = await (await get('/zh/archive/2022/08')).text();
    expect(month).toContain('<title>2022年8月 · Herald 网络空间治理报道</title>');
    expect(month).toContain('<h1 class="archive-heading">2022年8月</h1>');
    expect(month).toContain('发布于<time datetime="2022-08-13T09:00:00.000Z">2022年8月13日</time>');
    expect(month).toContain('研讨会 · 2022年8月12日 · 线上');
    expect(month).toContain(`<a href="${SITE}/zh/follow">关注新报道：订阅源、日历与邮件</a>`);
    const index = await (await get('/zh/archive')).text();
    expect(index).toContain('<h1 class="archive-heading">归档</h1>');
    expect(index).toContain(`<a href="${SITE}/zh/archive/2022">2022年</a>`);
    expect(index).toContain(`<a href="${SITE}/zh/archive/2022/08"><span class="archive-grid-year">2022年</span>8月</a>`);
    expect(index).toContain('<li class="archive-grid-none" aria-hidden="true">9月</li>');
    // The topic by its Chinese label (content/topics.yml), never its slug.
    const year = await (await get('/zh/topics/rule-of-law/archive/2022')).text();
    expect(year).toContain('<h1 class="archive-heading">法治：2022年</h1>');
    expect(year).toContain('“法治”最新报道');
    expect(year).not.toContain('rule-of-law</');
    for (const html of [month, index, year]) for (const english of ['Published', 'Archive', 'This month as a feed', 'Latest on']) expect(html).not.toContain(english);
    const english = await (await get('/archive/2022/08')).text();
    expect(english).toContain('Published <time datetime="2022-08-12T09:00:00.000Z">12 August 2022</time>');
    expect(english).toContain('Workshop · 12 August 2022 · Online');
  });

  it('moves a topic named in another case to its own address in the same language', async () => {
    await seedGroups();
    const page = await exports.default.fetch('http://example.test/zh/topics/Rule-Of-Law/archive/2022/08', { redirect: 'manual' });
    expect(page.headers.get('location')).toBe(`${SITE}/zh/topics/rule-of-law/archive/2022/08`);
    const feed = await exports.default.fetch('http://example.test/en/topics/Rule-Of-Law/archive/2022/08/atom.xml', { redirect: 'manual' });
    expect(feed.status).toBe(301);
    expect(feed.headers.get('location')).toBe(`${SITE}/en/topics/rule-of-law/archive/2022/08/atom.xml`);
  });
});

describe('the archived month feeds in each language', () => {
  /** Titles of a feed's entries and its RFC 5005 links. */
  async function feed(path: string) {
    const res = await get(path);
    expect(res.status, path).toBe(200);
    const xml = await res.text();
    const link = (rel: string) => new RegExp(`<link rel="${rel}" href="([^"]+)"/>`).exec(xml)?.[1];
    return { xml, titles: [...xml.matchAll(/<entry[^>]*>[\s\S]*?<title type="html"><!\[CDATA\[([^\]]+)\]\]><\/title>/g)].map((m) => m[1]!), prev: link('prev-archive'), next: link('next-archive'), current: link('current') };
  }

  it('keeps every report in every language in /archive/…/atom.xml, and one per group in /en/ and /zh/, with links that stay in their language', async () => {
    await create({ title: 'July seminar', published: at('2022-07-01') });
    await seedGroups();
    await create({ title: '十月研讨会', lang: 'zh-Hans', translation_key: 'october', published: at('2022-10-01') });
    const all = await feed('/archive/2022/08/atom.xml');
    expect(all.titles.sort()).toEqual(['Forum on data', 'Workshop on the rule of law', '数据论坛', '网络空间国际法治研讨会']);
    expect([all.prev, all.next, all.current]).toEqual([`${SITE}/archive/2022/07/atom.xml`, `${SITE}/archive/2022/10/atom.xml`, `${SITE}/atom.xml`]);

    const zh = await feed('/zh/archive/2022/08/atom.xml');
    expect(zh.titles.sort()).toEqual(['Forum on data', '数据论坛', '网络空间国际法治研讨会']);
    expect([zh.prev, zh.next, zh.current]).toEqual([`${SITE}/zh/archive/2022/07/atom.xml`, `${SITE}/zh/archive/2022/10/atom.xml`, `${SITE}/zh/atom.xml`]);
    expect(zh.xml).toContain(`<link rel="self" href="${SITE}/zh/archive/2022/08/atom.xml"/>`);

    const en = await feed('/en/archive/2022/08/atom.xml');
    expect(en.titles.sort()).toEqual(['Forum on data', 'Workshop on the rule of law', '数据论坛']);
    expect([en.prev, en.next, en.current]).toEqual([`${SITE}/en/archive/2022/07/atom.xml`, `${SITE}/en/archive/2022/10/atom.xml`, `${SITE}/en/atom.xml`]);

    const json = (await (await get('/zh/archive/2022/08/feed.json')).json()) as { next_url?: string; items: { title: string }[] };
    expect(json.next_url).toBe(`${SITE}/zh/archive/2022/07/feed.json`);
    expect(json.items).toHaveLength(3);
  });

  it('walks a language’s months under omit: each link to a month that has a report in that language', async () => {
    await create({ title: '七月研讨会', lang: 'zh-Hans', translation_key: 'july', published: at('2022-07-01') });
    await create({ title: 'August seminar', published: at('2022-08-01') });
    await create({ title: '九月研讨会', lang: 'zh-Hans', translation_key: 'september', published: at('2022-09-01') });
    const omit = { TRANSLATION_FALLBACK: 'omit' };
    const xml = await (await withEnv(omit, '/zh/archive/2022/09/atom.xml')).text();
    expect(xml).toContain(`<link rel="prev-archive" href="${SITE}/zh/archive/2022/07/atom.xml"/>`);
    expect((await withEnv(omit, '/zh/archive/2022/08/atom.xml')).status).toBe(404);
  });
});

describe('what a language’s archive costs', () => {
  it('rebuilds a /zh/ month page with the same listings as the English one when a group’s versions share the month, and one group listing per version in another language', { timeout: 30_000 }, async () => {
    await seedGroups();
    for (let i = 0; i < 6; i++) {
      await create({ title: `Filler ${i}`, slug: `filler-${i}-en`, translation_key: `filler-${i}`, published: at(`2022-08-0${i + 1}`) });
      await create({ title: `填充 ${i}`, lang: 'zh-Hans', translation_key: `filler-${i}`, published: at(`2022-08-0${i + 1}`) });
    }
    const measure = async (path: string) => {
      forgetRendered();
      forgetGenerations();
      const counting = countingKv(env.REPORTS);
      expect((await withEnv({ REPORTS: counting.kv }, path)).status).toBe(200);
      return counting.counts;
    };
    const english = await measure('/archive/2022/08');
    const chinese = await measure('/zh/archive/2022/08');
    const topic = await measure('/topics/rule-of-law/archive/2022/08');
    console.log(JSON.stringify({ english, chinese, topic }));
    // The months and August's keys; the English page also lists the group of the Chinese-only
    // report (its English version might be in another month). The 7 groups of two cost nothing.
    expect(chinese).toEqual({ get: 5, list: 2, put: 1, delete: 0 });
    expect(english).toEqual({ get: 5, list: 3, put: 1, delete: 0 });
    expect(topic).toEqual(english);
  });

  it('costs no group listing under omit', async () => {
    await seedGroups();
    forgetRendered();
    forgetGenerations();
    const counting = countingKv(env.REPORTS);
    expect((await withEnv({ REPORTS: counting.kv, TRANSLATION_FALLBACK: 'omit' }, '/zh/archive/2022/08')).status).toBe(200);
    expect(counting.counts.list).toBe(2);
  });

  it('drops every language’s copies of the month when a version changes', async () => {
    const { zh } = await seedGroups();
    expect(await entries('/zh/archive/2022/08')).toContain('网络空间国际法治研讨会');
    expect((await get('/zh/archive/2022/08/atom.xml')).status).toBe(200);
    await api('PUT', `/reports/${zh.slug}`, { title: '网络空间国际法治研讨会（修订）', lang: 'zh-Hans', translation_key: 'workshop', body: zh.body, published: zh.published, topics: zh.topics, event: 研讨会 });
    expect(await entries('/zh/archive/2022/08')).toContain('网络空间国际法治研讨会（修订）');
    expect(await entries('/zh/archive/2022')).toContain('网络空间国际法治研讨会（修订）');
    expect(await (await get('/zh/archive/2022/08/atom.xml')).text()).toContain('网络空间国际法治研讨会（修订）');
    expect(await (await get('/archive/2022/08/atom.xml')).text()).toContain('网络空间国际法治研讨会（修订）');
  });
});

describe('the month feeds in each language', () => {
  it('give each language’s month feed an id of its own, and its title and subtitle in that language', async () => {
    await seedGroups();
    const feedId = (xml: string) => /<feed[^>]*>[\s\S]*?<id>([^<]+)<\/id>/.exec(xml)?.[1];
    const every = await (await get('/archive/2022/08/atom.xml')).text();
    const english = await (await get('/en/archive/2022/08/atom.xml')).text();
    const chinese = await (await get('/zh/archive/2022/08/atom.xml')).text();
    expect(feedId(every)).toBe(`${SITE}/archive/2022/08`);
    expect(feedId(english)).toBe(`${SITE}/en/archive/2022/08`);
    expect(feedId(chinese)).toBe(`${SITE}/zh/archive/2022/08`);
    expect(chinese).toMatch(/<title[^>]*>[^<]*：2022年8月<\/title>/);
    expect(chinese).toMatch(/<subtitle[^>]*>[^<]*：2022年8月的报道<\/subtitle>/);
    expect(chinese).not.toContain('the reports of');
  });
});
