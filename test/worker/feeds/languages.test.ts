import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { create, get, withEnv } from '../support/worker.ts';
import { SITE } from '../support/site.ts';

type JsonFeed = { title: string; description: string; language: string; items: { id: string; url: string; title: string; language: string }[] };
const json = async (path: string, env = {}) => (await (await withEnv(env, path)).json()) as JsonFeed;
const text = async (path: string, env = {}) => {
  const res = await withEnv(env, path);
  expect(res.status, path).toBe(200);
  return res.text();
};
const manual = (path: string) => exports.default.fetch(`http://example.test${path}`, { redirect: 'manual' });

/** The Atom entries of a feed, each as its XML text. */
const entries = (xml: string) => xml.match(/<entry[ >][^]*?<\/entry>/g) ?? [];
/** The RSS items of a feed, each as its XML text. */
const items = (xml: string) => xml.match(/<item>[^]*?<\/item>/g) ?? [];

/** A workshop reported in English and in Chinese (one group), on topic `topic`. */
async function pair(topic = 'rule-of-law'): Promise<{ en: Record<string, any>; zh: Record<string, any> }> {
  const en = await create({ slug: 'pair-en', title: 'Workshop on the rule of law', translation_key: 'pair', topics: [topic], published: '2022-08-12T02:00:00Z' });
  const zh = await create({ title: '法治研讨会', lang: 'zh-Hans', translation_key: 'pair', topics: [topic], published: '2022-08-12T03:00:00Z', body: '研讨会讨论了网络空间的国际法治。与会者同意再次会面。' });
  return { en, zh };
}

describe('a group of two in the feeds', () => {
  it('gives one item in each language’s feeds, in all three formats, and both in the feeds of every language', async () => {
    const { en, zh } = await pair();
    for (const [lang, report] of [['en', en], ['zh', zh]] as const) {
      expect((await json(`/${lang}/feed.json`)).items.map((i) => i.id)).toEqual([report.id]);
      expect(items(await text(`/${lang}/feed.xml`)).map((i) => /<guid[^>]*>([^<]+)</.exec(i)?.[1])).toEqual([report.id]);
      expect(entries(await text(`/${lang}/atom.xml`)).map((e) => /<id>([^<]+)</.exec(e)?.[1])).toEqual([report.id]);
      expect((await json(`/${lang}/topics/rule-of-law/feed.json`)).items.map((i) => i.id)).toEqual([report.id]);
    }
    expect((await json('/feed.json')).items.map((i) => i.id)).toEqual([zh.id, en.id]);
    expect(items(await text('/feed.xml'))).toHaveLength(2);
    expect(entries(await text('/topics/rule-of-law/atom.xml'))).toHaveLength(2);
  });

  it('states each item’s language: RSS dc:language where it differs from the channel, Atom xml:lang, JSON Feed language', async () => {
    await pair();
    const rss = await text('/feed.xml');
    expect(rss).toContain('xmlns:dc="http://purl.org/dc/elements/1.1/"');
    expect(rss).toContain('<language>en</language>');
    const [zhItem, enItem] = items(rss);
    expect(zhItem).toContain('<dc:language>zh-Hans</dc:language>');
    expect(enItem).not.toContain('dc:language');
    const zhRss = await text('/zh/feed.xml');
    expect(zhRss).toContain('<language>zh-Hans</language>');
    expect(zhRss).not.toContain('<dc:language>');

    const atom = await text('/atom.xml');
    expect(entries(atom).map((e) => /^<entry xml:lang="([^"]+)">/.exec(e)?.[1])).toEqual(['zh-Hans', 'en']);
    expect(await text('/zh/atom.xml')).toMatch(/<feed xmlns="http:\/\/www.w3.org\/2005\/Atom" xml:lang="zh-Hans">/);
    expect((await json('/feed.json')).items.map((i) => i.language)).toEqual(['zh-Hans', 'en']);
    expect((await json('/zh/feed.json')).language).toBe('zh-Hans');
  });

  it('links each Atom entry to its other public versions, with their own language tag', async () => {
    const { zh } = await pair();
    const [zhEntry, enEntry] = entries(await text('/atom.xml'));
    expect(enEntry).toContain(`<link rel="alternate" type="text/html" hreflang="zh-Hans" href="${SITE}/reports/${zh.slug}"/>`);
    expect(zhEntry).toContain(`<link rel="alternate" type="text/html" hreflang="en" href="${SITE}/reports/pair-en"/>`);
    const [only] = entries(await text('/zh/atom.xml'));
    expect(only).toContain(`hreflang="en" href="${SITE}/reports/pair-en"`);
  });

  it('titles and describes a language’s feeds in that language, with an id of their own that the feeds of every language keep', async () => {
    await pair();
    const zh = await json('/zh/feed.json');
    expect(zh.title).toBe('Herald 网络空间治理报道');
    expect(zh.description).toBe('网络空间治理活动报道：研讨会、会议与论坛');
    // A topic by its label in the feed's language (content/topics.yml), never its slug.
    expect((await json('/zh/topics/rule-of-law/feed.json')).title).toBe('Herald 网络空间治理报道：法治');
    expect((await json('/en/topics/rule-of-law/feed.json')).title).toBe('Herald: Rule of law');
    expect((await json('/topics/rule-of-law/feed.json')).description).toContain('on the topic “Rule of law”');
    expect((await json('/en/feed.json')).title).toBe('Herald');
    const id = async (path: string) => /<id>([^<]+)<\/id>/.exec(await text(path))?.[1];
    expect(await id('/atom.xml')).toBe(`${SITE}/`);
    expect(await id('/topics/rule-of-law/atom.xml')).toBe(`${SITE}/topics/rule-of-law`);
    expect(await id('/en/atom.xml')).toBe(`${SITE}/en/`);
    expect(await id('/zh/atom.xml')).toBe(`${SITE}/zh/`);
    expect(await id('/en/topics/rule-of-law/atom.xml')).toBe(`${SITE}/en/topics/rule-of-law`);
    expect(await id('/zh/topics/rule-of-law/atom.xml')).toBe(`${SITE}/zh/topics/rule-of-law`);
  });
});

