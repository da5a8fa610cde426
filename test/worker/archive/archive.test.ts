import { env, exports } from 'cloudflare:workers';
import { forgetGenerations } from '../../../src/archive/store.ts';
import { describe, expect, it } from 'vitest';
import { forgetRendered } from '../../../src/common/rendered.ts';
import { api, countingKv, create, get, withEnv } from '../support/worker.ts';
import { headingLevels } from '../support/headings.ts';

const at = (iso: string) => `${iso}T09:00:00.000Z`;

/** The report titles a page of the archive lists, in order. */
async function titles(path: string): Promise<string[]> {
  const html = await (await get(path)).text();
  return [...html.matchAll(/<li class="archive-item" lang="[^"]*" dir="auto"><h([23]) class="card-title"><a href="[^"]+">([^<]+)<\/a><\/h\1>/g)].map((m) => m[2]!);
}

async function nav(path: string): Promise<{ prev?: string; next?: string }> {
  const html = await (await get(path)).text();
  const prev = /<a rel="prev" href="([^"]+)"/.exec(html)?.[1];
  const next = /<a rel="next" href="([^"]+)"/.exec(html)?.[1];
  return { ...(prev ? { prev } : {}), ...(next ? { next } : {}) };
}

/** Four public reports over three months, a draft alone in September, one scheduled for later. */
async function seedArchive() {
  const aug1 = await create({ title: 'August workshop', published: at('2022-08-12'), topics: ['sovereignty'], event: { kind: 'workshop', name: 'Workshop on sovereignty', start: '2022-08-12', organizers: ['Wuhan University'], location: { name: 'Luojia Hall', city: 'Wuhan' } } });
  const aug2 = await create({ title: 'August forum', published: at('2022-08-20'), topics: ['data'] });
  const draft = await create({ title: 'September draft', published: at('2022-09-03'), draft: true });
  const oct = await create({ title: 'October seminar', published: at('2022-10-01'), topics: ['sovereignty'] });
  const jan = await create({ title: '一月的论坛', slug: '2023-01-15-january-forum', published: at('2023-01-15'), lang: 'zh', topics: ['data'] });
  const later = await create({ title: 'Scheduled report', published: new Date(Date.now() + 86_400_000).toISOString() });
  return { aug1, aug2, draft, oct, jan, later };
}

