/**
 * Feed validity, end to end: the real Worker (wrangler.toml, bundled by wrangler, run by
 * workerd) is started with empty in-memory KV, reports are published through the admin
 * API, and the feeds it serves are checked with the tools feed readers and validators use:
 * xmllint (well-formedness), the project's own check of RFC 4287 (atom-conformance.ts),
 * RFC 4287's RELAX NG grammar (Appendix B, xmllint), rss-parser and @extractus/feed-extractor
 * (two independent XML parsers, both strict about `&`), and ajv with the JSON Feed 1.1 schema.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { atomConformanceErrors } from './atom-conformance.ts';
import {
  atomGrammarErrors,
  attr,
  child,
  children,
  elementNames,
  extractFeed,
  type ExtractedFeed,
  htmlText,
  isAbsoluteUrl,
  linkHeader,
  linkTargets,
  markupInText,
  text,
  wellFormednessErrors,
  type XmlObject,
} from './feed-tools.ts';
import { ADMIN_TOKEN, type Herald, HUB_URL, SITE_AUTHOR, SITE_URL, startHerald } from './herald.ts';
import {
  ARABIC_PARAGRAPH,
  CDATA_SENTENCE,
  CJK,
  CJK_AUTHOR,
  CJK_PARAGRAPH,
  CJK_TOPIC,
  DRAFT,
  CJK_TITLE,
  EVENT,
  HEBREW_PARAGRAPH,
  HIDDEN_REPORTS,
  HOSTILE_AUTHOR,
  HOSTILE,
  HOSTILE_SUMMARY,
  HOSTILE_TITLE,
  LARGE,
  LARGE_END,
  NO_AUTHORS,
  PUBLIC_REPORTS,
  type ReportInput,
  RTL,
  RTL_AUTHOR,
  RTL_TITLE,
  SCRIPT_TEXT,
  SEMINAR,
  SEMINAR_IMAGE,
  SEMINAR_PDF,
  SCRIPT_TITLE,
  TOPIC,
} from './reports.ts';

/** A feed's scope: where its files are, and which reports it must list. */
interface Scope {
  name: string;
  base: string;
  reports: ReportInput[];
}

const SCOPES: Scope[] = [
  { name: 'main', base: '', reports: PUBLIC_REPORTS },
  { name: `topic "${TOPIC}"`, base: `/topics/${TOPIC}`, reports: PUBLIC_REPORTS.filter((r) => r.topics.includes(TOPIC)) },
  { name: `topic "${CJK_TOPIC}"`, base: `/topics/${encodeURIComponent(CJK_TOPIC)}`, reports: PUBLIC_REPORTS.filter((r) => r.topics.includes(CJK_TOPIC)) },
];

const FILES = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' } as const;
type Format = keyof typeof FILES;
const MEDIA_TYPES: Record<Format, string> = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' };

const pathOf = (scope: Scope, format: Format) => `${scope.base}/${FILES[format]}`;
const reportUrl = (slug: string) => `${SITE_URL}/reports/${slug}`;
const newestFirst = (reports: ReportInput[]) => [...reports].sort((a, b) => Date.parse(b.published) - Date.parse(a.published));

interface JsonFeedItem {
  id: string;
  url?: string;
  title?: string;
  summary?: string;
  content_html?: string;
  date_published?: string;
  date_modified?: string;
  language?: string;
  authors?: { name: string; url?: string }[];
}
interface JsonFeed {
  version: string;
  feed_url?: string;
  hubs?: { type: string; url: string }[];
  authors?: { name: string }[];
  items: JsonFeedItem[];
}

interface RssParserItem {
  'content:encoded'?: string;
  enclosure?: { url: string; length?: string; type?: string };
  author?: string;
  creator?: string;
  summary?: string;
  id?: string;
}

const rssParser = new Parser<Record<string, unknown>, RssParserItem>();
type RssParserFeed = Awaited<ReturnType<typeof rssParser.parseString>>;

