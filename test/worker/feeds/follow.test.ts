import { exports } from 'cloudflare:workers';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { create, get, withEnv } from '../support/worker.ts';
import { SITE } from '../support/site.ts';

interface Outline {
  attributes: Record<string, string>;
  children: Outline[];
}

/** Parses an OPML file as XML (throwing on any well-formedness error) into its root name, head title and body outlines. */
function parseOpml(xml: string): { root: string; version: string; title: string; outlines: Outline[] } {
  const parser = new SaxesParser();
  const stack: Outline[] = [{ attributes: {}, children: [] }];
  let root = '';
  let version = '';
  let title = '';
  let inTitle = false;
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    if (!root) {
      root = tag.name;
      version = String(tag.attributes.version ?? '');
    }
    if (tag.name === 'title') inTitle = true;
    if (tag.name === 'outline') {
      const outline: Outline = { attributes: tag.attributes as Record<string, string>, children: [] };
      stack.at(-1)!.children.push(outline);
      stack.push(outline);
    }
  });
  parser.on('text', (text) => {
    if (inTitle) title += text;
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'title') inTitle = false;
    if (tag.name === 'outline') stack.pop();
  });
  parser.write(xml).close();
  return { root, version, title, outlines: stack[0]!.children };
}

const feedsOf = (outlines: Outline[]): Record<string, string>[] => outlines.flatMap((o) => (o.attributes.xmlUrl ? [o.attributes] : feedsOf(o.children)));

/** Every feed and calendar address the page offers to copy, in order. */
const copyable = (html: string) => [...html.matchAll(/data-copy="([^"]+)"/g)].map((m) => m[1]!);

