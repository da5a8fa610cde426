import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { canonicalParams, readSearch } from '../../../src/search/index.ts';
import { event } from '../support/builders.ts';
import { SITE } from '../support/site.ts';
import { create, get, withEnv } from '../support/worker.ts';

/** The `href` of every link whose attributes match `attrs` (a fragment of the tag). */
const hrefs = (html: string, attrs: RegExp) =>
  [...html.matchAll(/<(?:a|link)\b([^>]*)>/g)].map((m) => m[1]!).filter((a) => attrs.test(a)).map((a) => /href="([^"]*)"/.exec(a)?.[1]?.replaceAll('&amp;', '&'));

/** The canonical parameters of the search a query string asks for. */
const canonical = (query: string) => canonicalParams(readSearch(new URLSearchParams(query)).search!);

async function page(path: string, status = 200): Promise<string> {
  const res = await get(path);
  expect(res.status, path).toBe(status);
  expect(res.headers.get('content-type')?.toLowerCase()).toBe('text/html; charset=utf-8');
  return res.text();
}

async function json(path: string, status = 200): Promise<any> {
  const res = await get(path);
  expect(res.status, path).toBe(status);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  return res.json();
}

describe('the search page', () => {
  it('lists the results with title and snippet marked, date, event line and topic labels, and links the search’s feeds and email', async () => {
    await create({ slug: 'aalco', title: 'Workshop with AALCO on the rule of law', topics: ['rule-of-law'], published: '2024-03-10T08:00:00Z', body: 'Delegates of AALCO met in Wuhan.\n\nMore.', event: event({ kind: 'workshop', name: 'AALCO workshop', start: '2024-03-09', location: { name: 'Luojia Hall', city: 'Wuhan' } }) });
    await create({ slug: 'other', title: 'Nothing to see', body: 'Unrelated.' });
    const html = await page('/search?q=aalco');
    expect(html).toContain('1 result for <span class="search-query-text">“aalco”</span>');
    expect(html).toContain(`<a href="${SITE}/reports/aalco">Workshop with <mark>AALCO</mark> on the rule of law</a>`);
    expect(html).toMatch(/<p class="search-snippet">Delegates of <mark>AALCO<\/mark> met in Wuhan\./);
    expect(html).toContain('10 March 2024');
    expect(html).toContain('<p class="search-result-event" lang="en">Workshop · 9 March 2024 · Luojia Hall, Wuhan</p>');
    expect(html).toContain(`<a href="${SITE}/topics/rule-of-law">Rule of law</a>`);
    expect(html).not.toContain('Nothing to see');
    expect(html).toContain('<meta name="robots" content="noindex, follow"/>');
    for (const [type, file] of [['application/rss+xml', 'feed.xml'], ['application/atom+xml', 'atom.xml'], ['application/feed+json', 'feed.json']] as const) {
      const link = `${SITE}/search/${file}?${canonical('q=aalco')}`;
      expect(hrefs(html, new RegExp(`rel="alternate" type="${type.replace('+', '\\+')}"`))).toContain(link);
      expect(hrefs(html, /^ href=/)).toContain(link);
    }
    expect(hrefs(html, /class="button"/)).toEqual([`${SITE}/subscribe?query=aalco`]);
  });

  it('is in Chinese under /zh/, with its feeds under /zh/search/ and email at /zh/subscribe', async () => {
    await create({ slug: 'zh', lang: 'zh-Hans', title: '网络空间国际法治研讨会', body: '与会专家讨论了网络主权与国际治理。\n\n其他。', topics: ['sovereignty'] });
    const html = await page('/zh/search?q=%E6%B2%BB%E7%90%86');
    expect(html).toContain('<html lang="zh-Hans">');
    expect(html).toContain('<span class="search-query-text">“治理”</span>的搜索结果，共 1 条');
    expect(html).toContain('<mark>治理</mark>');
    expect(html).toContain('网络主权</a>');
    expect(hrefs(html, /type="application\/atom\+xml"/)).toContain(`${SITE}/zh/search/atom.xml?q=%E6%B2%BB%E7%90%86`);
    expect(hrefs(html, /class="button"/)).toEqual([`${SITE}/zh/subscribe?query=%E6%B2%BB%E7%90%86`]);
    // Each language's page is the other's alternate.
    expect(hrefs(html, /hreflang="en"/)).toContain(`${SITE}/search?q=%E6%B2%BB%E7%90%86`);
  });

  it('without a query shows an empty box and the topics to browse, not an error', async () => {
    for (const [path, title] of [['/search', 'Search'], ['/zh/search', '搜索']] as const) {
      const html = await page(path);
      expect(html).toContain(`<h1>${title}</h1>`);
      expect(html).toMatch(/<input id="search-q" type="search" name="q" value=""/);
      expect(html).toContain('search-browse');
      expect(html).not.toContain('class="error"');
    }
    expect(await page('/search?q=')).toContain('search-browse');
  });

  it('filters by topic, language, event type and dates through the form’s parameters', async () => {
    await create({ slug: 'a', title: 'Wuzhen forum A', topics: ['sovereignty'], published: '2024-03-10T08:00:00Z', event: event({ kind: 'forum' }) });
    await create({ slug: 'b', title: 'Wuzhen seminar B', topics: ['cybercrime'], published: '2025-06-01T08:00:00Z', event: event({ kind: 'seminar' }) });
    await create({ slug: 'c', lang: 'zh-Hans', title: 'Wuzhen 论坛 C', topics: ['sovereignty'], published: '2025-07-01T08:00:00Z' });
    const slugs = async (query: string) => ((await json(`/search.json?q=wuzhen&${query}`)).results as { slug: string }[]).map((r) => r.slug).sort();
    expect(await slugs('topic=sovereignty')).toEqual(['a', 'c']);
    expect(await slugs('topic=sovereignty&topic=cybercrime')).toEqual(['a', 'b', 'c']);
    expect(await slugs('lang=zh')).toEqual(['c']);
    expect(await slugs('kind=seminar')).toEqual(['b']);
    expect(await slugs('from=2025-01-01&to=2025-06-30')).toEqual(['b']);
    const html = await page('/search?q=wuzhen&topic=sovereignty&lang=en');
    expect(html).toContain('<mark>Wuzhen</mark> forum A');
    expect(html).not.toContain('seminar B');
    // The form shows the filters chosen; each filter in force links the search without it.
    expect(html).toMatch(/<input type="checkbox" name="topic" value="sovereignty" checked=""\/>/);
    expect(html).toContain('<option value="en" selected="">English</option>');
    expect(hrefs(html, /class="search-chip"/)).toEqual([`${SITE}/search?q=wuzhen&lang=en`, `${SITE}/search?q=wuzhen&topic=sovereignty`]);
  });

  it('with no result suggests removing each filter, and all of them', async () => {
    await create({ slug: 'a', title: 'Wuzhen forum', topics: ['sovereignty'] });
    const html = await page('/search?q=wuzhen&topic=cybercrime&kind=lecture&from=2020-01-01');
    expect(html).toContain('No report matches “wuzhen”.');
    expect(hrefs(html, /class="search-chip"/)).toEqual([`${SITE}/search?q=wuzhen&kind=lecture&from=2020-01-01`, `${SITE}/search?q=wuzhen&topic=cybercrime&from=2020-01-01`, `${SITE}/search?q=wuzhen&topic=cybercrime&kind=lecture`]);
    expect(hrefs(html, /class="search-chip-all"/)).toEqual([`${SITE}/search?q=wuzhen`]);
    expect(html).toContain('aria-label="Remove: Topic: Cybercrime"');
    // Without filters: what else to try; a search with no result can still be followed.
    const plain = await page('/search?q=nowhere');
    expect(plain).toContain('try the other language');
    expect(plain).not.toContain('search-chip');
    expect(plain).toContain('Follow this search');
  });

  it('pages with previous, next and numbers, each link the same canonical search', async () => {
    for (let i = 1; i <= 5; i += 1) await create({ slug: `r${i}`, title: `Due diligence ${i}` });
    const html = await page('/search?per_page=2&page=2&q=due%20%20diligence');
    expect(html).toContain('Showing 3–4 of 5');
    const base = `${SITE}/search?q=due%20diligence`;
    expect(hrefs(html, /rel="prev"/)).toEqual([`${base}&per_page=2`]);
    expect(hrefs(html, /rel="next"/)).toEqual([`${base}&page=3&per_page=2`]);
    expect(hrefs(html, /aria-label="Page \d"/)).toEqual([`${base}&per_page=2`, `${base}&page=2&per_page=2`, `${base}&page=3&per_page=2`]);
    expect(html).toMatch(/aria-label="Page 2" aria-current="page"/);
    // Past the last page: a way back, not an empty list.
    expect(await page('/search?q=due&page=9')).toContain('There is only one page of results.');
  });

  it('answers a malformed parameter with the page, the error shown at its field, status 400', async () => {
    const html = await page('/search?q=wuzhen&lang=x%21&from=2026-13-01&kind=party', 400);
    expect(html).toContain('role="alert"');
    expect(html).toMatch(/<select id="search-lang" name="lang" aria-invalid="true" aria-describedby="search-lang-error">/);
    expect(html).toContain('<span class="error" id="search-lang-error">Choose a language from the list.</span>');
    expect(html).toMatch(/<input id="search-from" type="date" name="from" value="2026-13-01" aria-invalid="true"/);
    expect(html).toContain('id="search-kind-error"');
    expect(html).not.toContain('search-results');
    const long = await page(`/search?q=${'a'.repeat(201)}`, 400);
    expect(long).toContain('Use at most 200 characters.');
    const zh = await page('/zh/search?q=%E6%B2%BB&to=2020-01-01&from=2021-01-01', 400);
    expect(zh).toContain('且不早于起始日期');
  });

  it('escapes markup in reports and in the query', async () => {
    await create({ slug: 'xss', title: '<script>alert(1)</script> Wuzhen <b>bold</b>', body: 'Wuzhen <img src=x onerror=alert(1)> and <script>alert(2)</script>.\n\nMore.' });
    const html = await page('/search?q=wuzhen');
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; <mark>Wuzhen</mark> &lt;b&gt;bold&lt;/b&gt;');
    const asked = await page('/search?q=%3Cscript%3Ealert(3)%3C%2Fscript%3E%22%3E');
    expect(asked).not.toContain('<script>alert(3)');
    expect(asked).toContain('value="&lt;script&gt;alert(3)&lt;/script&gt;&quot;&gt;"');
    const found = await json('/search.json?q=wuzhen');
    expect(found.results[0].snippet).not.toMatch(/<(script|img)/);
    expect(found.results[0].title).toBe('<script>alert(1)</script> Wuzhen <b>bold</b>');
  });
});

