import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { notifyHub } from '../../../src/reports/publishing.ts';
import { readConfig } from '../../../src/common/config.ts';
import { forgetRendered } from '../../../src/common/rendered.ts';
import { api, countingKv, create, get, sleep, withEnv } from '../support/worker.ts';
import { SITE } from '../support/site.ts';

type JsonFeed = { version: string; updated?: string; hubs?: { url: string }[]; items: Record<string, any>[] };
const jsonFeed = async (path = '/feed.json') => (await (await get(path)).json()) as JsonFeed;

describe('what a feed shows', () => {
  it('serves the three formats with their media types and the newest report first', async () => {
    await create({ title: 'Older', published: '2021-01-01' });
    await create({ title: 'Newer', published: '2022-01-01' });
    const types = { '/feed.xml': 'application/rss+xml; charset=utf-8', '/atom.xml': 'application/atom+xml; charset=utf-8', '/feed.json': 'application/feed+json; charset=utf-8' };
    for (const [path, type] of Object.entries(types)) {
      const res = await get(path);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
    const feed = await jsonFeed();
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.items.map((i) => i.title)).toEqual(['Newer', 'Older']);
  });

  it('leaves out drafts and reports scheduled for later, on feeds and pages alike', async () => {
    await create({ title: 'Visible' });
    const draft = await create({ title: 'Draft', draft: true });
    const later = await create({ title: 'Later', published: '2999-01-01' });
    expect((await jsonFeed()).items.map((i) => i.title)).toEqual(['Visible']);
    expect(await (await get('/feed.xml')).text()).not.toContain('Later');
    expect((await get(`/reports/${draft.slug}`)).status).toBe(404);
    expect((await get(`/reports/${later.slug}`)).status).toBe(404);
  });

  it('shows a scheduled report once its time has passed, with no further write', async () => {
    await create({ title: 'Already out' });
    const soon = await create({ title: 'Out in a moment', published: new Date(Date.now() + 1500).toISOString() });
    expect((await jsonFeed()).items.map((i) => i.title)).not.toContain('Out in a moment');
    await sleep(1700);
    expect((await jsonFeed()).items.map((i) => i.title)).toContain('Out in a moment');
    expect((await get(`/reports/${soon.slug}`)).status).toBe(200);
  });

  it('keeps an item id when the title changes, and links every item absolutely to its page', async () => {
    const report = await create({ title: 'First title' });
    const { hash: _h, ...stored } = report;
    await api('PUT', `/reports/${report.slug}`, { ...stored, title: 'Second title' });
    const [item] = (await jsonFeed()).items;
    expect(item).toMatchObject({ id: report.id, title: 'Second title', url: `${SITE}/reports/${report.slug}` });
  });

  it('carries topics, authors, language, summary and distinct times per item', async () => {
    await create({ title: 'A', topics: ['sovereignty', 'cybercrime'], authors: [{ name: 'Li Wei', url: 'https://example.org/li' }], lang: 'zh-Hans', summary: 'Lead.' });
    await create({ title: 'B' });
    const feed = await jsonFeed();
    const a = feed.items.find((i) => i.title === 'A')!;
    // Tags are the topics' labels in the item's language; their slugs ride along in `_herald`.
    expect(a).toMatchObject({ tags: ['网络主权', '网络犯罪'], _herald: { topics: ['sovereignty', 'cybercrime'] }, authors: [{ name: 'Li Wei', url: 'https://example.org/li' }], language: 'zh-Hans', summary: 'Lead.' });
    expect(new Set(feed.items.map((i) => i.date_modified)).size).toBe(feed.items.length);
  });

  it('derives a summary from the first sentences of the body when none is given', async () => {
    await create({ body: 'The forum opened on Monday. It closed on Tuesday.\n\n' + 'Long text. '.repeat(100) });
    const [item] = (await jsonFeed()).items;
    expect(item!.summary.startsWith('The forum opened on Monday. It closed on Tuesday.')).toBe(true);
    expect(item!.summary.length).toBeLessThanOrEqual(280);
  });

  it('puts the event (when, where, who) into the content, and makes links absolute', async () => {
    await create({
      body: 'See [the agenda](/agenda) and ![photo](img/a.png).',
      event: {
        kind: 'workshop',
        name: 'Workshop on Due Diligence',
        start: '2022-08-12',
        location: { name: 'Online', online: true },
        organizers: ['Wuhan University'],
        participants: ['AALCO'],
        speakers: [{ name: 'Guo Feng', role: 'opening address', affiliation: 'Wuhan University Law School' }],
      },
    });
    const [item] = (await jsonFeed()).items;
    const html: string = item!.content_html;
    // A speaker is rows (lines without a stylesheet): name, role, affiliation.
    for (const text of ['Workshop on Due Diligence', '12 August 2022', 'Online', '<li>Wuhan University</li>', '<li>AALCO</li>', '<strong class="speaker-name">Guo Feng</strong><br><span class="speaker-role">opening address</span><br><span class="speaker-affiliation">Wuhan University Law School</span>']) {
      expect(html).toContain(text);
    }
    expect(html).toContain(`href="${SITE}/agenda"`);
    expect(html).toMatch(new RegExp(`src="${SITE}/reports/[^"]+/img/a\\.png"|src="${SITE}/reports/img/a\\.png"`));
  });

  it('serves a topic feed with only that topic, and 404 for a topic nobody used', async () => {
    await create({ title: 'On crime', topics: ['cybercrime'] });
    await create({ title: 'On law', topics: ['rule-of-law'] });
    expect((await jsonFeed('/topics/cybercrime/feed.json')).items.map((i) => i.title)).toEqual(['On crime']);
    const rss = await (await get('/topics/cybercrime/feed.xml')).text();
    expect(rss).toContain(`<atom:link href="${SITE}/topics/cybercrime/feed.xml" rel="self"`);
    expect((await get('/topics/nobody-used-this/atom.xml')).status).toBe(404);
    expect((await get('/topics/%3Cscript%3E/feed.xml')).status).toBe(404);
  });

  it('drops a deleted report from its feeds', async () => {
    const report = await create({ title: 'Soon gone', topics: ['gone'] });
    expect((await jsonFeed()).items).toHaveLength(1);
    await api('DELETE', `/reports/${report.slug}`);
    expect((await jsonFeed()).items).toHaveLength(0);
    expect((await get('/topics/gone/feed.json')).status).toBe(404);
  });

  it('never uses the request host for links or ids', async () => {
    await create();
    const res = await withEnv({}, '/feed.json', { headers: { host: 'evil.example' } });
    const text = await res.text();
    expect(text).not.toContain('evil.example');
    expect(text).toContain(SITE);
  });
});