describe('/follow', () => {
  it('explains feeds, email and calendars and lists every feed and calendar, each topic’s too, with copy buttons', async () => {
    await create({ topics: ['sovereignty', 'quantum-policy'] });
    await create({ topics: ['cybercrime'], draft: true });
    const res = await get('/follow');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('<h1>Follow our reports</h1>');
    for (const heading of ['By email', 'In a feed reader', 'In your calendar', 'By topic']) expect(html).toContain(`>${heading}</h2>`);
    expect(html).toContain(`href="${SITE}/subscribe"`);
    expect(copyable(html)).toEqual([
      `${SITE}/digests/atom.xml`, // the briefs kept on the web
      `${SITE}/en/feed.xml`,
      `${SITE}/feed.xml`,
      `${SITE}/zh/feed.xml`,
      `${SITE}/en/events.ics`,
      `${SITE}/events.ics`,
      // Catalogued topics in the catalogue's order, then the others by name (the slug as label).
      `${SITE}/en/topics/sovereignty/feed.xml`,
      `${SITE}/en/topics/sovereignty/events.ics`,
      `${SITE}/en/topics/quantum-policy/feed.xml`,
      `${SITE}/en/topics/quantum-policy/events.ics`,
    ]);
    expect(html).toContain(`<a href="${SITE}/topics/sovereignty">Sovereignty in cyberspace</a>`);
    expect(html).toContain(`<a href="${SITE}/topics/quantum-policy">quantum-policy</a>`);
    expect(html).toContain(`href="${SITE}/en/topics/sovereignty/atom.xml"`);
    expect(html).toContain(`href="webcal://herald.example.org/en/topics/sovereignty/events.ics"`);
    expect(html).not.toContain('cybercrime'); // only a draft has it
    // The buttons wait for the script, which the CSP allows (same origin), and name what they copy.
    expect(html).toContain('<script src="/assets/follow.js" defer=""></script>');
    expect(html).toContain('aria-label="Copy the address of the feed: Sovereignty in cyberspace" hidden="">Copy</button>');
    expect(html).toContain(`href="${SITE}/en/feeds.opml"`);
    expect(html).toContain(`href="${SITE}/feeds.opml"`);
    const script = await get('/assets/follow.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain('navigator.clipboard');
  });

  it('is in Chinese under /zh/, with Chinese labels and the Chinese feeds first', async () => {
    await create({ topics: ['sovereignty'] });
    const html = await (await get('/zh/follow')).text();
    expect(html).toContain('<html lang="zh-Hans">');
    expect(html).toContain('<h1>关注我们的报道</h1>');
    expect(copyable(html).slice(0, 4)).toEqual([`${SITE}/zh/digests/atom.xml`, `${SITE}/zh/feed.xml`, `${SITE}/feed.xml`, `${SITE}/en/feed.xml`]);
    expect(copyable(html)).toContain(`${SITE}/zh/topics/sovereignty/feed.xml`);
    expect(html).toContain(`<a href="${SITE}/zh/topics/sovereignty">网络主权</a>`);
    expect(html).toContain('aria-label="复制订阅源网址：网络主权" hidden="">复制</button>');
    expect(html).toContain(`<link rel="alternate" hreflang="en" href="${SITE}/follow"/>`);
  });

  it('moves /en/follow and /en/topics to the English pages at the root', async () => {
    for (const path of ['/follow', '/topics']) {
      const res = await exports.default.fetch(`http://example.test/en${path}`, { redirect: 'manual' });
      expect(res.status).toBe(301);
      expect(res.headers.get('location')).toBe(`${SITE}${path}`);
    }
  });
});

describe('/topics', () => {
  it('lists each topic with a public report by its label, with its introduction, linking its page', async () => {
    await create({ topics: ['international-law', 'sovereignty', 'quantum-policy'] });
    await create({ topics: ['cybercrime'], published: '2099-01-01T00:00:00Z' }); // scheduled: not yet public
    const html = await (await get('/topics')).text();
    expect(html).toContain('<h1>Topics</h1>');
    const entries = [...html.matchAll(/<li><h2><a href="([^"]+)">([^<]+)<\/a><\/h2>(?:<p>([^<]+)<\/p>)?<\/li>/g)].map((m) => [m[2], m[1], m[3]]);
    expect(entries).toEqual([
      ['Sovereignty in cyberspace', `${SITE}/topics/sovereignty`, 'How the principle of state sovereignty applies to networks, data and the infrastructure beneath them, and where states disagree about its reach.'],
      ['International law', `${SITE}/topics/international-law`, 'The application of existing international law to state conduct in cyberspace, from the UN Charter to the law of state responsibility.'],
      ['quantum-policy', `${SITE}/topics/quantum-policy`, undefined],
    ]);
    expect(html).not.toContain('cybercrime');
    for (const [, href] of entries) expect((await get(new URL(href!).pathname)).status).toBe(200);
  });

  it('is in Chinese under /zh/topics, linking the Chinese topic pages', async () => {
    await create({ topics: ['sovereignty'] });
    const html = await (await get('/zh/topics')).text();
    expect(html).toContain('<h1>主题</h1>');
    expect(html).toContain(`<li><h2><a href="${SITE}/zh/topics/sovereignty">网络主权</a></h2><p>国家主权原则如何适用于网络、数据及其底层基础设施，以及各国对其适用范围的分歧。</p></li>`);
  });

  it('says so when no topic has a public report yet', async () => {
    const html = await (await get('/topics')).text();
    expect(html).toContain('No topic has a public report yet.');
  });
});

describe('/feeds.opml', () => {
  it('is OPML 2.0 that parses as XML and lists every feed, by label, grouped by language', async () => {
    await create({ topics: ['sovereignty', 'quantum-policy'] });
    const res = await get('/feeds.opml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/x-opml; charset=utf-8');
    const opml = parseOpml(await res.text());
    expect([opml.root, opml.version, opml.title]).toEqual(['opml', '2.0', 'Herald: feeds']);
    expect(opml.outlines.map((folder) => folder.attributes.text)).toEqual(['Reports in English', '中文报道', 'Reports in every language']);
    const feeds = feedsOf(opml.outlines);
    expect(feeds.map((feed) => [feed.text, feed.xmlUrl])).toEqual([
      ['All reports', `${SITE}/en/feed.xml`],
      ['Sovereignty in cyberspace', `${SITE}/en/topics/sovereignty/feed.xml`],
      ['quantum-policy', `${SITE}/en/topics/quantum-policy/feed.xml`],
      ['Daily and weekly briefs', `${SITE}/digests/atom.xml`],
      ['全部报道', `${SITE}/zh/feed.xml`],
      ['网络主权', `${SITE}/zh/topics/sovereignty/feed.xml`],
      ['quantum-policy', `${SITE}/zh/topics/quantum-policy/feed.xml`],
      ['每日与每周简报', `${SITE}/zh/digests/atom.xml`],
      ['All reports', `${SITE}/feed.xml`],
      ['Sovereignty in cyberspace', `${SITE}/topics/sovereignty/feed.xml`],
      ['quantum-policy', `${SITE}/topics/quantum-policy/feed.xml`],
    ]);
    for (const feed of feeds) {
      expect(feed.type).toBe('rss'); // OPML's word for any feed
      const served = await get(new URL(feed.xmlUrl!).pathname);
      expect(served.status, feed.xmlUrl).toBe(200);
      expect(served.headers.get('content-type'), feed.xmlUrl).toMatch(/^application\/(rss|atom)\+xml/);
      expect((await get(new URL(feed.htmlUrl!).pathname)).status, feed.htmlUrl).toBe(200);
    }
  });

  it('lists one language’s feeds at /en/feeds.opml and /zh/feeds.opml, and answers 304 to its ETag', async () => {
    await create({ topics: ['sovereignty'] });
    const zh = await get('/zh/feeds.opml');
    const opml = parseOpml(await zh.text());
    expect(opml.title).toBe('Herald 网络空间治理报道：订阅源');
    expect(feedsOf(opml.outlines).map((feed) => [feed.text, feed.xmlUrl, feed.language])).toEqual([
      ['全部报道', `${SITE}/zh/feed.xml`, 'zh'],
      ['网络主权', `${SITE}/zh/topics/sovereignty/feed.xml`, 'zh'],
      ['每日与每周简报', `${SITE}/zh/digests/atom.xml`, 'zh'],
    ]);
    const etag = zh.headers.get('etag')!;
    expect((await get('/zh/feeds.opml', { 'if-none-match': etag })).status).toBe(304);
    const en = parseOpml(await (await get('/en/feeds.opml')).text());
    expect(feedsOf(en.outlines).map((feed) => feed.xmlUrl)).toEqual([`${SITE}/en/feed.xml`, `${SITE}/en/topics/sovereignty/feed.xml`, `${SITE}/digests/atom.xml`]);
  });

  it('stays well-formed whatever the site is called', async () => {
    await create({ topics: ['sovereignty'] });
    const res = await withEnv({ SITE_TITLE: 'Law & Order <Institute> "Herald"', SITE_AUTHOR: 'R&D' }, '/en/feeds.opml');
    expect(parseOpml(await res.text()).title).toBe('Law & Order <Institute> "Herald": feeds');
  });
});
