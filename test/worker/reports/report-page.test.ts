import { afterEach, describe, expect, it, vi } from 'vitest';
import workshopEn from '../../../content/reports/2022-08-12-workshop-on-international-rule-of-law-in-cyberspace.md?raw';
import workshopZh from '../../../content/reports/2022-08-12-workshop-on-international-rule-of-law-in-cyberspace.zh.md?raw';
import { isUpcoming, ogLocale, revisedOn } from '../../../src/reports/page.tsx';
import { api, create, get } from '../support/worker.ts';
import { SITE } from '../support/site.ts';
import { postSeed as seed } from './seeds.ts';

const DAY = 86_400_000;
const page = async (slug: string) => (await get(`/reports/${slug}`)).text();
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Every `<meta name|property=… content=…>` of the page, in order, entities decoded. */
function metaTags(html: string): [string, string][] {
  const head = /<head>([\s\S]*?)<\/head>/.exec(html)![1]!;
  return [...head.matchAll(/<meta (?:name|property)="([^"]+)" content="([^"]*)"\/>/g)].map((m) => [
    m[1]!,
    m[2]!.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&'),
  ]);
}
const metaValues = (html: string, name: string) => metaTags(html).filter(([n]) => n === name).map(([, v]) => v);

/** Where each piece of the page starts, or -1. */
const at = (html: string, needle: string) => html.indexOf(needle);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the report page, laid out as a think tank’s', () => {
  it('opens with kicker, headline, standfirst, byline and dates, then the event panel (a closed <details>), the body, topics and "Cite this"', async () => {
    const report = await create({
      title: 'Seminar on due diligence in cyberspace',
      summary: 'Scholars weighed what due diligence asks of states whose networks are used for attacks.',
      authors: [{ name: 'Jane Doe' }, { name: 'John Roe' }, { name: 'Li Wei' }],
      topics: ['due-diligence', 'sovereignty'],
      event: { kind: 'seminar', name: 'Due diligence seminar', start: '2024-01-10', location: { name: 'Luojia Hall', city: 'Wuhan', country: 'China' } },
    });
    const html = await page(report.slug);
    const order = [
      '<p class="report-kicker">Seminar</p>',
      '<h1>Seminar on due diligence in cyberspace</h1>',
      '<p class="report-standfirst">Scholars weighed what due diligence asks of states whose networks are used for attacks.</p>',
      '<p class="report-byline">By Jane Doe, John Roe and Li Wei</p>',
      '<p class="report-dates">',
      '<aside class="event-panel"><details><summary>',
      '<div class="report-body">',
      '<section class="report-topics"',
      '<section class="report-cite"',
    ].map((needle) => [needle, at(html, needle)] as const);
    for (const [needle, index] of order) expect(index, needle).toBeGreaterThan(-1);
    for (let i = 1; i < order.length; i++) expect(order[i]![1], order[i]![0]).toBeGreaterThan(order[i - 1]![1]);
    // Closed: on a phone the panel is one line until opened (the stylesheet shows it beside the text on a wide screen).
    expect(html).not.toMatch(/<details open/);
    expect(html).toContain('<span class="event-panel-label">About the event</span> <span class="event-panel-gist">10 January 2024 · Luojia Hall, Wuhan, China</span>');
    expect(html).toContain('<h2 class="event-panel-title">About the event</h2>');
    // One h1; the event's kind and name, the name not said by the title, are the panel's first row.
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain('<dl class="event-facts"><dt>Seminar</dt><dd>Due diligence seminar</dd><dt>When</dt>');
  });

  it('gives no standfirst when the editor wrote no summary: the body’s first paragraph leads, said once', async () => {
    const slug = await seed(workshopEn);
    const html = await page(slug);
    expect(html).not.toContain('<p class="report-standfirst"');
    // Once on the page a reader sees (the head's description and the JSON-LD say it for machines).
    const visible = html.replace(/<head>[\s\S]*?<\/head>/, '').replace(/<script[\s\S]*?<\/script>/g, '');
    expect(visible.split('On 12th August 2022, the Workshop').length - 1).toBe(1);
    // A report without authors has no byline.
    expect(html).not.toContain('<p class="report-byline"');
  });

  it('says when a report was revised, not when a backdated report was first stored', async () => {
    const report = await create({ title: 'Forum on norms', slug: 'revised-forum', published: '2024-03-01T00:00:00Z' });
    const first = await page(report.slug);
    expect(first).toContain('Published <time datetime="2024-03-01T00:00:00.000Z">1 March 2024</time>');
    expect(first).not.toContain('Updated');
    expect(metaValues(first, 'article:modified_time')).toEqual([]);
    await new Promise((r) => setTimeout(r, 5));
    const res = await api('PUT', `/reports/${report.slug}`, { title: 'Forum on norms', body: 'A revised body.', published: '2024-03-01T00:00:00Z' });
    expect(res.status).toBe(200);
    const updated = ((await res.json()) as { updated: string }).updated;
    const html = await page(report.slug);
    expect(html).toContain(`Updated <time datetime="${updated}">`);
    expect(metaValues(html, 'article:modified_time')).toEqual([updated]);
  });

  it('shows topics by their labels, linking their pages in the page’s language; an uncatalogued one by its name', async () => {
    const report = await create({ topics: ['rule-of-law', 'cyber-attribution', 'space-law'] });
    const html = await page(report.slug);
    expect(html).toContain(`<li><a href="${SITE}/topics/rule-of-law">Rule of law</a></li>`);
    expect(html).toContain(`<li><a href="${SITE}/topics/cyber-attribution">Attribution</a></li>`);
    expect(html).toContain(`<li><a href="${SITE}/topics/space-law">space-law</a></li>`);
    expect(html).not.toContain('#rule-of-law');
  });
});

