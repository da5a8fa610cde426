import { describe, expect, it } from 'vitest';
import forum from '../../content/reports/2017-12-04-international-rules-for-cyberspace-forum-wuzhen-summit.md?raw';
import workshop from '../../content/reports/2022-08-12-workshop-on-international-rule-of-law-in-cyberspace.md?raw';
import { parseReportFile } from '../../src/content/front-matter.ts';
import { composeDigest, type DigestOptions, matchesPreferences } from '../../src/digest/compose.ts';
import { excerpt } from '../../src/digest/excerpt.ts';
import { fillLinks, HTML_BUDGET_BYTES, renderDigestEmail } from '../../src/digest/render-email.tsx';
import { prepareReport } from '../../src/report/prepare.ts';
import type { ReportInput } from '../../src/report/schema.ts';
import type { PublicReport } from '../../src/store/publications.ts';

const SITE = 'https://herald.example.org';
const NOW = Date.parse('2026-11-23T07:00:00Z');
const OPTIONS: DigestOptions = { siteUrl: SITE, siteTitle: 'Herald', lang: 'en', timeZone: 'UTC', now: NOW, since: NOW - 86_400_000, until: NOW, webUrl: `${SITE}/digest` };

let seq = 0;
async function entry(input: Partial<ReportInput> & { title: string }, slug = `r-${(seq += 1)}`): Promise<PublicReport> {
  const full: ReportInput = { body: 'A body. It has two sentences.', lang: 'en', topics: [], draft: false, authors: [], ...input };
  return { report: await prepareReport(full, null, { now: NOW, siteUrl: SITE, slug }), publicAt: NOW - seq * 1000, seq };
}