describe('caching and conditional requests', () => {
  it('gives the same bytes and ETag for the same content, even after a rebuild', async () => {
    await create({ title: 'Stable' });
    const first = await get('/atom.xml');
    const body = await first.text();
    await create({ title: 'Invisible draft', draft: true }); // drops rendered copies; visible content unchanged
    const second = await get('/atom.xml');
    expect(await second.text()).toBe(body);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
  });

  it('dates the feed by its newest change, not by the time of the request', async () => {
    const report = await create({ published: '2020-01-01' });
    const res = await get('/feed.xml');
    expect(res.headers.get('last-modified')).toBe(new Date(report.updated).toUTCString());
    expect(await res.text()).toContain(`<lastBuildDate>${new Date(report.updated).toUTCString()}</lastBuildDate>`);
  });

  it('answers 304 to a matching If-None-Match, and 200 to a stale one', async () => {
    await create();
    const first = await get('/feed.xml');
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const again = await get('/feed.xml', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    expect((await get('/feed.xml', { 'if-none-match': '"something-else"' })).status).toBe(200);
  });

  it('answers If-Modified-Since by date, ignoring nonsense and future dates, with If-None-Match taking precedence', async () => {
    await create();
    const lastModified = (await get('/feed.json')).headers.get('last-modified')!;
    expect((await get('/feed.json', { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get('/feed.json', { 'if-modified-since': 'Sat, 01 Jan 2000 00:00:00 GMT' })).status).toBe(200);
    expect((await get('/feed.json', { 'if-modified-since': 'yesterday-ish' })).status).toBe(200);
    expect((await get('/feed.json', { 'if-modified-since': 'Fri, 01 Jan 2100 00:00:00 GMT' })).status).toBe(200);
    expect((await get('/feed.json', { 'if-modified-since': lastModified, 'if-none-match': '"stale"' })).status).toBe(200);
  });

  it('moves Last-Modified forward when a report leaves the feed', async () => {
    const a = await create({ title: 'Stays' });
    const b = await create({ title: 'Leaves' });
    const before = (await get('/feed.xml')).headers.get('last-modified')!;
    await sleep(1100);
    await api('DELETE', `/reports/${b.slug}`);
    const res = await get('/feed.xml', { 'if-modified-since': before });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('Leaves');
    expect(a.slug).toBeTruthy();
  });

  it('reads one KV key and lists nothing when the rendered feed is current; a 304 too', async () => {
    await create();
    await withEnv({}, '/feed.xml'); // renders and stores the copy
    forgetRendered(); // as a fresh isolate would be
    const { kv, counts } = countingKv(env.REPORTS);
    const res = await withEnv({ REPORTS: kv }, '/feed.xml');
    expect(res.status).toBe(200);
    expect(counts).toEqual({ get: 1, list: 0, put: 0, delete: 0 });
    forgetRendered();
    const probe = countingKv(env.REPORTS);
    const notModified = await withEnv({ REPORTS: probe.kv }, '/feed.xml', { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(notModified.status).toBe(304);
    expect(probe.counts).toEqual({ get: 1, list: 0, put: 0, delete: 0 });
  });

  it('serves a feed this isolate just served from memory, with no KV operation, until a write drops it', async () => {
    await create({ title: 'First' });
    await withEnv({}, '/feed.json');
    const { kv, counts } = countingKv(env.REPORTS);
    expect((await withEnv({ REPORTS: kv }, '/feed.json')).status).toBe(200);
    expect(counts).toEqual({ get: 0, list: 0, put: 0, delete: 0 });
    await create({ title: 'Second' });
    const titles = ((await (await withEnv({}, '/feed.json')).json()) as JsonFeed).items.map((i) => i.title);
    expect(titles).toEqual(['Second', 'First']);
  });
});

describe('WebSub', () => {
  const hub = 'https://hub.example.org/';

  it('advertises the hub in Link headers and in all three formats when WEBSUB_HUB is set', async () => {
    await create();
    const rss = await withEnv({ WEBSUB_HUB: hub }, '/feed.xml');
    expect(rss.headers.get('link')).toBe(`<${hub}>; rel="hub", <${SITE}/feed.xml>; rel="self"`);
    expect(await rss.text()).toContain(`<atom:link href="${hub}" rel="hub"/>`);
    expect(await (await withEnv({ WEBSUB_HUB: hub }, '/atom.xml')).text()).toContain(`<link rel="hub" href="${hub}"/>`);
    const json = (await (await withEnv({ WEBSUB_HUB: hub }, '/feed.json')).json()) as JsonFeed;
    expect(json.hubs).toEqual([{ type: 'WebSub', url: hub }]);
  });

  it('says nothing of a hub when none is configured', async () => {
    await create();
    const res = await get('/feed.xml');
    expect(res.headers.get('link')).toBeNull();
    expect(await res.text()).not.toContain('rel="hub"');
  });

  it('pings the hub with every changed feed URL on publish', async () => {
    const calls: { url: string; body: string }[] = [];
    const fetcher = (async (url: string, init: RequestInit) => {
      calls.push({ url, body: String(init.body) });
      return new Response(null, { status: 204 });
    }) as unknown as typeof fetch;
    const site = readConfig({ ...env, WEBSUB_HUB: hub });
    const status = await notifyHub(site, [{ kind: 'all' }, { kind: 'topic', topic: 'cybercrime' }], fetcher);
    expect(status).toBe(204);
    const form = new URLSearchParams(calls[0]!.body);
    expect(calls[0]!.url).toBe(hub);
    expect(form.get('hub.mode')).toBe('publish');
    // Each language's feeds advertise the hub too, so they are announced with the others.
    expect(form.getAll('hub.url')).toEqual(
      ['', '/en', '/zh', '/topics/cybercrime', '/en/topics/cybercrime', '/zh/topics/cybercrime'].flatMap((base) => ['feed.xml', 'atom.xml', 'feed.json'].map((file) => `${SITE}${base}/${file}`)),
    );
  });
});

describe('hostile content stays data', () => {
  it('keeps ]]>, <script>, & and mixed scripts as text in every format', async () => {
    const title = 'Report <b>bold</b> & ]]> 网络 مرحبا 🛰️';
    await create({ title, body: 'Text ]]> more ]]> and <script>alert(1)</script> &amp; done.\n\n<img src=x onerror=alert(1)>' });
    const rss = await (await get('/feed.xml')).text();
    const atom = await (await get('/atom.xml')).text();
    for (const xml of [rss, atom]) {
      expect(xml).not.toMatch(/<script/i);
      expect(xml).not.toContain('<b>bold');
      expect(xml).not.toMatch(/<img[^>]*onerror/i);
      // every CDATA section closes exactly once: no "]]>" leaks out of one early
      const sections = xml.match(/<!\[CDATA\[[\s\S]*?\]\]>/g) ?? [];
      for (const section of sections) expect(section.slice(9, -3)).not.toContain(']]>');
      expect(xml).toContain('网络 مرحبا 🛰️');
    }
    const [item] = (await jsonFeed()).items;
    expect(item!.title).toBe(title);
    expect(item!.content_html).not.toMatch(/<script|<img/i);
    expect(item!.content_html).toContain('&lt;script&gt;');
  });
});

describe('moving the site to a new address', () => {
  it('rebuilds feeds and report HTML with the new SITE_URL, keeping item ids', async () => {
    const report = await create({ body: 'See [the agenda](/agenda).' });
    await get('/feed.json'); // a copy rendered for the old address
    const moved = (await (await withEnv({ SITE_URL: 'https://news.example.net' }, '/feed.json')).json()) as JsonFeed;
    const [item] = moved.items;
    expect(item!.url).toBe(`https://news.example.net/reports/${report.slug}`);
    expect(item!.content_html).toContain('href="https://news.example.net/agenda"');
    expect(item!.id).toBe(report.id);
    const page = await (await withEnv({ SITE_URL: 'https://news.example.net' }, `/reports/${report.slug}`)).text();
    expect(page).toContain('href="https://news.example.net/agenda"');
  });
});

describe('compression', () => {
  it('sends gzip to readers that accept it, the same content to those that do not', async () => {
    await create({ title: 'Compressed 网络 🛰️' });
    const plain = await get('/feed.xml');
    const plainText = await plain.text();
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');
    const zipped = await get('/feed.xml', { 'accept-encoding': 'gzip, br' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('etag')).toBe(`W/${plain.headers.get('etag')}`);
    // workerd's fetch decodes gzip on reading, as a reader's HTTP client would
    expect(await zipped.text()).toBe(plainText);
    expect((await get('/feed.xml', { 'accept-encoding': 'gzip;q=0, identity' })).headers.get('content-encoding')).toBeNull();
    expect((await get('/feed.xml', { 'accept-encoding': 'gzip', 'if-none-match': zipped.headers.get('etag')! })).status).toBe(304);
  });
});

describe('addresses', () => {
  it('moves a topic asked for in capitals to its canonical address (301)', async () => {
    await create({ topics: ['sovereignty'] });
    const ask = (path: string) => exports.default.fetch(`http://example.test${path}`, { redirect: 'manual' });
    const res = await ask('/topics/Sovereignty/atom.xml');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`${SITE}/topics/sovereignty/atom.xml`);
    expect((await ask('/topics/SOVEREIGNTY')).headers.get('location')).toBe(`${SITE}/topics/sovereignty`);
  });

  it('answers HEAD on a feed with its headers and no body', async () => {
    await create();
    const res = await exports.default.fetch('http://example.test/feed.xml', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toMatch(/"/);
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(await res.text()).toBe('');
  });
});

describe('a new deploy', () => {
  it('rebuilds rendered feeds made by another version of the Worker', async () => {
    await create();
    const version = (id: string) => ({ CF_VERSION_METADATA: { id, tag: '', timestamp: '' } });
    await withEnv(version('v1'), '/feed.xml');
    forgetRendered();
    const before = countingKv(env.REPORTS);
    await withEnv({ ...version('v1'), REPORTS: before.kv }, '/feed.xml');
    expect(before.counts.list).toBe(0);
    forgetRendered();
    const after = countingKv(env.REPORTS);
    await withEnv({ ...version('v2'), REPORTS: after.kv }, '/feed.xml');
    expect(after.counts.list).toBe(1);
    expect(after.counts.put).toBe(1);
  });
});

describe('compression behind Cloudflare', () => {
  it("decides on the client's own Accept-Encoding (cf.clientAcceptEncoding), not the one Cloudflare rewrote", async () => {
    await create();
    const ask = (clientAcceptEncoding: string) =>
      exports.default.fetch(new Request('http://example.test/feed.xml', { headers: { 'accept-encoding': 'br, gzip' }, cf: { clientAcceptEncoding } } as RequestInit));
    expect((await ask('')).headers.get('content-encoding')).toBeNull();
    expect((await ask('gzip, deflate')).headers.get('content-encoding')).toBe('gzip');
  });
});
