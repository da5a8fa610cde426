import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import workshopEn from '../../../content/reports/2022-08-12-workshop-on-international-rule-of-law-in-cyberspace.md?raw';
import workshopZh from '../../../content/reports/2022-08-12-workshop-on-international-rule-of-law-in-cyberspace.zh.md?raw';
import forumZh from '../../../content/reports/2017-12-04-international-rules-for-cyberspace-forum-wuzhen-summit.zh.md?raw';
import { parseReportFile } from '../../../src/reports/front-matter.ts';
import type { Report } from '../../../src/reports/schema.ts';
import { api, countingKv, create, get, withEnv } from '../support/worker.ts';
import { SITE } from '../support/site.ts';

/** A seed file's report as the admin API takes it, with overrides. */
function seedInput(text: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const parsed = parseReportFile('seed.md', text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return { ...parsed.input, ...overrides };
}

async function post(input: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await api('POST', '/reports', input);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return res.json();
}

/** The bilingual workshop: both seed versions, stored through the API. */
async function workshopPair(overrides: { en?: Record<string, unknown>; zh?: Record<string, unknown> } = {}) {
  const en = await post(seedInput(workshopEn, overrides.en));
  const zh = await post(seedInput(workshopZh, overrides.zh));
  return { en: en.slug as string, zh: zh.slug as string };
}

const page = async (slug: string) => (await get(`/reports/${slug}`)).text();
const stored = async (slug: string) => (await env.REPORTS.get<Report>(`report:${slug}`, 'json'))!;

function jsonLd(html: string): Record<string, any> {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no JSON-LD in page');
  return JSON.parse(match[1]!);
}

/** The text a reader sees: tags, the head and the JSON-LD gone. */
function visibleText(html: string): string {
  return html
    .replace(/<head>[\s\S]*?<\/head>/, '')
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ');
}

describe('a report page in the report’s own language', () => {
  it('shows a Chinese report with a Chinese interface: labels, dates, lists, speaker rows', async () => {
    const { zh } = await workshopPair();
    expect(zh).toBe('2022-rule-of-law-workshop-zh');
    const html = await page(zh);
    expect(html).toMatch(/^<!doctype html><html lang="zh-Hans">/);
    expect(html).toContain('<article class="report has-event wide" lang="zh-Hans" dir="auto">');
    expect(html).toContain('<p class="report-kicker">研讨会</p>');
    expect(html).toContain('<time datetime="2022-08-12T00:00:00.000Z">2022年8月12日</time>发布');
    for (const label of ['<dt>时间</dt><dd>2022年8月12日</dd>', '<dt>地点</dt><dd>线上</dd>', '<dt>主办单位</dt>', '<dt>参会机构</dt>', '<dt>发言嘉宾</dt>']) {
      expect(html).toContain(label);
    }
    // Institutions are lists, one per line, not a run of names.
    expect(html).toContain('<dt>主办单位</dt><dd><ul><li>武汉大学网络治理研究院</li><li>武汉大学法学院</li><li>武汉大学国际法研究所</li></ul></dd>');
    expect(html).toContain('<dt>参会机构</dt><dd><ul><li>亚非法律协商组织</li><li>俄罗斯国立研究大学高等经济学院</li><li>谢菲尔德大学</li>');
    expect(html).toContain(
      '<li><strong class="speaker-name">黄志雄教授</strong><br><span class="speaker-role">闭幕致辞</span><br><span class="speaker-affiliation">武汉大学法学院副院长、网络治理研究院院长</span></li>',
    );
    // The event's name is the title: the panel does not say it again.
    expect(html).not.toContain('<dt>研讨会</dt>');
    expect(html).toContain('<span class="event-panel-label">活动信息</span> <span class="event-panel-gist">2022年8月12日，线上</span>');
    // The workshop is over: nothing to add to a calendar.
    expect(html).not.toContain('添加到日历');
    // Topic links go to the Chinese topic pages, by label.
    expect(html).toContain(`<a href="${SITE}/zh/topics/rule-of-law">法治</a>`);
    const text = visibleText(html);
    for (const english of ['When', 'Where', 'Organized by', 'Participating institutions', 'Speakers', 'Workshop', 'Published', 'Topics', 'Cite this', 'August', 'Also in', 'Archive', 'Events']) {
      expect(text, english).not.toContain(english);
    }
    const facts = /<dl class="event-facts">[\s\S]*?<\/dl>/.exec(html)![0];
    expect(facts).not.toMatch(/[\p{Script=Han}][;,]/u);
  });

  it('names a forum the Chinese way, and shows its place big to small', async () => {
    const forum = await post(seedInput(forumZh));
    const html = await page(forum.slug);
    expect(html).toContain('<p class="report-kicker">论坛</p>');
    // The title holds the forum's name: no row repeats it.
    expect(html).not.toContain('<dt>论坛</dt>');
    expect(html).toContain('<dt>地点</dt><dd>中国浙江乌镇，第四届世界互联网大会（乌镇峰会）</dd>');
    expect(html).toContain(
      '<li><strong class="speaker-name">黄志雄教授</strong><br><span class="speaker-role">就亚非国家与网络空间国际规则的制定发表演讲</span><br><span class="speaker-affiliation">武汉大学国际法研究所副所长；亚非法律协商组织网络空间国际法工作组特别报告员</span></li>',
    );
    expect(html).toContain('<li><strong class="speaker-name">Wang Meichao</strong><br><span class="speaker-role">在论坛开幕式上致辞</span><br><span class="speaker-affiliation">中央网信办国际合作局副局长</span></li>');
  });

  it('lists each institution whole, a name with commas of its own included, and joins Chinese bylines with 、', async () => {
    const report = await create({
      title: '圆桌会议纪要',
      lang: 'zh-Hans',
      slug: 'roundtable-zh',
      event: {
        kind: 'meeting',
        name: '网络空间治理圆桌会议',
        start: '2023-03-01T14:00+08:00',
        end: '2023-03-01T17:30+08:00',
        location: { name: '珞珈山庄', city: '武汉', country: '中国' },
        organizers: ['武汉大学', '上海社会科学院'],
        participants: ['Law School, Wuhan University', '武汉大学法学院、国际法研究所', '外交部'],
      },
      authors: [{ name: '张三' }, { name: '李四' }],
    });
    const html = await page(report.slug);
    expect(html).toContain('<dt>主办单位</dt><dd><ul><li>武汉大学</li><li>上海社会科学院</li></ul></dd>');
    expect(html).toContain('<dt>参会机构</dt><dd><ul><li>Law School, Wuhan University</li><li>武汉大学法学院、国际法研究所</li><li>外交部</li></ul></dd>');
    expect(html).toContain('<p class="report-byline">作者：张三、李四</p>');
    expect(html).toContain('<dt>时间</dt><dd>2023年3月1日 14:00–17:30（UTC+08:00）</dd>');
    expect(html).toContain('<dt>地点</dt><dd>中国武汉，珞珈山庄</dd>');
    // The title does not hold the meeting's name: the panel names it, after its kind.
    expect(html).toContain('<dl class="event-facts"><dt>会议</dt><dd>网络空间治理圆桌会议</dd><dt>时间</dt>');
  });

  it('joins a Chinese span of days the Chinese way', async () => {
    const report = await create({ title: '论坛', slug: 'span-zh', lang: 'zh-Hans', event: { kind: 'forum', name: '乌镇峰会', start: '2017-12-03', end: '2017-12-05' } });
    expect(await page(report.slug)).toContain('<dt>时间</dt><dd>2017年12月3日至5日</dd>');
  });

  it('keeps an English report’s page in English, and says the workshop’s name once, in the headline', async () => {
    const { en } = await workshopPair();
    const html = await page(en);
    expect(html).toMatch(/^<!doctype html><html lang="en">/);
    expect(html).toContain('<p class="report-kicker">Workshop</p>');
    expect(html).toContain('<h1>Workshop on International Rule of Law in Cyberspace</h1>');
    expect(html).not.toContain('Workshop: Workshop on');
    expect(html).not.toContain('<dt>Workshop</dt>');
    expect(html).toContain('<dt>When</dt><dd>12 August 2022</dd>');
    expect(html).toContain('<dt>Where</dt><dd>Online</dd>');
    expect(html).toContain(
      '<dt>Organized by</dt><dd><ul><li>Research Institute for Cyberspace Governance, Wuhan University</li><li>Law School, Wuhan University</li><li>International Law Institute, Wuhan University</li></ul></dd>',
    );
    expect(html).toContain(
      '<li><strong class="speaker-name">Professor Zhixiong Huang</strong><br><span class="speaker-role">closing remarks</span><br><span class="speaker-affiliation">Vice Dean of the Law School and Director of Research Institute for Cyberspace Governance of Wuhan University</span></li>',
    );
    expect(html).toContain('Published <time datetime="2022-08-12T00:00:00.000Z">12 August 2022</time>');
    // The title once in what a reader sees before the body: the headline (the body's own sentences, and the citation after it, may name the workshop).
    const beforeBody = visibleText(html.slice(0, html.indexOf('<div class="report-body">')));
    expect(beforeBody.split('Workshop on International Rule of Law in Cyberspace').length - 1).toBe(1);
  });

  it('gives a report in a language without a catalogue an English interface, its article keeping its language', async () => {
    const report = await create({ title: 'Colloque sur la souveraineté', lang: 'fr', event: { kind: 'seminar', name: 'Colloque', start: '2023-05-02' } });
    const html = await page(report.slug);
    expect(html).toMatch(/^<!doctype html><html lang="en">/);
    expect(html).toContain('<article class="report has-event wide" lang="fr" dir="auto">');
    expect(html).toContain('<dt>When</dt><dd>2 May 2023</dd>');
  });

  it('names the event.ics calendar in the report’s language', async () => {
    const { en, zh } = await workshopPair();
    // Lines folded at 75 octets are unfolded first (RFC 5545 §3.1).
    const calendar = async (slug: string) => (await (await get(`/reports/${slug}/event.ics`)).text()).replace(/\r\n[ \t]/g, '');
    // The test site's Chinese title is wrangler.toml's SITE_TITLE_ZH.
    expect(await calendar(zh)).toContain('X-WR-CALNAME:Herald 网络空间治理报道：网络空间国际法治研讨会\r\n');
    expect(await calendar(en)).toContain('X-WR-CALNAME:Herald: Workshop on International Rule of Law in Cyberspace\r\n');
  });
});

describe('links between a report’s versions', () => {
  it('links both versions to each other: visible links, reciprocal hreflang with x-default, and the language switch', async () => {
    const { en, zh } = await workshopPair();
    const enUrl = `${SITE}/reports/${en}`;
    const zhUrl = `${SITE}/reports/${zh}`;
    const alternates = [
      `<link rel="alternate" hreflang="en" href="${enUrl}"/>`,
      `<link rel="alternate" hreflang="zh-Hans" href="${zhUrl}"/>`,
      `<link rel="alternate" hreflang="x-default" href="${enUrl}"/>`,
    ];
    const enHtml = await page(en);
    const zhHtml = await page(zh);
    for (const link of alternates) {
      expect(enHtml).toContain(link);
      expect(zhHtml).toContain(link);
    }
    expect(enHtml).toContain(`<p class="translations">Also in: <a href="${zhUrl}" hreflang="zh-Hans" lang="zh-Hans">中文</a></p>`);
    expect(zhHtml).toContain(`<p class="translations">其他语言版本：<a href="${enUrl}" hreflang="en" lang="en">English</a></p>`);
    // The switch goes to the translation, not to the other language's home page.
    expect(enHtml).toMatch(new RegExp(`<nav class="languages"[^>]*><a href="${zhUrl}"`));
    expect(zhHtml).toMatch(new RegExp(`<nav class="languages"[^>]*><a href="${enUrl}"`));
  });

  it('does not link a draft or scheduled translation, and switches to the other language’s home instead', async () => {
    const key = 'draft-pair';
    const en = await create({ title: 'Forum on norms', slug: 'draft-pair-en', translation_key: key });
    await create({ title: '规范论坛', lang: 'zh-Hans', translation_key: key, draft: true });
    for (const html of [await page(en.slug)]) {
      expect(html).not.toContain('hreflang="zh-Hans" href=');
      expect(html).not.toContain('hreflang="x-default"');
      expect(html).not.toContain('class="translations"');
      expect(html).not.toContain('draft-pair-zh');
      expect(html).toMatch(new RegExp(`<nav class="languages"[^>]*><a href="${SITE}/zh/"`));
    }
    await api('PUT', '/reports/draft-pair-zh', { title: '规范论坛', body: '正文。', lang: 'zh-Hans', translation_key: key, published: '2999-01-01' });
    expect(await page(en.slug)).not.toContain('draft-pair-zh');
  });

  it('changes the page’s ETag and Last-Modified when a translation appears, is retitled or is withdrawn', async () => {
    const key = 'etag-pair';
    const en = await create({ title: 'Forum on sovereignty', slug: 'etag-pair-en', translation_key: key, published: '2024-02-01T00:00:00Z' });
    const first = await get(`/reports/${en.slug}`);
    const etags = [first.headers.get('etag')!];
    const modified = [Date.parse(first.headers.get('last-modified')!)];
    const look = async () => {
      const res = await get(`/reports/${en.slug}`);
      etags.push(res.headers.get('etag')!);
      modified.push(Date.parse(res.headers.get('last-modified')!));
      return res;
    };
    // A backdated translation: its own times are older than the English page's.
    const zhInput = { title: '主权论坛', body: '正文。', lang: 'zh-Hans', translation_key: key, published: '2024-01-01T00:00:00Z', slug: 'etag-pair-zh' };
    await new Promise((r) => setTimeout(r, 1100));
    await post(zhInput);
    const withTranslation = await look();
    expect(await withTranslation.text()).toContain('etag-pair-zh');
    expect((await get(`/reports/${en.slug}`, { 'if-none-match': etags[0]! })).status).toBe(200);
    expect((await get(`/reports/${en.slug}`, { 'if-modified-since': first.headers.get('last-modified')! })).status).toBe(200);
    expect((await get(`/reports/${en.slug}`, { 'if-none-match': etags[1]! })).status).toBe(304);

    await new Promise((r) => setTimeout(r, 1100));
    expect((await api('PUT', '/reports/etag-pair-zh', { ...zhInput, title: '关于主权的论坛' })).status).toBe(200);
    await look();
    await new Promise((r) => setTimeout(r, 1100));
    expect((await api('DELETE', '/reports/etag-pair-zh')).status).toBe(204);
    expect(await (await look()).text()).not.toContain('etag-pair-zh');
    // Each step changes the ETag; withdrawn, the page is again what it was with no translation.
    for (let i = 1; i < etags.length; i++) expect(etags[i], `step ${i}`).not.toBe(etags[i - 1]);
    expect(etags[3]).toBe(etags[0]);
    expect((await get(`/reports/${en.slug}`, { 'if-none-match': etags[2]! })).status).toBe(200);
    for (let i = 1; i < modified.length; i++) expect(modified[i]!, `step ${i}`).toBeGreaterThan(modified[i - 1]!);
  });

  it('costs one read without a group, and one listing and one more read with one', async () => {
    const plain = await create({ title: 'A report on its own' });
    const { zh } = await workshopPair();
    for (const [slug, expected] of [[plain.slug, { get: 1, list: 0, put: 0, delete: 0 }], [zh, { get: 2, list: 1, put: 0, delete: 0 }]] as const) {
      const { kv, counts } = countingKv(env.REPORTS);
      expect((await withEnv({ REPORTS: kv }, `/reports/${slug}`)).status).toBe(200);
      expect(counts, slug).toEqual(expected);
    }
  });

  it('says in JSON-LD which language the report is in and where its translations are', async () => {
    const { en, zh } = await workshopPair();
    const ld = jsonLd(await page(zh));
    expect(ld['@type']).toBe('Event');
    expect(ld.inLanguage).toBeUndefined(); // the report's language, not the event's
    expect(ld.subjectOf).toMatchObject({
      '@type': 'Report',
      url: `${SITE}/reports/${zh}`,
      inLanguage: 'zh-Hans',
      workTranslation: [{ '@type': 'Report', url: `${SITE}/reports/${en}`, inLanguage: 'en', name: 'Workshop on International Rule of Law in Cyberspace' }],
    });
  });
});

describe('the event details stored with a report', () => {
  it('stores a Chinese report’s event details in Chinese, and an English one’s in English', async () => {
    const { en, zh } = await workshopPair();
    const zhHtml = (await stored(zh)).rendered!.eventHtml!;
    expect(zhHtml).toContain('<dt>时间</dt><dd>2022年8月12日</dd>');
    expect(zhHtml).not.toMatch(/When|Where|Organized by|Speakers/);
    expect((await stored(en)).rendered!.eventHtml).toContain('<dt>When</dt><dd>12 August 2022</dd>');
  });

  it('renders afresh a rendering stored by an earlier version, and stores the new one at the next save', async () => {
    const { zh } = await workshopPair();
    const report = await stored(zh);
    const old = {
      ...report,
      rendered: { ...report.rendered!, version: report.rendered!.version - 1, eventHtml: '<section class="event"><h2>Workshop: 网络空间国际法治研讨会</h2><dl><dt>When</dt><dd>12 August 2022</dd></dl></section>' },
    };
    const { metadata } = await env.REPORTS.getWithMetadata(`report:${zh}`);
    await env.REPORTS.put(`report:${zh}`, JSON.stringify(old), { metadata });
    const html = await page(zh);
    expect(html).toContain('<dt>时间</dt><dd>2022年8月12日</dd>');
    expect(html).not.toContain('<dt>When</dt>');
    // Saving the same content again stores the current rendering (and changes nothing else).
    const res = await api('PUT', `/reports/${zh}`, seedInput(workshopZh));
    expect(res.status).toBe(200);
    const after = await stored(zh);
    expect(after.rendered!.version).toBe(report.rendered!.version);
    expect(after.rendered!.eventHtml).toContain('<dt>时间</dt>');
    expect(after.updated).toBe(report.updated);
  });
});