async function seed(text: string, name: string): Promise<PublicReport> {
  const parsed = parseReportFile(name, text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return entry(parsed.input as ReportInput & { title: string }, parsed.input.slug ?? name);
}

const segments = (text: string) => [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);

describe('the digest composer', () => {
  it('says what, when, where, who and on what topics for the seed reports', async () => {
    const digest = composeDigest([await seed(workshop, 'workshop'), await seed(forum, 'forum')], OPTIONS);
    expect(digest.subject).toBe('2 new reports: Workshop on International Rule of Law in Cyberspace and 1 more');
    const [first, second] = digest.items;
    expect(first).toMatchObject({ kind: 'event', eventKind: 'Workshop', when: '12 August 2022', where: 'Online', url: `${SITE}/reports/2022-08-12-workshop-on-international-rule-of-law-in-cyberspace` });
    expect(first!.speakers.map((s) => [s.name, s.role])).toContainEqual(['Professor Guo Feng', 'opening address']);
    expect(second).toMatchObject({ eventKind: 'Forum', when: '4 December 2017' });
    expect(second!.organizers).toContain('Wuhan University');
    expect(first!.summary.length).toBeGreaterThan(40);
  });

  it('lists upcoming events first, soonest first, then the rest newest first, and news as news', async () => {
    const later = await entry({ title: 'Conference next year', published: '2026-11-01T00:00:00.000Z', event: { kind: 'conference', name: 'C', start: '2027-03-01', organizers: [], participants: [], speakers: [] } });
    const soon = await entry({ title: 'Seminar next week', published: '2026-10-01T00:00:00.000Z', event: { kind: 'seminar', name: 'S', start: '2026-11-30T09:00+08:00', organizers: [], participants: [], speakers: [] } });
    const old = await entry({ title: 'Old forum', published: '2026-11-20T00:00:00.000Z', event: { kind: 'forum', name: 'F', start: '2026-11-10', organizers: [], participants: [], speakers: [] } });
    const news = await entry({ title: 'An announcement', published: '2026-11-22T00:00:00.000Z' });
    const digest = composeDigest([later, old, news, soon], OPTIONS);
    expect(digest.items.map((i) => i.title)).toEqual(['Seminar next week', 'Conference next year', 'An announcement', 'Old forum']);
    expect(digest.items[2]!.kind).toBe('news');
    // A timed event is shown on the reader's clock.
    expect(digest.items[0]!.when).toBe('30 November 2026 at 01:00');
    expect(composeDigest([soon], { ...OPTIONS, timeZone: 'Asia/Shanghai' }).items[0]!.when).toBe('30 November 2026 at 09:00');
  });

  it('names a single report in the subject', async () => {
    expect(composeDigest([await entry({ title: 'Forum on data' })], OPTIONS).subject).toBe('New report: Forum on data');
  });

  it('cuts summaries after whole sentences, and Chinese, Arabic and emoji text only between graphemes', () => {
    expect(excerpt('One sentence. Two sentences. Three sentences.', 30)).toBe('One sentence. Two sentences.');
    const chinese = '网络空间国际法治研讨会于2022年8月12日在线举行'.repeat(20);
    const cut = excerpt(chinese, 50, 'zh');
    expect(cut.endsWith('…')).toBe(true);
    expect(chinese.startsWith(cut.slice(0, -1))).toBe(true);
    const emoji = '👩🏽‍💻🇨🇳🏳️‍🌈'.repeat(100);
    const emojiCut = excerpt(emoji, 10);
    expect(segments(emojiCut.slice(0, -1)).every((g) => segments('👩🏽‍💻🇨🇳🏳️‍🌈').includes(g))).toBe(true);
    const arabic = 'مؤتمر حوكمة الفضاء الإلكتروني '.repeat(30);
    expect(arabic.startsWith(excerpt(arabic, 40, 'ar').slice(0, -1).trimEnd())).toBe(true);
  });

  it('matches topics (any of) and language (primary subtag too)', async () => {
    const { report } = await entry({ title: 'x', topics: ['data', 'norms'], lang: 'zh-Hans' });
    expect(matchesPreferences(report, { topics: [], lang: null })).toBe(true);
    expect(matchesPreferences(report, { topics: ['norms'], lang: 'zh' })).toBe(true);
    expect(matchesPreferences(report, { topics: ['sovereignty'], lang: null })).toBe(false);
    expect(matchesPreferences(report, { topics: [], lang: 'en' })).toBe(false);
  });
});

describe('the digest email', () => {
  it('escapes report text, carries no script, and fills each subscriber’s links', async () => {
    const hostile = await entry({ title: '<script>alert(1)</script> ]]> & "quotes"', body: '<img src=x onerror=alert(1)> text.' });
    const template = renderDigestEmail(composeDigest([hostile], OPTIONS));
    expect(template.html).not.toContain('<script>alert');
    expect(template.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; &quot;quotes&quot;');
    expect(template.html).not.toMatch(/<img/);
    const filled = fillLinks(template, { unsubscribe: `${SITE}/unsubscribe?token=a.b&x=1`, preferences: `${SITE}/preferences?token=c.d` });
    expect(filled.html).toContain('href="https://herald.example.org/unsubscribe?token=a.b&amp;x=1"');
    expect(filled.text).toContain(`${SITE}/unsubscribe?token=a.b&x=1`);
    expect(filled.html).not.toContain('subscriber.invalid');
    expect(filled.text).toContain(`${SITE}/digests`);
  });

  it('stays under Gmail’s clipping limit with 300 long reports, linking the rest to the web', async () => {
    const reports = [];
    for (let i = 0; i < 300; i += 1) reports.push(await entry({ title: `Long report ${i} ${'on cyber norms '.repeat(15)}`, summary: 'A long summary sentence about governance. '.repeat(20) }));
    const template = renderDigestEmail(composeDigest(reports, OPTIONS));
    const bytes = new TextEncoder().encode(template.html).length;
    expect(bytes).toBeLessThanOrEqual(HTML_BUDGET_BYTES);
    expect(bytes).toBeLessThan(102 * 1024);
    expect(template.html).toMatch(/\d+ more reports on the web/);
    expect(template.html).toContain(`href="${SITE}/digest"`);
  });

  it('renders a real plain-text part: headings, facts on lines, URLs on their own lines', async () => {
    const template = renderDigestEmail(composeDigest([await seed(workshop, 'workshop')], OPTIONS));
    expect(template.text).not.toMatch(/<[a-z]/i);
    expect(template.text).toContain('When: 12 August 2022');
    expect(template.text).toMatch(/\nhttps:\/\/herald\.example\.org\/reports\/2022-08-12-workshop-on-international-rule-of-law-in-cyberspace\n/);
  });
});
