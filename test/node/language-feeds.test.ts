/**
 * The feeds of each language, end to end through the real Worker: a report in English and
 * in Chinese (one translation group), an English-only and a Chinese-only report are
 * published, and every feed that holds them (every language's, `/en/`, `/zh/`, and a
 * topic's in each) is checked as feed-validity.test.ts checks the main ones: well-formed
 * XML, the project's RFC 4287 check (translation links included), two independent parsers,
 * the JSON Feed 1.1 schema, no text that reads as markup; and each item's language.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atomConformanceErrors } from './atom-conformance.ts';
import { attr, child, children, extractFeed, markupInText, text, wellFormednessErrors } from './feed-tools.ts';
import { type Herald, SITE_URL, startHerald } from './herald.ts';

const TOPIC = '网络主权';
const T = encodeURIComponent(TOPIC);
const REPORTS = [
  { slug: 'norms-workshop-en', translation_key: 'norms-workshop', title: 'Workshop on norms & "due diligence" in cyberspace', lang: 'en', topics: [TOPIC, 'norms'], published: '2026-03-02T09:00:00Z', body: 'The workshop discussed due diligence.\n\nParticipants agreed to meet again.' },
  { translation_key: 'norms-workshop', title: '网络空间“尽职调查”规范研讨会', lang: 'zh-Hans', topics: [TOPIC, 'norms'], published: '2026-03-02T10:00:00Z', summary: '研讨会讨论了网络空间的尽职调查义务。', body: '研讨会讨论了网络空间的尽职调查义务。\n\n与会者同意再次会面，继续讨论。', authors: [{ name: '李华' }] },
  { slug: 'english-only-forum', title: 'A forum reported in English only', lang: 'en', topics: [TOPIC], published: '2026-01-05T09:00:00Z', body: 'Only in English.' },
  { slug: 'zh-only-lecture', title: '仅以中文报道的讲座', lang: 'zh-Hans', topics: [TOPIC], published: '2026-02-05T09:00:00Z', body: '讲座只以中文报道。', event: { kind: 'lecture', name: '网络主权讲座', start: '2026-02-04', location: { name: '珞珈山庄', city: '武汉', country: '中国' }, organizers: ['武汉大学'], participants: [], speakers: [{ name: '王明', role: '主讲' }] } },
];

/** Each feed, and the titles its items must have (newest first). */
const FEEDS: { base: string; lang: string; titles: string[] }[] = [
  { base: '', lang: 'en', titles: [REPORTS[1]!.title, REPORTS[0]!.title, REPORTS[3]!.title, REPORTS[2]!.title] },
  { base: '/en', lang: 'en', titles: [REPORTS[0]!.title, REPORTS[3]!.title, REPORTS[2]!.title] },
  { base: '/zh', lang: 'zh-Hans', titles: [REPORTS[1]!.title, REPORTS[3]!.title, REPORTS[2]!.title] },
  { base: `/topics/${T}`, lang: 'en', titles: [REPORTS[1]!.title, REPORTS[0]!.title, REPORTS[3]!.title, REPORTS[2]!.title] },
  { base: `/en/topics/${T}`, lang: 'en', titles: [REPORTS[0]!.title, REPORTS[3]!.title, REPORTS[2]!.title] },
  { base: `/zh/topics/${T}`, lang: 'zh-Hans', titles: [REPORTS[1]!.title, REPORTS[3]!.title, REPORTS[2]!.title] },
];

const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validateJsonFeed = ajv.compile(JSON.parse(readFileSync(createRequire(import.meta.url).resolve('jsonfeed-schema/schema-v1.1.json'), 'utf8')) as object);
const rssParser = new Parser();

let herald: Herald;
const slugs: string[] = [];

async function body(path: string): Promise<string> {
  const response = await herald.fetch(path);
  expect(response.status, path).toBe(200);
  return response.text();
}

beforeAll(async () => {
  herald = await startHerald();
  for (const report of REPORTS) {
    const response = await herald.postReport(report);
    if (response.status !== 201) throw new Error(`publishing ${report.title} failed: ${response.status} ${await response.text()}`);
    slugs.push(((await response.json()) as { slug: string }).slug);
  }
});

afterAll(async () => {
  await herald?.dispose();
});

describe.each(FEEDS)('the feeds at $base/', ({ base, lang, titles }) => {
  it('Atom: well-formed, conforms to RFC 4287, entries in their own xml:lang, linked to their other version', async () => {
    const xml = await body(`${base}/atom.xml`);
    expect(await wellFormednessErrors(xml, 'atom.xml')).toEqual([]);
    expect(atomConformanceErrors(xml)).toEqual([]);
    expect(markupInText(xml, false)).toEqual([]);
    const feed = extractFeed(xml);
    expect(attr(feed.root, 'xml:lang')).toBe(lang);
    expect(feed.items.map((entry) => text(child(entry, 'title')))).toEqual(titles.map((t) => t.replace(/&/g, '&amp;').replace(/"/g, '&quot;')));
    for (const entry of feed.items) {
      const own = attr(child(entry, 'link'), 'href')!;
      const alternates = children(entry, 'link').filter((l) => attr(l, 'hreflang'));
      const grouped = own.endsWith('/norms-workshop-en') || own.endsWith(`/${slugs[1]}`);
      expect(alternates.map((l) => [attr(l, 'rel'), attr(l, 'type'), attr(l, 'hreflang')]), own).toEqual(grouped ? [['alternate', 'text/html', own.endsWith('-en') ? 'zh-Hans' : 'en']] : []);
      expect(attr(entry, 'xml:lang')).toMatch(/^(en|zh-Hans)$/);
    }
  });

  it('RSS: well-formed, read by rss-parser, dc:language on exactly the items in another language than the channel', async () => {
    const xml = await body(`${base}/feed.xml`);
    expect(await wellFormednessErrors(xml, 'feed.xml')).toEqual([]);
    expect(markupInText(xml, true)).toEqual([]);
    expect((await rssParser.parseString(xml)).items.map((item) => item.link)).toHaveLength(titles.length);
    const channel = extractFeed(xml).root;
    expect(text(child(channel, 'language'))).toBe(lang);
    for (const item of extractFeed(xml).items) {
      const language = text(child(item, 'dc:language'));
      const isChinese = /[\u4e00-\u9fff]/.test(text(child(item, 'title')) ?? '');
      const itemLang = isChinese ? 'zh-Hans' : 'en';
      expect(language).toBe(itemLang === lang ? undefined : itemLang);
    }
  });

  it('JSON Feed: valid 1.1, in its language, each item with its own', async () => {
    const feed = JSON.parse(await body(`${base}/feed.json`)) as { version: string; language: string; items: { title: string; language: string }[] };
    expect(validateJsonFeed(feed), JSON.stringify(validateJsonFeed.errors)).toBe(true);
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.language).toBe(lang);
    expect(feed.items.map((item) => item.title)).toEqual(titles);
    for (const item of feed.items) expect(item.language).toBe(/[\u4e00-\u9fff]/.test(item.title) ? 'zh-Hans' : 'en');
  });
});

describe('the feed ids', () => {
  it('stay what they were for the feeds of every language, and are distinct per language', async () => {
    const ids = await Promise.all(FEEDS.map(async ({ base }) => text(child(extractFeed(await body(`${base}/atom.xml`)).root, 'id'))));
    expect(ids).toEqual([`${SITE_URL}/`, `${SITE_URL}/en/`, `${SITE_URL}/zh/`, `${SITE_URL}/topics/${T}`, `${SITE_URL}/en/topics/${T}`, `${SITE_URL}/zh/topics/${T}`]);
  });
});