describe('a report with no version in a list’s language', () => {
  async function singles(): Promise<void> {
    await create({ title: 'Only in English', topics: ['solo'], published: '2023-01-01T00:00:00Z' });
    await create({ title: '只有中文', slug: 'only-zh', lang: 'zh-Hans', topics: ['solo'], published: '2023-02-01T00:00:00Z' });
  }

  it('is shown in its own language and marked in the page’s (TRANSLATION_FALLBACK=mark)', async () => {
    await singles();
    const home = await text('/');
    // The newest report leads the page; the next is a card.
    expect(home).toMatch(/<article class="lead" lang="zh-Hans" dir="auto"[^>]*>[^]*?只有中文[^]*?<strong class="only-in">Chinese only<\/strong>/);
    const zhHome = await text('/zh/');
    expect(zhHome).toMatch(/<li class="card" lang="en" dir="auto">[^]*?Only in English[^]*?<strong class="only-in">仅英文<\/strong>/);
    expect(zhHome).not.toMatch(/only-in">仅中文/);
    expect((await json('/zh/feed.json')).items.map((i) => [i.title, i.language])).toEqual([['只有中文', 'zh-Hans'], ['Only in English', 'en']]);
    expect(await text('/zh/topics/solo')).toContain('仅英文');
  });

  it('is left out of pages and feeds with TRANSLATION_FALLBACK=omit', async () => {
    await singles();
    const omit = { TRANSLATION_FALLBACK: 'omit' };
    expect((await json('/zh/feed.json', omit)).items.map((i) => i.title)).toEqual(['只有中文']);
    expect((await json('/en/feed.json', omit)).items.map((i) => i.title)).toEqual(['Only in English']);
    expect(entries(await text('/en/atom.xml', omit))).toHaveLength(1);
    const zhHome = await text('/zh/', omit);
    expect(zhHome).not.toContain('Only in English');
    expect(zhHome).not.toContain('class="only-in"');
    expect(await text('/', omit)).not.toContain('只有中文');
    // The feeds of every language keep both.
    expect((await json('/feed.json', omit)).items).toHaveLength(2);
  });

  it('leaves a language’s topic page empty, not missing, when every report of the topic is left out', async () => {
    await create({ title: 'English only', topics: ['english-topic'] });
    const res = await withEnv({ TRANSLATION_FALLBACK: 'omit' }, '/zh/topics/english-topic');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('该主题暂无中文报道。');
    expect((await get('/zh/topics/nobody-used-this')).status).toBe(404);
    expect((await get('/zh/topics/nobody-used-this/feed.xml')).status).toBe(404);
  });
});

describe('the pages in each language', () => {
  /** The hreflang alternates a page declares, as `hreflang → href`. */
  const alternates = (html: string) => Object.fromEntries([...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  /** Where the page's language switch leads. */
  const switchTo = (html: string) => /<nav class="languages"[^>]*>\s*<a href="([^"]+)"/.exec(html)?.[1];

  it('link / and /zh/ to each other with reciprocal hreflang and x-default, and switch between them', async () => {
    await pair();
    const home = await text('/');
    const zhHome = await text('/zh/');
    const expected = { en: `${SITE}/`, 'zh-Hans': `${SITE}/zh/`, 'x-default': `${SITE}/` };
    expect(alternates(home)).toEqual(expected);
    expect(alternates(zhHome)).toEqual(expected);
    expect(home).toContain('<html lang="en">');
    expect(zhHome).toContain('<html lang="zh-Hans">');
    expect(switchTo(home)).toBe(`${SITE}/zh/`);
    expect(switchTo(zhHome)).toBe(`${SITE}/`);
  });

  it('link a topic’s pages to each other the same way', async () => {
    await pair();
    const expected = { en: `${SITE}/topics/rule-of-law`, 'zh-Hans': `${SITE}/zh/topics/rule-of-law`, 'x-default': `${SITE}/topics/rule-of-law` };
    const en = await text('/topics/rule-of-law');
    const zh = await text('/zh/topics/rule-of-law');
    expect(alternates(en)).toEqual(expected);
    expect(alternates(zh)).toEqual(expected);
    expect(switchTo(en)).toBe(`${SITE}/zh/topics/rule-of-law`);
    expect(switchTo(zh)).toBe(`${SITE}/topics/rule-of-law`);
  });

  it('write /zh/ in Chinese throughout, with Chinese dates, and post its subscribe form to /zh/subscribe', async () => {
    await pair();
    await create({ title: 'An English-only forum', published: '2021-03-04T00:00:00Z', event: { kind: 'forum', name: 'Geneva forum', start: '2021-03-04', organizers: [], participants: [], speakers: [] } });
    await create({ title: '讲座报道', slug: 'lecture-zh', lang: 'zh-Hans', published: '2021-05-06T00:00:00Z', event: { kind: 'lecture', name: '网络主权', start: '2021-05-06T14:00:00+08:00', location: { name: '珞珈山庄', city: '武汉', online: true }, organizers: [], participants: [], speakers: [] } });
    const page = await text('/zh/');
    for (const chinese of ['<h1>最新报道</h1>', '发布于<time datetime="2022-08-12T03:00:00.000Z">2022年8月12日</time>', '按月浏览全部报道', '2021年3月及更早 →', '仅英文', '其他语言版本：', 'action="/zh/subscribe"']) {
      expect(page).toContain(chinese);
    }
    for (const english of ['Latest reports', 'Published', 'All reports, by month', 'and before', 'Chinese only', 'Also in']) expect(page).not.toContain(english);
    // The event's kind (the kicker) and date in the page's language, even for a report in English; its place as the report writes it.
    expect(page).toMatch(/<p class="kicker" lang="zh-Hans">论坛<\/p><h3 class="card-title"><a href="[^"]+">An English-only forum<\/a><\/h3><p class="card-event"><span lang="zh-Hans">2021年3月4日<\/span><\/p>/);
    expect(page).toContain('<p class="kicker" lang="zh-Hans">讲座</p>');
    expect(page).toContain('<p class="card-event"><span lang="zh-Hans">2021年5月6日 14:00（UTC+08:00）</span> · 珞珈山庄，武汉（线上）</p>');
    const home = await text('/');
    expect(home).toContain('Published <time datetime="2022-08-12T02:00:00.000Z">12 August 2022</time>');
    expect(home).toContain('action="/subscribe"');
  });

  it('offer their language’s feeds for autodiscovery first, then the feeds of every language', async () => {
    await pair();
    const feedsOf = (html: string) => [...html.matchAll(/<link rel="alternate" type="application\/rss\+xml" title="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    expect(feedsOf(await text('/zh/'))).toEqual([['中文报道 (RSS)', `${SITE}/zh/feed.xml`], ['全部语言的报道 (RSS)', `${SITE}/feed.xml`]]);
    expect(feedsOf(await text('/'))).toEqual([['Reports in English (RSS)', `${SITE}/en/feed.xml`], ['Reports in every language (RSS)', `${SITE}/feed.xml`]]);
    expect(feedsOf(await text('/zh/topics/rule-of-law'))[0]).toEqual(['中文报道 (RSS)', `${SITE}/zh/topics/rule-of-law/feed.xml`]);
  });

  it('move /zh to /zh/, /en/ to /, and a topic named in capitals to its canonical address in its language', async () => {
    await pair();
    const moves: [string, string][] = [
      ['/zh', `${SITE}/zh/`],
      ['/en/', `${SITE}/`],
      ['/en', `${SITE}/`],
      ['/en/topics/Rule-Of-Law', `${SITE}/topics/rule-of-law`],
      ['/zh/topics/Rule-Of-Law', `${SITE}/zh/topics/rule-of-law`],
      ['/zh/topics/Rule-Of-Law/atom.xml', `${SITE}/zh/topics/rule-of-law/atom.xml`],
    ];
    for (const [from, to] of moves) {
      const res = await manual(from);
      expect([from, res.status, res.headers.get('location')]).toEqual([from, 301, to]);
    }
  });
});
