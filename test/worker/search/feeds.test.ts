import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../src/common/config.ts';
import { canonicalParams, readSearch } from '../../../src/search/index.ts';
import { SITE, TOKEN } from '../support/site.ts';
import { event, makeReport } from '../support/builders.ts';
import { api, countingKv, create, get, withEnv } from '../support/worker.ts';
import { all, first, parseXml, type XmlNode } from '../support/xml.ts';
import { laggingKv } from '../support/lagging-kv.ts';

const site = readConfig(env);

/** The address the results page gives a search's feed: built by hand from canonicalParams, as lane B's page does. */
const canonical = (query: string, file = 'feed.xml', prefix = '') => `${SITE}${prefix}/search/${file}?${canonicalParams(readSearch(new URLSearchParams(query)).search!)}`;

const noRedirect = (path: string, headers: Record<string, string> = {}) => exports.default.fetch(`http://example.test${path}`, { headers, redirect: 'manual' });

async function rss(path: string): Promise<XmlNode> {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  return first(parseXml(await res.text()), 'channel')!;
}

async function atom(path: string): Promise<XmlNode> {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  return parseXml(await res.text());
}

async function json(path: string): Promise<{ title: string; feed_url: string; description: string; items: { url: string; title: string }[] }> {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  return res.json();
}

const rssLinks = (channel: XmlNode) => all(channel, 'item').map((item) => first(item, 'link')!.text);
const atomLinks = (feed: XmlNode) => all(feed, 'entry').map((entry) => first(entry, 'link')!.attributes.href);
const reportUrl = (slug: string) => `${SITE}/reports/${slug}`;