describe('the archive pages', () => {
  it('lists a month’s reports oldest first with their event line, and links the months around it that have reports', async () => {
    await seedArchive();
    const res = await get('/archive/2022/08');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(await titles('/archive/2022/08')).toEqual(['August workshop', 'August forum']);
    expect(html).toContain('Workshop · 12 August 2022 · Luojia Hall, Wuhan');
    // The month is the page's one heading; its reports' titles come under it.
    expect(html).toMatch(/<h1[^>]*>August 2022<\/h1>/);
    expect(headingLevels(html)).toEqual([1, 2, 2]);
    // Readers' feeds autodiscover; the link a person clicks leads to the page that explains following, not to raw XML.
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="August 2022 (Atom)" href="https://herald.example.org/en/archive/2022/08/atom.xml"/>');
    const body = html.slice(html.indexOf('<body'));
    expect(body).not.toMatch(/<a [^>]*href="[^"]*(atom\.xml|feed\.json)"/);
    expect(body).toContain('<a href="https://herald.example.org/follow">Follow new reports: feeds, calendars and email</a>');
    // The period links above and below the list are two landmarks, each with its own name.
    expect([...html.matchAll(/<nav class="periods" aria-label="([^"]*)"/g)].map((m) => m[1])).toEqual(['Archive periods', 'Archive periods (end of page)']);
    // September holds only a draft: the next month with a report is October.
    expect(await nav('/archive/2022/08')).toEqual({ next: 'https://herald.example.org/archive/2022/10' });
    expect(await nav('/archive/2022/10')).toEqual({ prev: 'https://herald.example.org/archive/2022/08', next: 'https://herald.example.org/archive/2023/01' });
    expect(await titles('/archive/2023/01')).toEqual(['一月的论坛']);
  });

  it('lists a year’s reports by month and links the years around it', async () => {
    await seedArchive();
    expect(await titles('/archive/2022')).toEqual(['August workshop', 'August forum', 'October seminar']);
    const html = await (await get('/archive/2022')).text();
    expect(html).toContain('<a href="https://herald.example.org/archive/2022/08">August 2022</a>');
    expect(html).not.toContain('September 2022');
    // Months head their reports: August (two reports), October (one).
    expect(headingLevels(html)).toEqual([1, 2, 3, 3, 2, 3]);
    expect(await nav('/archive/2022')).toEqual({ next: 'https://herald.example.org/archive/2023' });
  });

  it('has an index of every year and month with a report, linked from the home page', async () => {
    await seedArchive();
    const html = await (await get('/archive')).text();
    const months = [...html.matchAll(/href="https:\/\/herald\.example\.org\/archive\/(\d{4}\/\d{2})"/g)].map((m) => m[1]);
    expect(months).toEqual(['2023/01', '2022/08', '2022/10']);
    // Each year is a heading over its twelve months: a link where there are reports, the rest shown disabled and hidden from screen readers.
    expect(headingLevels(html)).toEqual([1, 2, 2]);
    const grid = html.slice(html.indexOf('<h2 id="year-2022">'), html.indexOf('</ol>', html.indexOf('<h2 id="year-2022">')));
    expect(grid).toContain('<a href="https://herald.example.org/archive/2022">2022</a>');
    expect([...grid.matchAll(/<li[ >]/g)]).toHaveLength(12);
    // Each link says its year to screen readers too, without showing it.
    expect([...grid.matchAll(/<a href="([^"]+)">([^<]+)<span class="archive-grid-year"> (\d+)<\/span><\/a>/g)].map((m) => m.slice(1).join(' '))).toEqual([
      'https://herald.example.org/archive/2022/08 Aug 2022',
      'https://herald.example.org/archive/2022/10 Oct 2022',
    ]);
    expect(grid).toContain('<li class="archive-grid-none" aria-hidden="true">Sept</li>');
    expect([...grid.matchAll(/class="archive-grid-none"/g)]).toHaveLength(10);
    const home = await (await get('/')).text();
    expect(home).toContain('href="https://herald.example.org/archive"');
    // The oldest report on the home page is from August 2022: older ones continue there.
    expect(home).toContain('<a href="https://herald.example.org/archive/2022/08">August 2022 and before →</a>');
  });

  it('answers 404 for a period with no public report and for a malformed one', async () => {
    await seedArchive();
    for (const path of ['/archive/2022/09', '/archive/2021', '/archive/2022/07', '/archive/2022/13', '/archive/2022/00', '/archive/22', '/archive/2022/8', '/archive/abcd', '/archive/2022/09/atom.xml', '/archive/2022/13/feed.json']) {
      expect((await get(path)).status, path).toBe(404);
    }
    // The scheduled report's month has nothing public yet (unless it is this month, which has nothing else).
    const month = new Date(Date.now() + 86_400_000).toISOString().slice(0, 7).replace('-', '/');
    expect((await get(`/archive/${month}`)).status).toBe(404);
  });

  it('has the same pages per topic, and moves a topic named in another case to its own address', async () => {
    await seedArchive();
    expect(await titles('/topics/sovereignty/archive/2022')).toEqual(['August workshop', 'October seminar']);
    // A catalogued topic is named by its label (content/topics.yml), never its slug; an uncatalogued one by its slug.
    const topicIndex = await (await get('/topics/sovereignty/archive')).text();
    expect(topicIndex).toMatch(/<h1[^>]*>Archive: Sovereignty in cyberspace<\/h1>/);
    expect(topicIndex).toContain('>Latest on Sovereignty in cyberspace</a>');
    expect(await (await get('/topics/sovereignty/archive/2022/08')).text()).toMatch(/<h1[^>]*>Sovereignty in cyberspace: August 2022<\/h1>/);
    expect(await (await get('/zh/topics/sovereignty/archive')).text()).toMatch(/<h1[^>]*>归档：网络主权<\/h1>/);
    expect(await (await get('/topics/data/archive')).text()).toMatch(/<h1[^>]*>Archive: data<\/h1>/);
    expect(await nav('/topics/sovereignty/archive/2022/08')).toEqual({ next: 'https://herald.example.org/topics/sovereignty/archive/2022/10' });
    expect(await titles('/topics/data/archive/2023/01')).toEqual(['一月的论坛']);
    expect((await get('/topics/data/archive/2022/10')).status).toBe(404);
    expect((await get('/topics/nothing-here/archive')).status).toBe(404);
    const moved = await exports.default.fetch('http://example.test/topics/Sovereignty/archive/2022/08/atom.xml', { redirect: 'manual' });
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe('https://herald.example.org/topics/sovereignty/archive/2022/08/atom.xml');
  });

  it('follows a report moved to another month, made a draft, or deleted', async () => {
    const { aug2, oct } = await seedArchive();
    await api('PUT', `/reports/${oct.slug}`, { title: oct.title, body: 'Moved to July.', published: at('2022-07-01'), topics: oct.topics });
    expect(await titles('/archive/2022/07')).toEqual(['October seminar']);
    expect((await get('/archive/2022/10')).status).toBe(404);
    expect(await nav('/archive/2022/08')).toEqual({ prev: 'https://herald.example.org/archive/2022/07', next: 'https://herald.example.org/archive/2023/01' });
    await api('PUT', `/reports/${aug2.slug}`, { title: aug2.title, body: 'Withdrawn.', published: aug2.published, draft: true });
    expect(await titles('/archive/2022/08')).toEqual(['August workshop']);
    await api('DELETE', `/reports/${oct.slug}`);
    expect((await get('/archive/2022/07')).status).toBe(404);
    expect(await nav('/archive/2022/08')).toEqual({ next: 'https://herald.example.org/archive/2023/01' });
  });

  it('rebuilds a page by listing only its own period and the months, and serves it next from its rendered copy', { timeout: 20_000 }, async () => {
    await seedArchive();
    for (let i = 0; i < 9; i++) await create({ title: `Filler ${i}`, published: at(`2021-0${(i % 9) + 1}-0${(i % 9) + 1}`) });
    forgetRendered();
    forgetGenerations();
    const first = countingKv(env.REPORTS);
    expect((await withEnv({ REPORTS: first.kv }, '/archive/2022/08')).status).toBe(200);
    // One listing of the months, one of August's index keys; nothing read per report.
    expect(first.counts.list).toBe(2);
    forgetRendered();
    forgetGenerations();
    const second = countingKv(env.REPORTS);
    expect((await withEnv({ REPORTS: second.kv }, '/archive/2022/08')).status).toBe(200);
    expect(second.counts).toEqual({ get: 2, list: 0, put: 0, delete: 0 });
  });
});