describe('"Add to calendar"', () => {
  const calendarLinks = (html: string) => html.includes('Add to calendar') && html.includes('/event.ics"') && html.includes('calendar.google.com');

  it('is offered while the event is to come, or under way today, and not once it is over', async () => {
    const now = Date.now();
    const future = await create({ event: { kind: 'forum', name: 'A forum to come', start: isoDay(now + 30 * DAY) } });
    const today = await create({ event: { kind: 'forum', name: 'A forum today', start: isoDay(now) } });
    const running = await create({ event: { kind: 'forum', name: 'A forum under way', start: isoDay(now - 2 * DAY), end: isoDay(now + DAY) } });
    const past = await create({ event: { kind: 'forum', name: 'A forum gone by', start: isoDay(now - 2 * DAY), end: isoDay(now - DAY) } });
    const ended = await create({ event: { kind: 'forum', name: 'A forum that ended an hour ago', start: new Date(now - 3 * 3_600_000).toISOString(), end: new Date(now - 3_600_000).toISOString() } });
    expect(calendarLinks(await page(future.slug))).toBe(true);
    expect(calendarLinks(await page(today.slug))).toBe(true);
    expect(calendarLinks(await page(running.slug))).toBe(true);
    expect(calendarLinks(await page(past.slug))).toBe(false);
    expect(calendarLinks(await page(ended.slug))).toBe(false);
    // The event's facts stay on the page of a past event.
    expect(await page(past.slug)).toContain('<dt>When</dt>');
  });

  it('counts an all-day event to the end of its last day, and a timed one to its end', () => {
    const day = Date.parse('2026-12-01T00:00:00Z');
    expect(isUpcoming({ start: '2026-12-01' }, day + DAY - 1)).toBe(true);
    expect(isUpcoming({ start: '2026-12-01' }, day + DAY)).toBe(false);
    expect(isUpcoming({ start: '2026-12-01T09:00+08:00', end: '2026-12-01T17:00+08:00' }, Date.parse('2026-12-01T08:59:59Z'))).toBe(true);
    expect(isUpcoming({ start: '2026-12-01T09:00+08:00', end: '2026-12-01T17:00+08:00' }, Date.parse('2026-12-01T09:00:01Z'))).toBe(false);
  });

  it('changes the page’s ETag and Last-Modified when the event ends: a cached copy with the links is not confirmed', async () => {
    const now = Date.now();
    const report = await create({ event: { kind: 'forum', name: 'A forum tomorrow', start: isoDay(now + DAY) } });
    const before = await get(`/reports/${report.slug}`);
    const etag = before.headers.get('etag')!;
    expect(calendarLinks(await before.text())).toBe(true);
    expect((await get(`/reports/${report.slug}`, { 'if-none-match': etag })).status).toBe(304);
    // Three days on: the event is over.
    vi.spyOn(Date, 'now').mockReturnValue(now + 3 * DAY);
    const after = await get(`/reports/${report.slug}`, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(calendarLinks(await after.text())).toBe(false);
    expect(Date.parse(after.headers.get('last-modified')!)).toBeGreaterThan(Date.parse(before.headers.get('last-modified')!));
    expect((await get(`/reports/${report.slug}`, { 'if-modified-since': before.headers.get('last-modified')! })).status).toBe(200);
  });
});

describe('the page’s meta tags', () => {
  it('gives search engines and link previews a description, Open Graph and a Twitter card, with the canonical address', async () => {
    const report = await create({
      title: 'Seminar on "cyber" norms & <rules>',
      summary: 'What states owe each other online.',
      topics: ['sovereignty', 'due-diligence'],
      published: '2024-05-06T07:08:09Z',
    });
    const html = await page(report.slug);
    const url = `${SITE}/reports/${report.slug}`;
    expect(html).toContain(`<link rel="canonical" href="${url}"/>`);
    expect(metaValues(html, 'description')).toEqual(['What states owe each other online.']);
    expect(metaValues(html, 'og:type')).toEqual(['article']);
    expect(metaValues(html, 'og:title')).toEqual(['Seminar on "cyber" norms & <rules>']);
    expect(metaValues(html, 'og:description')).toEqual(['What states owe each other online.']);
    expect(metaValues(html, 'og:url')).toEqual([url]);
    expect(metaValues(html, 'og:site_name')).toEqual(['Herald']);
    expect(metaValues(html, 'og:locale')).toEqual(['en_US']);
    expect(metaValues(html, 'article:published_time')).toEqual(['2024-05-06T07:08:09.000Z']);
    expect(metaValues(html, 'article:tag')).toEqual(['Sovereignty in cyberspace', 'Due diligence']);
    expect(metaValues(html, 'twitter:card')).toEqual(['summary']);
    expect(metaValues(html, 'twitter:title')).toEqual(['Seminar on "cyber" norms & <rules>']);
    expect(metaValues(html, 'twitter:description')).toEqual(['What states owe each other online.']);
    // The title's markup characters are escaped in the attribute.
    expect(html).toContain('content="Seminar on &quot;cyber&quot; norms &amp; &lt;rules&gt;"');
  });

  it('cuts a long description, and names each version’s locale', async () => {
    const en = await seed(workshopEn);
    const zh = await seed(workshopZh);
    const zhHtml = await page(zh);
    expect(metaValues(zhHtml, 'og:locale')).toEqual(['zh_CN']);
    expect(metaValues(zhHtml, 'og:locale:alternate')).toEqual(['en_US']);
    expect(metaValues(zhHtml, 'og:site_name')).toEqual(['Herald 网络空间治理报道']);
    expect(metaValues(zhHtml, 'article:tag')).toContain('法治');
    expect(metaValues(await page(en), 'og:locale:alternate')).toEqual(['zh_CN']);
    const long = await create({ title: 'Long', summary: 'A sentence about cyber norms that goes on. '.repeat(20) });
    const [description] = metaValues(await page(long.slug), 'description');
    expect(Array.from(description!).length).toBeLessThanOrEqual(300);
    expect(description!.endsWith('…')).toBe(true);
  });

  it('gives Google Scholar its citation tags: title, each author, date as YYYY/MM/DD, institution, language', async () => {
    const report = await create({ title: 'Workshop on attribution', authors: [{ name: 'Jane Doe' }, { name: 'Zhang San' }], published: '2022-08-12T23:30:00Z', topics: ['cyber-attribution'] });
    const html = await page(report.slug);
    expect(metaValues(html, 'citation_title')).toEqual(['Workshop on attribution']);
    expect(metaValues(html, 'citation_author')).toEqual(['Jane Doe', 'Zhang San']);
    expect(metaValues(html, 'citation_publication_date')).toEqual(['2022/08/12']);
    expect(metaValues(html, 'citation_technical_report_institution')).toEqual(['Herald']);
    expect(metaValues(html, 'citation_language')).toEqual(['en']);
    expect(metaValues(html, 'citation_abstract_html_url')).toEqual([`${SITE}/reports/${report.slug}`]);
    expect(metaValues(html, 'citation_keywords')).toEqual(['Attribution']);
  });

  it('names the institute as the author of a report that names none, in the tags and the citation', async () => {
    const zh = await seed(workshopZh);
    const html = await page(zh);
    // The test site's SITE_AUTHOR (vitest.config.ts / wrangler.toml).
    const [author] = metaValues(html, 'citation_author');
    expect(author).toBeTruthy();
    expect(metaValues(html, 'citation_title')).toEqual(['网络空间国际法治研讨会']);
    expect(metaValues(html, 'citation_language')).toEqual(['zh']);
    expect(metaValues(html, 'citation_technical_report_institution')).toEqual(['Herald 网络空间治理报道']);
    expect(html).toContain(`<p class="report-citation">${author}. 网络空间国际法治研讨会[R/OL]. Herald 网络空间治理报道, 2022-08-12. ${SITE}/reports/${zh}</p>`);
  });
});

describe('helpers of the page', () => {
  it('maps language tags to Open Graph locales', () => {
    expect(ogLocale('en')).toBe('en_US');
    expect(ogLocale('zh-Hans')).toBe('zh_CN');
    expect(ogLocale('fr')).toBe('fr_FR');
    expect(ogLocale('not a tag')).toBeUndefined();
  });

  it('tells a revision from a first storing', () => {
    const published = '2022-08-12T00:00:00.000Z';
    expect(revisedOn({ published, created: '2026-11-01T00:00:00.000Z', updated: '2026-11-01T00:00:00.000Z' })).toBeUndefined();
    expect(revisedOn({ published, created: '2022-08-12T00:00:00.000Z', updated: '2022-08-12T10:00:00.000Z' })).toBeUndefined();
    expect(revisedOn({ published, created: '2022-08-12T00:00:00.000Z', updated: '2022-09-01T10:00:00.000Z' })).toBe('2022-09-01T10:00:00.000Z');
  });
});