describe('a search feed', () => {
  it('lists the newest matching public reports first, in all three formats, and nothing else', async () => {
    await create({ slug: 'old', title: 'Due diligence in 2020', published: '2020-01-01T00:00:00Z' });
    await create({ slug: 'new', title: 'Due diligence in 2024', published: '2024-06-01T00:00:00Z' });
    await create({ slug: 'mid', title: 'Due diligence in 2022', published: '2022-01-01T00:00:00Z' });
    await create({ slug: 'other', title: 'Data governance', body: 'Nothing on that here.' });
    await create({ slug: 'draft', title: 'Due diligence draft', draft: true });
    await create({ slug: 'later', title: 'Due diligence to come', published: '2099-01-01T00:00:00Z' });
    const expected = ['new', 'mid', 'old'].map(reportUrl);
    expect(rssLinks(await rss('/search/feed.xml?q=due%20diligence'))).toEqual(expected);
    expect(atomLinks(await atom('/search/atom.xml?q=due%20diligence'))).toEqual(expected);
    expect((await json('/search/feed.json?q=due%20diligence')).items.map((item) => item.url)).toEqual(expected);
  });

  it('holds at most FEED_LIMIT reports, the newest', async () => {
    for (const year of [2020, 2021, 2022]) await create({ slug: `y${year}`, title: `Wuzhen ${year}`, published: `${year}-05-01T00:00:00Z` });
    const res = await withEnv({ FEED_LIMIT: '2' }, '/search/feed.json?q=wuzhen');
    expect(((await res.json()) as { items: { url: string }[] }).items.map((item) => item.url)).toEqual(['y2022', 'y2021'].map(reportUrl));
  });

  it('narrows by each filter of the search: topics (any of them), language, event kind, dates', async () => {
    await create({ slug: 'en-forum', title: 'Norms forum', lang: 'en', topics: ['norms'], published: '2024-03-10T10:00:00Z', event: event({ kind: 'forum' }) });
    await create({ slug: 'en-workshop', title: 'Norms workshop', lang: 'en', topics: ['data'], published: '2024-03-11T10:00:00Z', event: event({ kind: 'workshop' }) });
    await create({ slug: 'zh-forum', title: '网络规范论坛 norms', lang: 'zh', topics: ['privacy'], published: '2024-03-12T10:00:00Z', event: event({ kind: 'forum' }) });
    const links = async (query: string) => (await json(`/search/feed.json?${canonicalParams(readSearch(new URLSearchParams(query)).search!)}`)).items.map((i) => i.url);
    expect(await links('q=norms&topic=norms&topic=privacy')).toEqual(['zh-forum', 'en-forum'].map(reportUrl));
    expect(await links('q=norms&lang=zh')).toEqual([reportUrl('zh-forum')]);
    expect(await links('q=norms&kind=forum')).toEqual(['zh-forum', 'en-forum'].map(reportUrl));
    expect(await links('q=norms&from=2024-03-11&to=2024-03-11')).toEqual([reportUrl('en-workshop')]);
  });

  it('names as its self link exactly the canonical address the results page links, and keeps one id', async () => {
    await create({ slug: 'dd', title: 'Due diligence forum', lang: 'zh', topics: ['norms'], published: '2024-03-10T10:00:00Z', event: event({ kind: 'forum' }) });
    const query = 'q=due%20diligence&topic=norms&lang=zh&kind=forum&from=2024-01-01&to=2024-12-31';
    const self = (await rss(`/search/feed.xml?${query}`)).children.find((c) => c.name === 'atom:link' && c.attributes.rel === 'self');
    expect(self?.attributes.href).toBe(canonical(query));
    const feed = await atom(`/search/atom.xml?${query}`);
    expect(all(feed, 'link').find((l) => l.attributes.rel === 'self')?.attributes.href).toBe(canonical(query, 'atom.xml'));
    expect(first(feed, 'id')!.text).toBe(`${SITE}/search?${canonicalParams(readSearch(new URLSearchParams(query)).search!)}`);
    expect(first(await atom(`/search/atom.xml?${query}`), 'id')!.text).toBe(first(feed, 'id')!.text);
    expect((await json(`/search/feed.json?${query}`)).feed_url).toBe(canonical(query, 'feed.json'));
    expect((await get(`/search/feed.json?${query}`)).headers.get('link')).toBe(`<${canonical(query, 'feed.json')}>; rel="self"`);
    // No hub: the hub only hears of the site's own feeds.
    expect(all(feed, 'link').some((l) => l.attributes.rel === 'hub')).toBe(false);
  });

  it('moves a request with its parameters in another order or encoding (or extra ones) to the canonical address for good', async () => {
    const res = await noRedirect('/search/atom.xml?topic=norms&q=due+diligence&topic=data&utm_source=x');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(canonical('q=due diligence&topic=data&topic=norms', 'atom.xml'));
    expect((await noRedirect('/zh/search/feed.json?q=%E7%BD%91%E7%BB%9C%20%20%E4%B8%BB%E6%9D%83')).headers.get('location')).toBe(canonical('q=网络 主权', 'feed.json', '/zh'));
    // A quote, which a URL parser writes as %27 in an http query, is canonical written so: no redirect loop.
    const quoted = await noRedirect("/search/feed.xml?q=People's");
    expect(quoted.status).toBe(200);
    expect(quoted.headers.get('link')).toBe(`<${SITE}/search/feed.xml?q=People%27s>; rel="self"`);
  });
});