const jsonFeedSchema: object = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('jsonfeed-schema/schema-v1.1.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validateJsonFeed = ajv.compile(jsonFeedSchema);

let herald: Herald;
/** The id the API gave each report when it was stored. */
const ids = new Map<string, string>();

interface Served {
  path: string;
  /** The URL the feed is published at: SITE_URL plus the path it was fetched from. */
  url: string;
  status: number;
  headers: Headers;
  body: string;
}

async function fetchFeed(path: string, init?: RequestInit): Promise<Served> {
  const response = await herald.fetch(path, init);
  return { path, url: herald.publicUrl(path), status: response.status, headers: response.headers, body: await response.text() };
}

function memo<T>(compute: (path: string) => Promise<T>): (path: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (path) => {
    let value = cache.get(path);
    if (!value) {
      value = compute(path);
      cache.set(path, value);
    }
    return value;
  };
}

/** Each feed fetched once and parsed once, for the tests that only read it. */
const served = memo((path) => fetchFeed(path));
const extracted = memo(async (path): Promise<ExtractedFeed> => extractFeed((await served(path)).body));
const parsedByRssParser = memo(async (path): Promise<RssParserFeed> => rssParser.parseString((await served(path)).body));
const jsonFeed = memo(async (path): Promise<JsonFeed> => JSON.parse((await served(path)).body) as JsonFeed);

beforeAll(async () => {
  herald = await startHerald();
  for (const report of [...PUBLIC_REPORTS, ...HIDDEN_REPORTS]) {
    const response = await herald.postReport(report);
    const stored = (await response.json()) as { id?: string; slug?: string };
    if (response.status !== 201 || !stored.id) throw new Error(`publishing ${report.slug} failed: ${response.status} ${JSON.stringify(stored)}`);
    ids.set(report.slug, stored.id);
  }
});

afterAll(async () => {
  await herald?.dispose();
});

function expectServedAs(feed: Served, format: Format): void {
  expect(feed.status).toBe(200);
  expect(feed.headers.get('content-type')).toMatch(new RegExp(`^${MEDIA_TYPES[format].replace(/[+.]/g, '\\$&')};\\s*charset=utf-8$`, 'i'));
  const links = linkHeader(feed.headers.get('link'));
  expect(links.get('hub')).toEqual([HUB_URL]);
  expect(links.get('self')).toEqual([feed.url]);
}

describe.each(SCOPES)('the $name Atom feed', (scope) => {
  const path = pathOf(scope, 'atom');
  const entries = async () => (await extracted(path)).items;

  it('is served as application/atom+xml; charset=utf-8, announcing its hub and itself in the Link header', async () => {
    expectServedAs(await served(path), 'atom');
  });

  it('is well-formed XML and conforms to Atom (RFC 4287: its RELAX NG grammar and the rest)', async () => {
    const { body } = await served(path);
    expect(await wellFormednessErrors(body, 'atom.xml')).toEqual([]);
    expect(await atomGrammarErrors(body, 'atom.xml')).toEqual([]);
    expect(atomConformanceErrors(body)).toEqual([]);
  });

  it('lists exactly the public reports of its scope, newest first, under the ids the API gave them', async () => {
    const expected = newestFirst(scope.reports);
    const items = await entries();
    expect(items.map((entry) => attr(child(entry, 'link'), 'href'))).toEqual(expected.map((r) => reportUrl(r.slug)));
    expect(items.map((entry) => text(child(entry, 'id')))).toEqual(expected.map((r) => ids.get(r.slug)));
  });

  it('gives every entry an absolute URI as id (tag: or http), unique within the feed', async () => {
    const entryIds = (await entries()).map((entry) => text(child(entry, 'id')) ?? '');
    for (const id of entryIds) {
      expect(id).toMatch(/^(tag:|https?:\/\/)/);
      expect(isAbsoluteUrl(id), id).toBe(true);
    }
    expect(new Set(entryIds).size).toBe(entryIds.length);
  });

  it('gives every entry its own updated time, never before it was published', async () => {
    const items = await entries();
    const updated = items.map((entry) => text(child(entry, 'updated')) ?? '');
    expect(new Set(updated).size).toBe(items.length);
    for (const [i, entry] of items.entries()) {
      expect(Date.parse(updated[i]!)).toBeGreaterThanOrEqual(Date.parse(text(child(entry, 'published')) ?? ''));
    }
  });

  it('names an author for the feed, which covers entries that name none', async () => {
    const { root } = await extracted(path);
    expect(children(root, 'author').map((a) => text(child(a, 'name')))).toEqual([SITE_AUTHOR]);
  });

  it('links to itself at the URL it is served from, and to the WebSub hub', async () => {
    const { root } = await extracted(path);
    const links = children(root, 'link');
    expect(links.filter((l) => attr(l, 'rel') === 'self').map((l) => attr(l, 'href'))).toEqual([(await served(path)).url]);
    expect(links.filter((l) => attr(l, 'rel') === 'hub').map((l) => attr(l, 'href'))).toEqual([HUB_URL]);
    expect(text(child(root, 'id'))).toBe(scope.base ? `${SITE_URL}${scope.base}` : `${SITE_URL}/`);
  });

  it('is read by rss-parser with every entry linked to its report page', async () => {
    const feed = await parsedByRssParser(path);
    expect(feed.items.map((item) => item.link)).toEqual(newestFirst(scope.reports).map((r) => reportUrl(r.slug)));
  });
});

describe.each(SCOPES)('the $name RSS feed', (scope) => {
  const path = pathOf(scope, 'rss');
  const items = async () => (await extracted(path)).items;

  it('is served as application/rss+xml; charset=utf-8, announcing its hub and itself in the Link header', async () => {
    expectServedAs(await served(path), 'rss');
  });

  it('is well-formed XML', async () => {
    expect(await wellFormednessErrors((await served(path)).body, 'feed.xml')).toEqual([]);
  });

  it('is read by rss-parser and by @extractus/feed-extractor, both seeing every public report', async () => {
    const expectedLinks = newestFirst(scope.reports).map((r) => reportUrl(r.slug));
    expect((await parsedByRssParser(path)).items.map((item) => item.link)).toEqual(expectedLinks);
    expect((await extracted(path)).entries.map((entry) => entry.link)).toEqual(expectedLinks);
  });

  it('names its own URL in atom:link rel="self", and the WebSub hub in atom:link rel="hub"', async () => {
    const { root } = await extracted(path);
    const links = children(root, 'atom:link');
    expect(links.filter((l) => attr(l, 'rel') === 'self').map((l) => attr(l, 'href'))).toEqual([(await served(path)).url]);
    expect(links.filter((l) => attr(l, 'rel') === 'hub').map((l) => attr(l, 'href'))).toEqual([HUB_URL]);
  });

  it('gives every item a permanent guid, an absolute link, its publication date and its HTML content', async () => {
    const expected = newestFirst(scope.reports);
    const all = await items();
    expect(all).toHaveLength(expected.length);
    for (const [i, item] of all.entries()) {
      const report = expected[i]!;
      expect(text(child(item, 'guid'))).toBe(ids.get(report.slug));
      expect(attr(child(item, 'guid'), 'isPermaLink')).toBe('false');
      expect(text(child(item, 'link'))).toBe(reportUrl(report.slug));
      expect(Date.parse(text(child(item, 'pubDate')) ?? '')).toBe(Date.parse(report.published));
      expect(text(child(item, 'content:encoded'))?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it('has no <author> that is not an e-mail address, and names authors with dc:creator instead', async () => {
    const expected = newestFirst(scope.reports);
    for (const [i, item] of (await items()).entries()) {
      for (const author of children(item, 'author')) expect(text(author)).toMatch(/^[^\s@]+@[^\s@]+\.[^\s@]+(\s\(.*\))?$/);
      const names = expected[i]!.authors?.map((a) => a.name) ?? [];
      expect(children(item, 'dc:creator').map(text)).toEqual(names.length > 0 ? names : [SITE_AUTHOR]);
    }
  });
});

describe.each(SCOPES)('the $name JSON Feed', (scope) => {
  const path = pathOf(scope, 'json');

  it('is served as application/feed+json; charset=utf-8, announcing its hub and itself in the Link header', async () => {
    expectServedAs(await served(path), 'json');
  });

  it('is valid against the JSON Feed 1.1 schema and declares version 1.1', async () => {
    const feed = await jsonFeed(path);
    const valid = validateJsonFeed(feed);
    expect(validateJsonFeed.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
  });

  it('names its own URL as feed_url and lists the WebSub hub in hubs', async () => {
    const feed = await jsonFeed(path);
    expect(feed.feed_url).toBe((await served(path)).url);
    expect(feed.hubs?.map((hub) => hub.url)).toEqual([HUB_URL]);
  });

  it('gives every item its id, absolute url, HTML content and both dates', async () => {
    const expected = newestFirst(scope.reports);
    const { items } = await jsonFeed(path);
    expect(items.map((item) => item.id)).toEqual(expected.map((r) => ids.get(r.slug)));
    for (const [i, item] of items.entries()) {
      const report = expected[i]!;
      expect(item.url).toBe(reportUrl(report.slug));
      expect(item.content_html?.length ?? 0).toBeGreaterThan(0);
      expect(Date.parse(item.date_published ?? '')).toBe(Date.parse(report.published));
      expect(Date.parse(item.date_modified ?? '')).toBeGreaterThanOrEqual(Date.parse(report.published));
    }
  });
});

/** One report as one parser reads it from one feed: text fields decoded as a reader shows them. */
interface ItemView {
  where: string;
  title: string;
  summary: string;
  contentHtml: string;
  authors: string[];
}

function itemIn<T>(list: T[], linkOf: (item: T) => string | undefined, slug: string, where: string): T {
  const found = list.find((item) => linkOf(item) === reportUrl(slug));
  if (!found) throw new Error(`${slug} is missing from ${where}`);
  return found;
}

/** How each parser reads `report` from each feed (main, and its topic's) in each format. */
async function viewsOf(report: ReportInput): Promise<ItemView[]> {
  const views: ItemView[] = [];
  for (const scope of SCOPES.filter((s) => s.reports.includes(report))) {
    const rss = pathOf(scope, 'rss');
    const atom = pathOf(scope, 'atom');
    const json = pathOf(scope, 'json');

    // RSS and Atom carry titles and summaries as HTML (type="html" in Atom): a reader decodes them.
    const rssItem = itemIn((await extracted(rss)).items, (i) => text(child(i, 'link')), report.slug, rss);
    views.push({
      where: `${rss} (feed-extractor)`,
      title: htmlText(text(child(rssItem, 'title')) ?? ''),
      summary: htmlText(text(child(rssItem, 'description')) ?? ''),
      contentHtml: text(child(rssItem, 'content:encoded')) ?? '',
      authors: children(rssItem, 'dc:creator').map((c) => text(c) ?? ''),
    });
    const rssParsed = itemIn((await parsedByRssParser(rss)).items, (i) => i.link, report.slug, rss);
    views.push({
      where: `${rss} (rss-parser)`,
      title: htmlText(rssParsed.title ?? ''),
      summary: htmlText(rssParsed.content ?? ''),
      contentHtml: rssParsed['content:encoded'] ?? '',
      authors: rssParsed.creator ? [rssParsed.creator] : [],
    });

    // An Atom entry that names no author has the feed's (RFC 4287, 4.2.1).
    const atomFeed = await extracted(atom);
    const atomAuthors = (node: XmlObject) => children(node, 'author').map((a) => text(child(a, 'name')) ?? '');
    const atomEntry = itemIn(atomFeed.items, (e) => attr(child(e, 'link'), 'href'), report.slug, atom);
    expect(attr(child(atomEntry, 'title'), 'type')).toBe('html');
    expect(attr(child(atomEntry, 'summary'), 'type')).toBe('html');
    expect(attr(child(atomEntry, 'content'), 'type')).toBe('html');
    const entryAuthors = atomAuthors(atomEntry);
    views.push({
      where: `${atom} (feed-extractor)`,
      title: htmlText(text(child(atomEntry, 'title')) ?? ''),
      summary: htmlText(text(child(atomEntry, 'summary')) ?? ''),
      contentHtml: text(child(atomEntry, 'content')) ?? '',
      authors: entryAuthors.length > 0 ? entryAuthors : atomAuthors(atomFeed.root),
    });
    const atomParsed = itemIn((await parsedByRssParser(atom)).items, (i) => i.link, report.slug, atom);
    views.push({
      where: `${atom} (rss-parser)`,
      title: htmlText(atomParsed.title ?? ''),
      summary: htmlText(atomParsed.summary ?? ''),
      contentHtml: atomParsed.content ?? '',
      authors: atomParsed.author ? [atomParsed.author] : atomAuthors(atomFeed.root),
    });

    const feed = await jsonFeed(json);
    const jsonItem = itemIn(feed.items, (i) => i.url, report.slug, json);
    views.push({
      where: json,
      title: jsonItem.title ?? '',
      summary: jsonItem.summary ?? '',
      contentHtml: jsonItem.content_html ?? '',
      authors: (jsonItem.authors ?? feed.authors ?? []).map((a) => a.name),
    });
  }
  return views;
}

describe('report content in every feed format', () => {
  it('shows a title made of markup, an ampersand and "]]>" exactly as typed', async () => {
    for (const view of await viewsOf(HOSTILE)) expect(view.title, view.where).toBe(HOSTILE_TITLE);
  });

  it('shows a summary containing a literal "&amp;" and tags exactly as typed', async () => {
    for (const view of await viewsOf(HOSTILE)) expect(view.summary, view.where).toBe(HOSTILE_SUMMARY);
  });

  it('shows an author name containing a literal "&amp;", "&" and "<Team>" exactly as typed', async () => {
    for (const view of await viewsOf(HOSTILE)) {
      // rss-parser keeps only the first dc:creator or Atom author of an item.
      if (view.where.includes('rss-parser')) expect(view.authors, view.where).toEqual(['Ada Example']);
      else expect(view.authors, view.where).toEqual(['Ada Example', HOSTILE_AUTHOR]);
    }
  });

  it('keeps every "]]>" of a body as text', async () => {
    for (const view of await viewsOf(HOSTILE)) {
      expect(htmlText(view.contentHtml), view.where).toContain(CDATA_SENTENCE);
      expect(htmlText(view.contentHtml), view.where).toContain('<script>alert("in code")</script> ]]>');
    }
  });

  it('shows a <script> in a body as text, and never as a script element', async () => {
    for (const view of await viewsOf(HOSTILE)) {
      expect(view.contentHtml, view.where).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(elementNames(view.contentHtml).has('script'), view.where).toBe(false);
      expect(htmlText(view.contentHtml), view.where).toContain(`Someone pasted ${SCRIPT_TEXT} into the report.`);
    }
  });

  it('reads "&amp;" in Markdown prose as "&", and keeps it literal inside code', async () => {
    for (const view of await viewsOf(HOSTILE)) {
      expect(htmlText(view.contentHtml), view.where).toContain('In prose AT&T is an entity; in code &amp; stays as typed.');
    }
  });

  it('turns relative links and images into absolute URLs on the site', async () => {
    for (const view of await viewsOf(HOSTILE)) {
      const targets = linkTargets(view.contentHtml);
      expect(targets, view.where).toContain(`${SITE_URL}/agenda`);
      // Resolved against the report's page, /reports/<slug> (no trailing slash), as a browser would.
      expect(targets, view.where).toContain(`${SITE_URL}/reports/img/a.png`);
    }
  });

  it('has only absolute link and image URLs in every item of every feed', async () => {
    for (const report of PUBLIC_REPORTS) {
      for (const view of await viewsOf(report)) {
        for (const target of linkTargets(view.contentHtml)) {
          expect(isAbsoluteUrl(target), `${target} in ${view.where}`).toBe(true);
          expect(target, view.where).toMatch(/^(https?:|mailto:)/);
        }
      }
    }
  });

  it('carries Chinese text and emoji unchanged', async () => {
    const views = await viewsOf(CJK);
    expect(views.length).toBe(15);
    for (const view of views) {
      expect(view.title, view.where).toBe(CJK_TITLE);
      expect(htmlText(view.contentHtml), view.where).toContain(CJK_PARAGRAPH);
      expect(view.authors, view.where).toContain(CJK_AUTHOR);
    }
  });

  it('carries right-to-left Arabic and Hebrew text and emoji unchanged', async () => {
    for (const view of await viewsOf(RTL)) {
      expect(view.title, view.where).toBe(RTL_TITLE);
      expect(htmlText(view.contentHtml), view.where).toContain(ARABIC_PARAGRAPH);
      expect(htmlText(view.contentHtml), view.where).toContain(HEBREW_PARAGRAPH);
      expect(view.authors, view.where).toContain(RTL_AUTHOR);
      expect(view.contentHtml, view.where).toMatch(/^<div lang="ar" dir="auto">/);
    }
  });

  it('credits the site as author of a report that names none', async () => {
    for (const view of await viewsOf(NO_AUTHORS)) expect(view.authors, view.where).toEqual([SITE_AUTHOR]);
  });

  it('shows the facts of an event (when, where, who, speakers as name, role and affiliation) at the top of its content, its name not again', async () => {
    for (const view of await viewsOf(EVENT)) {
      const shown = htmlText(view.contentHtml);
      // The title ("World Internet Conference, Wuzhen Summit 2026") says the event's name already.
      expect(shown, view.where).not.toContain('World Internet Conference Wuzhen Summit');
      expect(shown, view.where).toContain('9–11 May 2026');
      expect(view.contentHtml, view.where).toMatch(/Amina Example<\/strong><br\s*\/?><span class="speaker-role">keynote<\/span><br\s*\/?><span class="speaker-affiliation">Example University</);
      expect(view.authors, view.where).toContain('Grace Hopper Example');
    }
  });

  it('delivers a report of about 900 KB whole', async () => {
    const views = await viewsOf(LARGE);
    expect(views.length).toBe(5);
    for (const view of views) {
      expect(view.contentHtml.length, view.where).toBeGreaterThan(900 * 1024);
      expect(htmlText(view.contentHtml).trimEnd(), view.where).toMatch(new RegExp(`${LARGE_END.replace('.', '\\.')}$`));
    }
  });
});

describe('attachments (a PDF and an image) in every feed format', () => {
  const seminarUrl = reportUrl(SEMINAR.slug);

  it('RSS encloses the first PDF, the image coming first notwithstanding, and rss-parser reads it', async () => {
    const item = itemIn((await extracted('/feed.xml')).items, (i) => text(child(i, 'link')), SEMINAR.slug, '/feed.xml');
    const enclosures = children(item, 'enclosure');
    expect(enclosures).toHaveLength(1);
    expect([attr(enclosures[0], 'url'), attr(enclosures[0], 'length'), attr(enclosures[0], 'type')]).toEqual([SEMINAR_PDF.url, String(SEMINAR_PDF.length), 'application/pdf']);
    const parsed = itemIn((await parsedByRssParser('/feed.xml')).items, (i) => i.link, SEMINAR.slug, '/feed.xml');
    expect(parsed.enclosure).toEqual({ url: SEMINAR_PDF.url, length: String(SEMINAR_PDF.length), type: 'application/pdf' });
    // Every other item encloses nothing.
    const others = (await extracted('/feed.xml')).items.filter((i) => text(child(i, 'link')) !== seminarUrl);
    for (const other of others) expect(children(other, 'enclosure')).toEqual([]);
  });

  it('Atom links each as an enclosure with its type, length and title, read back exactly as given', async () => {
    const entry = itemIn((await extracted('/atom.xml')).items, (e) => attr(child(e, 'link'), 'href'), SEMINAR.slug, '/atom.xml');
    const enclosures = children(entry, 'link').filter((l) => attr(l, 'rel') === 'enclosure');
    expect(enclosures.map((l) => [attr(l, 'href'), attr(l, 'type'), attr(l, 'length'), attr(l, 'title')])).toEqual(
      [SEMINAR_IMAGE, SEMINAR_PDF].map((a) => [a.url, a.type, String(a.length), a.title]),
    );
  });

  it('JSON Feed lists each as an attachment (url, mime_type, title, size_in_bytes)', async () => {
    const item = itemIn((await jsonFeed('/feed.json')).items, (i) => i.url, SEMINAR.slug, '/feed.json') as JsonFeedItem & { attachments?: unknown[] };
    expect(item.attachments).toEqual([SEMINAR_IMAGE, SEMINAR_PDF].map((a) => ({ url: a.url, mime_type: a.type, title: a.title, size_in_bytes: a.length })));
  });
});

describe('drafts and scheduled reports', () => {
  it('appear in no feed', async () => {
    const hidden = HIDDEN_REPORTS.map((r) => ids.get(r.slug));
    for (const scope of SCOPES) {
      const bodies = await Promise.all((Object.keys(FILES) as Format[]).map(async (format) => (await served(pathOf(scope, format))).body));
      for (const body of bodies) for (const id of hidden) expect(body).not.toContain(id);
    }
  });
});

describe('caching', () => {
  it.each(SCOPES.flatMap((scope) => (Object.keys(FILES) as Format[]).map((format) => pathOf(scope, format))))(
    '%s gives the same bytes and ETag on every fetch, and 304 to a reader that has them',
    async (path) => {
      const first = await fetchFeed(path);
      const second = await fetchFeed(path);
      expect(first.status).toBe(200);
      // Node's fetch asks for gzip: the compressed representation carries the weak form of the ETag.
      expect(first.headers.get('content-encoding')).toBe('gzip');
      expect(first.headers.get('etag')).toMatch(/^W\/"[^"]+"$/);
      expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
      expect(second.body).toBe(first.body);
      const conditional = await fetchFeed(path, { headers: { 'if-none-match': first.headers.get('etag') ?? '' } });
      expect(conditional.status).toBe(304);
      expect(conditional.body).toBe('');
    },
  );

  it('rebuilds a feed whose reports did not change (a new draft) to the same bytes and ETag', async () => {
    const paths = SCOPES.slice(0, 2).flatMap((scope) => (Object.keys(FILES) as Format[]).map((format) => pathOf(scope, format)));
    const before = await Promise.all(paths.map((path) => fetchFeed(path)));
    // Storing a report drops the rendered copies of its scopes; a draft changes none of them.
    const draft = await herald.postReport({ ...DRAFT, slug: 'second-draft', title: 'Second draft', topics: [TOPIC] });
    expect(draft.status).toBe(201);
    const after = await Promise.all(paths.map((path) => fetchFeed(path)));
    for (const [i, feed] of after.entries()) {
      expect(feed.headers.get('etag'), feed.path).toBe(before[i]!.headers.get('etag'));
      expect(feed.headers.get('last-modified'), feed.path).toBe(before[i]!.headers.get('last-modified'));
      expect(feed.body, feed.path).toBe(before[i]!.body);
    }
  });
});

describe('the admin API', () => {
  it('refuses a title with a control character (400 naming "title"), stores nothing and leaves the feeds as they were', async () => {
    const auth = { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } };
    const listSlugs = async () => ((await (await herald.fetch('/api/reports?limit=1000', auth)).json()) as { reports: { slug: string }[] }).reports.map((r) => r.slug);
    const slugsBefore = await listSlugs();
    const feedBefore = await fetchFeed('/atom.xml');

    const response = await herald.postReport({ ...NO_AUTHORS, slug: 'control-character-check', title: 'Bad \u0001 title', published: '2026-02-02T08:00:00Z' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { errors?: { field: string; message: string }[] };
    expect(problem.errors?.map((e) => e.field)).toContain('title');

    expect((await herald.fetch('/api/reports/control-character-check', auth)).status).toBe(404);
    expect(slugsBefore).toEqual(expect.arrayContaining(PUBLIC_REPORTS.map((r) => r.slug)));
    expect(await listSlugs()).toEqual(slugsBefore);
    const feedAfter = await fetchFeed('/atom.xml');
    expect(feedAfter.headers.get('etag')).toBe(feedBefore.headers.get('etag'));
    expect(feedAfter.body).toBe(feedBefore.body);
  });

  it('tells the WebSub hub about every feed a published report appears in', async () => {
    await vi.waitFor(
      () => {
        const urls = herald.outbound
          .filter((r) => r.method === 'POST' && r.url === HUB_URL)
          .flatMap((r) => {
            const form = new URLSearchParams(r.body);
            return form.get('hub.mode') === 'publish' ? form.getAll('hub.url') : [];
          });
        for (const scope of SCOPES) for (const format of Object.keys(FILES) as Format[]) expect(urls).toContain(herald.publicUrl(pathOf(scope, format)));
      },
      { timeout: 5_000, interval: 100 },
    );
  });
});

describe('text that looks like markup (the W3C validator\'s "should not contain HTML")', () => {
  const months = [...new Set(PUBLIC_REPORTS.map((r) => new Date(r.published).toISOString().slice(0, 7)))];
  const feeds = [
    ...SCOPES.flatMap((scope) => [pathOf(scope, 'rss'), pathOf(scope, 'atom')]),
    ...months.map((month) => `/archive/${month.replace('-', '/')}/atom.xml`),
  ];

  it('is found by the rule as the validator states it (a title with an entity, a name with an end tag)', () => {
    expect(markupInText('<item><title><![CDATA[&lt;b&gt;bold]]></title></item>', true)).toHaveLength(1);
    expect(markupInText('<author><name>A &lt;/b&gt; B</name></author>', false)).toHaveLength(1);
    expect(markupInText('<item><title>&#x26;lt;b&#x26;gt;bold</title></item>', true)).toEqual([]);
    expect(markupInText('<link rel="enclosure" href="x" title="Slide &lt;/b&gt;"/>', false)).toHaveLength(1);
    expect(markupInText('<link rel="enclosure" href="x" title="AT&amp;T &amp;copy;"/>', false)).toHaveLength(1);
    expect(markupInText('<link rel="enclosure" href="x" title="AT&#x26;T &#x26;copy;"/>', false)).toEqual([]);
  });

  it.each(feeds)('is written in %s so that no title, name, category or link title reads as markup', async (path) => {
    const feed = await served(path);
    expect(feed.status).toBe(200);
    expect(markupInText(feed.body, path.endsWith('feed.xml'))).toEqual([]);
  });

  it('still shows a title made only of markup-like text exactly as typed, in RSS and Atom', async () => {
    const rss = await parsedByRssParser('/feed.xml');
    expect(rss.items.map((item) => htmlText(item.title ?? ''))).toContain(SCRIPT_TITLE);
    const atom = (await extracted('/atom.xml')).items.map((entry) => htmlText(text(child(entry, 'title')) ?? ''));
    expect(atom).toContain(SCRIPT_TITLE);
  });
});

describe('the archived monthly Atom feeds (RFC 5005)', () => {
  const months = [...new Set(PUBLIC_REPORTS.map((r) => new Date(r.published).toISOString().slice(0, 7)))].sort();

  it('are well-formed and conform to Atom (RFC 4287), one per month with a report', async () => {
    for (const month of months) {
      const feed = await served(`/archive/${month.replace('-', '/')}/atom.xml`);
      expect(feed.status, month).toBe(200);
      expect(await wellFormednessErrors(feed.body, `${month}.xml`)).toEqual([]);
      expect(await atomGrammarErrors(feed.body, `${month}.xml`), month).toEqual([]);
      expect(atomConformanceErrors(feed.body), month).toEqual([]);
    }
  });

  it('lead from the main feed back to the first report, each entry once per month', async () => {
    const seen = new Set<string>();
    let path: string | undefined = '/atom.xml';
    const visited: string[] = [];
    while (path && visited.length <= months.length + 1) {
      visited.push(path);
      const feed = extractFeed((await served(path)).body);
      for (const entry of feed.items) seen.add(text(child(entry, 'id')) ?? '');
      const prev: string | undefined = /<link rel="prev-archive" href="([^"]+)"\/>/.exec((await served(path)).body)?.[1];
      path = prev ? new URL(prev).pathname : undefined;
    }
    expect(visited.slice(1)).toEqual([...months].reverse().map((month) => `/archive/${month.replace('-', '/')}/atom.xml`));
    expect([...seen].sort()).toEqual(PUBLIC_REPORTS.map((r) => ids.get(r.slug)).sort());
  });
});

describe('the Worker', () => {
  it('logged no error while serving all of the above', () => {
    expect(herald.logs.filter((log) => log.level === 'error').map((log) => log.message)).toEqual([]);
  });
});