describe('GET /search.json', () => {
  it('answers exactly query, total, page and results with slug, url, title, lang, published, event_line and snippet', async () => {
    await create({ slug: 'ev', title: 'Wuzhen summit', body: 'Held at Wuzhen.\n\nMore.', published: '2024-05-02T00:00:00Z', event: event({ kind: 'conference', name: 'World Internet Conference', start: '2024-05-01' }) });
    const res = await get('/search.json?q=WUZHEN');
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as any;
    expect(Object.keys(body)).toEqual(['query', 'total', 'page', 'results']);
    expect(body).toMatchObject({ query: 'WUZHEN', total: 1, page: 1 });
    expect(Object.keys(body.results[0])).toEqual(['slug', 'url', 'title', 'lang', 'published', 'event_line', 'snippet']);
    expect(body.results[0]).toMatchObject({ slug: 'ev', url: `${SITE}/reports/ev`, title: 'Wuzhen summit', lang: 'en', published: '2024-05-02T00:00:00.000Z' });
    expect(body.results[0].event_line).toContain('World Internet Conference');
    expect(body.results[0].snippet).toContain('<mark>');
  });

  it('names the parameter at fault in a 400 problem+json', async () => {
    const cases: [string, string][] = [
      ['', 'q'],
      ['q=', 'q'],
      ['q=%20%20', 'q'],
      [`q=${'x'.repeat(201)}`, 'q'],
      ['q=%2A%2A%2A', 'q'],
      ['q=a%00b', 'q'],
      ['q=a&q=b', 'q'],
      ['q=a&topic=Not%20a%20topic%21', 'topic'],
      ['q=a&lang=123', 'lang'],
      ['q=a&from=2024-02-30', 'from'],
      ['q=a&to=tomorrow', 'to'],
      ['q=a&from=2024-02-02&to=2024-02-01', 'to'],
      ['q=a&kind=party', 'kind'],
      ['q=a&page=0', 'page'],
      ['q=a&per_page=51', 'per_page'],
    ];
    for (const [query, field] of cases) {
      const res = await get(`/search.json?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const problem = (await res.json()) as { errors: { field: string }[] };
      expect(problem.errors.map((e) => e.field), query).toContain(field);
    }
  });

  it('never answers hostile input with a 500, on the page or in JSON', async () => {
    await create({ slug: 'near', title: 'The Wuzhen summit: NEAR, AND, OR and NOT', body: 'Quotes " and stars * and ^carets.\n\nMore.' });
    const hostile = [
      'NEAR(wuzhen summit)', 'wuzhen*', '*', '-wuzhen', '^wuzhen', 'title:wuzhen', '{title body}:wuzhen', '"wuzhen', 'wuzhen"', '"""', 'wuzhen AND', 'OR', 'NOT wuzhen',
      '(wuzhen', 'wuzhen)', "'; DROP TABLE search_documents; --", 'wuzhen + summit', 'a:b:c', ']]>', '<script>alert(1)</script>', '\u202Ewuzhen', 'שלום', '网络主权*', '🔍 wuzhen 🇨🇳',
      'ＡＡＬＣＯ', 'wu\u0301zhen', '\\', '%', '%%%', '\uFFFD', 'a\r\nb', 'x'.repeat(200), '治'.repeat(200), 'NEAR/2', 'summit NEAR/1 wuzhen', '"a" "b" "c" "d" "e" "f" "g" "h" "i" "j"',
    ];
    for (const q of hostile) {
      for (const base of ['/search.json', '/search', '/zh/search']) {
        const res = await get(`${base}?q=${encodeURIComponent(q)}&topic=sovereignty&topic=due-diligence`);
        expect([200, 400], `${base} ${JSON.stringify(q)}`).toContain(res.status);
        await res.arrayBuffer();
      }
    }
    // Operators are read as the words around them: `^wuzhen* -summit` finds the report.
    const found = await json(`/search.json?q=${encodeURIComponent('^wuzhen* -summit')}`);
    expect(found.results.map((r: { slug: string }) => r.slug)).toEqual(['near']);
  });
});

describe('the per-client limit on searches', () => {
  it('answers 429 past 60 searches a minute from one client: a page for a person, problem+json for JSON', async () => {
    // The local limiter counts in windows of the wall clock's minutes: a run that straddles
    // one starts again with a new client in the new window (it then has a whole minute).
    let client: Record<string, string> = {};
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const minute = Math.floor(Date.now() / 60_000);
      client = { 'cf-connecting-ip': `198.51.100.${61 + attempt}` };
      for (let i = 0; i < 60; i += 1) expect((await get(`/search.json?q=w${i}`, client)).status, `search ${i + 1}`).toBe(200);
      if (Math.floor(Date.now() / 60_000) === minute) break;
    }
    const refused = await get('/search.json?q=wuzhen', client);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    const pageRefused = await get('/zh/search?q=wuzhen', client);
    expect(pageRefused.status).toBe(429);
    expect(pageRefused.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(await pageRefused.text()).toContain('搜索过于频繁');
    // The empty box reads nothing and is not counted; another client goes on.
    expect((await get('/search', client)).status).toBe(200);
    expect((await get('/search.json?q=wuzhen', { 'cf-connecting-ip': '198.51.100.70' })).status).toBe(200);
  });

  it('refuses before reading the index', async () => {
    const refuse = { limit: async () => ({ success: false }) } as unknown as RateLimit;
    const db = new Proxy({}, { get: () => { throw new Error('the index was read'); } }) as D1Database;
    const res = await withEnv({ SEARCH_LIMITER: refuse, DB: db }, '/search?q=wuzhen', { headers: { 'cf-connecting-ip': '203.0.113.9' } });
    expect(res.status).toBe(429);
    expect(await res.text()).toContain('Too many searches');
  });
});

/** The OpenSearch description's elements: name → text, and its Url elements' attributes. */
function parseOpenSearch(xml: string): { root: string; ns: string; text: Record<string, string>; urls: Record<string, string>[]; image: Record<string, string> } {
  const parser = new SaxesParser({ xmlns: true });
  const out = { root: '', ns: '', text: {} as Record<string, string>, urls: [] as Record<string, string>[], image: {} as Record<string, string> };
  let open = '';
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    const attributes = Object.fromEntries(Object.entries(tag.attributes).map(([k, v]) => [k, typeof v === 'string' ? v : v.value]));
    if (!out.root) Object.assign(out, { root: tag.local, ns: tag.uri });
    if (tag.local === 'Url') out.urls.push(attributes);
    if (tag.local === 'Image') out.image = attributes;
    open = tag.local;
  });
  parser.on('text', (text) => {
    if (text.trim()) out.text[open] = (out.text[open] ?? '') + text;
  });
  parser.write(xml).close();
  return out;
}

describe('OpenSearch', () => {
  it('describes the search in each language: short name, templates for the page and the Atom feed, the favicon', async () => {
    for (const [path, prefix, language, name] of [['/opensearch.xml', '', 'en', 'Herald'], ['/zh/opensearch.xml', '/zh', 'zh-Hans', 'Herald 网络空间治理报道']] as const) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/opensearchdescription+xml; charset=utf-8');
      const doc = parseOpenSearch(await res.text());
      expect(doc.root).toBe('OpenSearchDescription');
      expect(doc.ns).toBe('http://a9.com/-/spec/opensearch/1.1/');
      expect(doc.text.ShortName).toBe(name);
      expect([...doc.text.ShortName!].length).toBeLessThanOrEqual(16);
      expect(doc.text.Description!.length).toBeGreaterThan(10);
      expect(doc.text.InputEncoding).toBe('UTF-8');
      expect(doc.text.Language).toBe(language);
      expect(doc.text.Image).toBe(`${SITE}/favicon.ico`);
      expect(doc.urls.find((u) => u.type === 'text/html')?.template).toBe(`${SITE}${prefix}/search?q={searchTerms}`);
      expect(doc.urls.find((u) => u.type === 'application/atom+xml')?.template).toBe(`${SITE}${prefix}/search/atom.xml?q={searchTerms}`);
      // The template, filled in, is a search that runs.
      expect((await get(`${new URL(doc.urls[0]!.template!).pathname}?q=wuzhen`)).status).toBe(200);
    }
  });

  it('cuts a long short name to 16 characters, between graphemes', async () => {
    const res = await withEnv({ SITE_SHORT_NAME: 'Research Institute 👩‍💻 of Cyberspace' }, '/opensearch.xml');
    const doc = parseOpenSearch(await res.text());
    expect(doc.text.ShortName).toBe('Research');
    const emoji = await withEnv({ SITE_SHORT_NAME: 'Institute 👩‍💻 X' }, '/opensearch.xml');
    expect(parseOpenSearch(await emoji.text()).text.ShortName).toBe('Institute 👩‍💻 X');
  });
});

describe('every page’s frame', () => {
  it('has the masthead search form and the rel=search link of its language', async () => {
    const report = await create({ slug: 'framed', topics: ['sovereignty'] });
    const pages: [string, '' | '/zh', number][] = [
      ['/', '', 200],
      ['/zh/', '/zh', 200],
      [`/reports/${report.slug}`, '', 200],
      ['/events', '', 200],
      ['/zh/topics', '/zh', 200],
      ['/archive', '', 200],
      ['/zh/subscribe', '/zh', 200],
      ['/search?q=x', '', 200],
      ['/no/such/page', '', 404],
    ];
    for (const [path, prefix, status] of pages) {
      const html = await page(path, status);
      expect(html, path).toMatch(new RegExp(`<form class="masthead-search" role="search" action="${SITE}${prefix}/search" method="get" aria-label="[^"]+"><label class="visually-hidden" for="masthead-q">[^<]+</label><input id="masthead-q" type="search" name="q"`));
      const title = prefix ? 'Herald 网络空间治理报道' : 'Herald';
      expect(hrefs(html, new RegExp(`rel="search" type="application/opensearchdescription\\+xml" title="${title}"`)), path).toEqual([`${SITE}${prefix}/opensearch.xml`]);
    }
  });
});