describe('conditional GET', () => {
  it('answers 304 to If-None-Match and If-Modified-Since, and 200 with a new ETag once a listed report changes', async () => {
    const stored = await create({ slug: 'wz', title: 'Wuzhen summit', published: '2024-01-01T00:00:00Z' });
    const path = '/search/atom.xml?q=wuzhen';
    const first200 = await get(path);
    const etag = first200.headers.get('etag')!;
    const lastModified = first200.headers.get('last-modified')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(first200.headers.get('cache-control')).toBe('public, max-age=300');
    expect((await get(path)).headers.get('etag')).toBe(etag);
    expect((await get(path, { 'if-none-match': etag })).status).toBe(304);
    expect((await get(path, { 'if-none-match': `W/${etag}` })).status).toBe(304);
    expect((await get(path, { 'if-modified-since': lastModified })).status).toBe(304);
    // A report that does not match changes nothing.
    await create({ slug: 'elsewhere', title: 'Geneva talks' });
    expect((await get(path, { 'if-none-match': etag })).status).toBe(304);
    const edited = await api('PUT', '/reports/wz', { ...stored, title: 'Wuzhen summit, revised' });
    expect(edited.status).toBe(200);
    const after = await get(path, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(await after.text()).toContain('Wuzhen summit, revised');
  });

  it('gives no validators, and a short max-age, to a feed built while KV does not yet show a report the index lists', async () => {
    const lagging = laggingKv(env.REPORTS, 60_000);
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const stored = await withEnv({ REPORTS: lagging.writer }, '/api/reports', { method: 'POST', headers, body: JSON.stringify(makeReport({ slug: 'wz', title: 'Wuzhen summit' })) });
    expect(stored.status).toBe(201);
    const early = await withEnv({ REPORTS: lagging.kv }, '/search/feed.xml?q=wuzhen');
    expect(early.status).toBe(200);
    expect(early.headers.get('etag')).toBeNull();
    expect(early.headers.get('last-modified')).toBeNull();
    expect(early.headers.get('cache-control')).toBe('public, max-age=60');
    lagging.catchUp();
    const settled = await withEnv({ REPORTS: lagging.kv }, '/search/feed.xml?q=wuzhen');
    expect(settled.headers.get('etag')).toMatch(/^"/);
    expect(rssLinks(first(parseXml(await settled.text()), 'channel')!)).toEqual([reportUrl('wz')]);
  });

  it('costs no KV write, and a 304 no KV read at all', async () => {
    await create({ slug: 'wz', title: 'Wuzhen summit' });
    const counted = countingKv(env.REPORTS);
    const res = await withEnv({ REPORTS: counted.kv }, '/search/feed.xml?q=wuzhen');
    expect(res.status).toBe(200);
    expect(counted.counts.put).toBe(0);
    const reads = counted.counts.get;
    expect((await withEnv({ REPORTS: counted.kv }, '/search/feed.xml?q=wuzhen', { headers: { 'if-none-match': res.headers.get('etag')! } })).status).toBe(304);
    expect(counted.counts.get).toBe(reads);
    expect(counted.counts.put).toBe(0);
  });
});

describe('input', () => {
  it('answers a search that finds nothing with a valid empty feed', async () => {
    expect(all(await rss('/search/feed.xml?q=nothing'), 'item')).toEqual([]);
    expect(all(await atom('/search/atom.xml?q=nothing'), 'entry')).toEqual([]);
    expect((await json('/search/feed.json?q=nothing')).items).toEqual([]);
  });

  it('dates an empty feed on the day search feeds began, not 1970 (the W3C validator calls 1970 implausible)', async () => {
    const feed = await (await get('/search/atom.xml?q=nothing')).text();
    expect(feed).toContain('<updated>2026-12-01T00:00:00.000Z</updated>');
    expect((await get('/search/feed.xml?q=nothing')).headers.get('last-modified')).toBe('Tue, 01 Dec 2026 00:00:00 GMT');
  });

  it.each([
    ['', 'q'],
    ['q=', 'q'],
    [`q=${'a'.repeat(201)}`, 'q'],
    ['q=a%01b', 'q'],
    ['q=%2B%2B%2B', 'q'],
    ['q=x&lang=123', 'lang'],
    ['q=x&from=2024-13-01', 'from'],
    ['q=x&from=2024-02-01&to=2024-01-01', 'to'],
    ['q=x&kind=party', 'kind'],
    ['q=x&topic=Not%20a%20topic', 'topic'],
    ['q=x&page=2', 'page'],
    ['q=x&per_page=5', 'per_page'],
  ])('refuses %j with a 400 problem naming %s', async (query, field) => {
    const res = await noRedirect(`/search/feed.xml?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
  });

  it('never lets FTS5 syntax through, and never answers 500', async () => {
    await create({ slug: 'near', title: 'NEAR the column title: a star* and ^caret' });
    const hostile = ['NEAR(a b)', 'title:star', 'star*', '-near', '^caret', '"unbalanced', 'a AND OR NOT b', '😀 ‮ 网络', '( ) { } [ ]', 'x'.repeat(200)];
    for (const q of hostile) {
      const path = `/search/feed.json?${canonicalParams({ q, terms: [], topics: [] })}`;
      const res = await noRedirect(path);
      expect([200, 400], q).toContain(res.status);
    }
    expect((await json(`/search/feed.json?q=${encodeURIComponent('NEAR(the column)')}`)).items.map((i) => i.url)).toEqual([reportUrl('near')]);
  });

  it('keeps `]]>` and `<script>` in a title, a body and the query as text in well-formed XML', async () => {
    const title = 'Due ]]> diligence <script>alert(1)</script> ]]>';
    await create({ slug: 'hostile', title, summary: 'A ]]> summary <b>bold</b>', body: 'Body ]]> with <script>alert(2)</script> and ]]> again.' });
    const q = ']]> <script> diligence';
    const query = canonicalParams(readSearch(new URLSearchParams({ q })).search!);
    const channel = await rss(`/search/feed.xml?${query}`);
    const feedTitle = site.names.en.title;
    expect(first(channel, 'title')!.text).toBe(`Search: «${q}» — ${feedTitle}`);
    expect(first(channel, 'description')!.text).toContain(`«${q}»`);
    // The query is text, not markup, in the channel's description too: written as the RSS Profile writes it in a title.
    const raw = await (await get(`/search/feed.xml?${query}`)).text();
    expect(/<description>([^<]*)<\/description>/.exec(raw)![1]).toContain('«]]&#x3E; &#x3C;script&#x3E; diligence»');
    const item = all(channel, 'item')[0]!;
    expect(first(item, 'title')!.text).toBe(title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(first(item, 'content:encoded')!.text).not.toMatch(/<script/i);
    const feed = await atom(`/search/atom.xml?${query}`);
    expect(first(feed, 'title')!.text).toBe(`Search: «${q}» — ${feedTitle}`);
    expect(first(all(feed, 'entry')[0]!, 'content')!.text).not.toMatch(/<script/i);
    expect((await json(`/search/feed.json?${query}`)).items[0]!.title).toBe(title);
  });
});

describe('the Chinese interface', () => {
  it('titles and describes the feeds under /zh/search in Chinese, naming the filters', async () => {
    await create({ slug: 'zh', title: '论网络主权', lang: 'zh', topics: ['norms'], published: '2024-03-10T10:00:00Z', event: event({ kind: 'workshop' }) });
    const query = canonicalParams(readSearch(new URLSearchParams('q=网络主权&topic=norms&kind=workshop&from=2024-01-01')).search!);
    const channel = await rss(`/zh/search/feed.xml?${query}`);
    expect(first(channel, 'title')!.text).toBe(`搜索：「网络主权」— ${site.names.zh.title}`);
    expect(first(channel, 'description')!.text).toMatch(/^.+中与「网络主权」匹配的最新报道。筛选条件：主题为“.+”；活动类型为研讨会；发布于2024年1月1日及以后。$/);
    expect(first(channel, 'language')!.text).toBe('zh-Hans');
    expect(rssLinks(channel)).toEqual([reportUrl('zh')]);
    const feed = await atom(`/zh/search/atom.xml?${query}`);
    expect(feed.attributes['xml:lang']).toBe('zh-Hans');
    expect(all(feed, 'link').find((l) => l.attributes.rel === 'self')?.attributes.href).toBe(`${SITE}/zh/search/atom.xml?${query}`);
    expect(first(feed, 'id')!.text).toBe(`${SITE}/zh/search?${query}`);
    expect((await json(`/zh/search/feed.json?${query}`)).title).toBe(`搜索：「网络主权」— ${site.names.zh.title}`);
  });
});