describe('topics with no report', () => {
  it('cost one listing per name within the refresh bound, and are found once a report is written', async () => {
    await create({ topics: ['data'], published: at('2022-08-20') });
    const first = countingKv(env.REPORTS);
    expect((await withEnv({ REPORTS: first.kv }, '/topics/probe-name/archive/2022/08')).status).toBe(404);
    expect(first.counts.list).toBe(1);
    const second = countingKv(env.REPORTS);
    expect((await withEnv({ REPORTS: second.kv }, '/topics/probe-name/archive')).status).toBe(404);
    expect(second.counts.list).toBe(0);
    await create({ topics: ['probe-name'], published: at('2022-08-21') });
    expect((await get('/topics/probe-name/archive/2022/08')).status).toBe(200);
  });
});

describe('the archived feeds (RFC 5005)', () => {
  it('serves each month as an archive document linked to the months around it and to the subscription feed', async () => {
    await seedArchive();
    const res = await get('/archive/2022/10/atom.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    // A finished month changes only when one of its reports does.
    expect(res.headers.get('cache-control')).toContain('max-age=86400');
    const xml = await res.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" xmlns:fh="http://purl.org/syndication/history/1.0">');
    expect(xml).toContain('<fh:archive/>');
    expect(xml).toContain('<link rel="prev-archive" href="https://herald.example.org/archive/2022/08/atom.xml"/>');
    expect(xml).toContain('<link rel="next-archive" href="https://herald.example.org/archive/2023/01/atom.xml"/>');
    expect(xml).toContain('<link rel="current" href="https://herald.example.org/atom.xml"/>');
    expect([...xml.matchAll(/<entry[\s>]/g)]).toHaveLength(1);
    const etag = res.headers.get('etag')!;
    expect((await get('/archive/2022/10/atom.xml', { 'if-none-match': etag })).status).toBe(304);
  });

  it('lets a reader walk back from the Atom feed, and from the JSON Feed, to the first report', async () => {
    const { aug1, aug2, oct, jan } = await seedArchive();
    const expected = [jan, oct, aug2, aug1].map((r) => r.id).sort();
    const atomIds = new Set<string>();
    let url: string | undefined = 'https://herald.example.org/atom.xml';
    for (let hops = 0; url && hops < 10; hops++) {
      const xml = await (await get(new URL(url).pathname)).text();
      for (const m of xml.matchAll(/<entry[^>]*>[\s\S]*?<id>([^<]+)<\/id>/g)) atomIds.add(m[1]!);
      url = /<link rel="prev-archive" href="([^"]+)"\/>/.exec(xml)?.[1];
    }
    expect([...atomIds].sort()).toEqual(expected);
    const jsonIds = new Set<string>();
    let next: string | undefined = 'https://herald.example.org/feed.json';
    for (let hops = 0; next && hops < 10; hops++) {
      const feed = (await (await get(new URL(next).pathname)).json()) as { items: { id: string }[]; next_url?: string };
      for (const item of feed.items) jsonIds.add(item.id);
      next = feed.next_url;
    }
    expect([...jsonIds].sort()).toEqual(expected);
  });

  it('drops a month’s archived feed when one of its reports changes', async () => {
    const { aug1 } = await seedArchive();
    const before = await (await get('/archive/2022/08/atom.xml')).text();
    expect(before).toContain('August workshop');
    await api('PUT', `/reports/${aug1.slug}`, { title: 'August workshop, revised', body: 'Revised.', published: aug1.published, topics: aug1.topics });
    const after = await (await get('/archive/2022/08/atom.xml')).text();
    expect(after).toContain('August workshop, revised');
  });
});

describe('reindexing reports stored before the archive existed', () => {
  it('rebuilds the month keys of every report', async () => {
    await seedArchive();
    const listed = await env.REPORTS.list({ prefix: 'month:' });
    const periods = await env.REPORTS.list({ prefix: 'period:' });
    await Promise.all([...listed.keys, ...periods.keys].map((key) => env.REPORTS.delete(key.name)));
    forgetRendered();
    expect((await get('/archive/2022/08')).status).toBe(404);
    const res = await api('POST', '/reindex');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reindexed: 6, next_cursor: null });
    expect(await titles('/archive/2022/08')).toEqual(['August workshop', 'August forum']);
  });
});
