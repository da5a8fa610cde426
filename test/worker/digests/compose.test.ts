import { describe, expect, it } from 'vitest';
import { composeDigest, MAX_SPEAKERS, matchesPreferences, SUMMARY_CHARS } from '../../../src/digests/compose.ts';
import { excerpt } from '../../../src/digests/excerpt.ts';
import { cutAtGrapheme, graphemes } from '../support/text.ts';
import { event, publicReport, seed } from '../support/builders.ts';
import { OPTIONS } from './fixtures.ts';
import { SITE } from '../support/site.ts';

describe('the digest composer', () => {
  it('says what, when, where, who and on what topics for the seed reports, with a link to each', async () => {
    const digest = composeDigest([await seed('workshop'), await seed('forum')], OPTIONS);
    expect(digest.subject).toBe('2 new reports: Workshop on International Rule of Law in Cyberspace and 1 more');
    const [workshop, forum] = digest.items;
    expect(workshop).toMatchObject({
      kind: 'event',
      eventKind: 'Workshop',
      when: '12 August 2022',
      where: 'Online',
      url: `${SITE}/reports/2022-08-12-workshop-on-international-rule-of-law-in-cyberspace`,
      upcoming: false,
    });
    expect(workshop!.speakers.map((s) => [s.name, s.role])).toEqual([
      ['Dr. Kamalinne Pinitpuvadol', 'keynote speech'],
      ['Professor Guo Feng', 'opening address'],
      ['Professor Zhixiong Huang', 'closing remarks'],
    ]);
    expect(workshop!.topics).toContain('rule-of-law');
    expect(workshop!.summary.startsWith('On 12th August 2022, the Workshop on International Rule of Law in Cyberspace')).toBe(true);
    expect(forum).toMatchObject({ eventKind: 'Forum', when: '4 December 2017', where: expect.stringContaining('Wuzhen') });
    expect(forum!.organizers).toEqual(['Wuhan University', 'Institute of Modern International Relations', 'Shanghai Academy of Social Sciences']);
  });

  it('names the first speakers with their roles and counts the rest', async () => {
    const speakers = Array.from({ length: 8 }, (_, i) => ({ name: `Speaker ${i + 1}`, role: 'panel' }));
    const [item] = composeDigest([await publicReport({ title: 'Big panel', event: event({ speakers }) })], OPTIONS).items;
    expect(item!.speakers.map((s) => s.name)).toEqual(['Speaker 1', 'Speaker 2', 'Speaker 3', 'Speaker 4', 'Speaker 5']);
    expect(MAX_SPEAKERS).toBe(5);
    expect(item!.moreSpeakers).toBe(3);
  });

  it('lists upcoming events first, soonest first, then the rest newest first, and a report with no event as news', async () => {
    const later = await publicReport({ title: 'Conference next year', published: '2026-11-01T00:00:00.000Z', event: event({ kind: 'conference', start: '2027-03-01' }) });
    const soon = await publicReport({ title: 'Seminar next week', published: '2026-10-01T00:00:00.000Z', event: event({ start: '2026-11-30T09:00+08:00' }) });
    const old = await publicReport({ title: 'Old forum', published: '2026-11-20T00:00:00.000Z', event: event({ kind: 'forum', start: '2026-11-10' }) });
    const news = await publicReport({ title: 'An announcement', published: '2026-11-22T00:00:00.000Z' });
    const backdated = await publicReport({ title: 'Wuzhen 2017, added today', published: '2017-12-04T00:00:00.000Z', event: event({ kind: 'forum', start: '2017-12-04' }) });
    const digest = composeDigest([later, backdated, old, news, soon], OPTIONS);
    expect(digest.items.map((i) => i.title)).toEqual(['Seminar next week', 'Conference next year', 'An announcement', 'Old forum', 'Wuzhen 2017, added today']);
    expect(digest.items.map((i) => i.upcoming)).toEqual([true, true, false, false, false]);
    expect(digest.items[2]).toMatchObject({ kind: 'news', organizers: [], speakers: [] });
    expect(digest.items[2]!.when).toBeUndefined();
  });

  it('counts an event as upcoming until it ends: one under way, one on today’s date, one ending right now', async () => {
    const underWay = await publicReport({ title: 'Under way', event: event({ start: '2026-11-20', end: '2026-11-25' }) });
    const today = await publicReport({ title: 'Today', event: event({ start: '2026-11-23' }) });
    const endingNow = await publicReport({ title: 'Ending now', event: event({ start: '2026-11-23T05:00Z', end: '2026-11-23T07:00Z' }) });
    const ended = await publicReport({ title: 'Ended', event: event({ start: '2026-11-23T05:00Z', end: '2026-11-23T06:59Z' }) });
    const digest = composeDigest([underWay, today, endingNow, ended], OPTIONS);
    expect(Object.fromEntries(digest.items.map((i) => [i.title, i.upcoming]))).toEqual({ 'Under way': true, Today: true, 'Ending now': true, Ended: false });
  });

  it('shows a timed event at its own time, with the reader’s own time beside it where their clocks differ, and an all-day date as the same day everywhere', async () => {
    const timed = await publicReport({ title: 'Timed', event: event({ start: '2026-11-30T09:00+08:00' }) });
    const allDay = await publicReport({ title: 'All day', event: event({ start: '2026-12-01', end: '2026-12-02' }) });
    const at = (readerZone: string) => composeDigest([timed, allDay], { ...OPTIONS, timeZone: readerZone, readerZone }).items.map((i) => i.when);
    expect(at('UTC')).toEqual(['30 November 2026, 09:00 UTC+08:00 (01:00 your time)', '1–2 December 2026']);
    expect(at('Asia/Shanghai')).toEqual(['30 November 2026, 09:00 UTC+08:00', '1–2 December 2026']);
    expect(at('Pacific/Honolulu')).toEqual(['30 November 2026, 09:00 UTC+08:00 (29 November 2026, 15:00 your time)', '1–2 December 2026']);
    // The web digest knows no reader: the event's own time alone.
    expect(composeDigest([timed], { ...OPTIONS, timeZone: 'UTC' }).items[0]!.when).toBe('30 November 2026, 09:00 UTC+08:00');
    expect(composeDigest([], { ...OPTIONS, timeZone: 'Asia/Shanghai' }).period).toContain('Asia/Shanghai');
  });

  it('names a single report in the subject, counts several, and says when there is none', async () => {
    expect(composeDigest([await publicReport({ title: 'Forum on data' })], OPTIONS).subject).toBe('New report: Forum on data');
    const three = await Promise.all(['A', 'B', 'C'].map((title, i) => publicReport({ title, published: `2026-11-0${i + 1}T00:00:00.000Z` })));
    expect(composeDigest(three, OPTIONS).subject).toBe('3 new reports: C and 2 more');
    expect(composeDigest([], OPTIONS).subject).toBe('No new reports');
  });

  it('is a pure function whose digest survives JSON as it is', async () => {
    const reports = [await seed('workshop'), await publicReport({ title: 'Upcoming', event: event() })];
    const digest = composeDigest(reports, OPTIONS);
    expect(composeDigest(reports, OPTIONS)).toEqual(digest);
    expect(JSON.parse(JSON.stringify(digest))).toEqual(digest);
    expect(digest).toMatchObject({ since: OPTIONS.since, until: OPTIONS.until, webUrl: OPTIONS.webUrl, siteUrl: SITE, lang: 'en', timeZone: 'UTC' });
  });

  it('matches topics (any of them) and language by primary subtag (zh-Hans is zh); both and none mean all', async () => {
    const { report } = await publicReport({ title: 'x', topics: ['data', 'norms'], lang: 'zh-Hans' });
    expect(matchesPreferences(report, { topics: [], lang: null })).toBe(true);
    expect(matchesPreferences(report, { topics: [], lang: 'both' })).toBe(true);
    expect(matchesPreferences(report, { topics: ['norms'], lang: 'zh' })).toBe(true);
    expect(matchesPreferences(report, { topics: ['sovereignty', 'data'], lang: 'zh' })).toBe(true);
    expect(matchesPreferences(report, { topics: ['sovereignty'], lang: null })).toBe(false);
    expect(matchesPreferences(report, { topics: [], lang: 'en' })).toBe(false);
  });
});

describe('digest summaries', () => {
  it('keep whole sentences of a long summary', async () => {
    expect(excerpt('One sentence. Two sentences. Three sentences.', 30)).toBe('One sentence. Two sentences.');
    const summary = 'Governance of cyberspace was discussed at length. '.repeat(20);
    const [item] = composeDigest([await publicReport({ title: 'Long', summary })], OPTIONS).items;
    expect(item!.summary.endsWith('at length.')).toBe(true);
    expect(graphemes(item!.summary).length).toBeLessThanOrEqual(SUMMARY_CHARS);
  });

  it('cut Chinese text after a full stop, or between characters when a sentence runs on', async () => {
    const sentences = '网络空间国际法治研讨会于2022年8月12日在线举行。'.repeat(30);
    const [bySentence] = composeDigest([await publicReport({ title: '研讨会', lang: 'zh-Hans', body: sentences })], OPTIONS).items;
    expect(bySentence!.summary.endsWith('举行。')).toBe(true);
    const runOn = '网络空间国际法治研讨会在线举行各国学者参加𠮷'.repeat(40);
    const [cut] = composeDigest([await publicReport({ title: '研讨会', lang: 'zh-Hans', summary: runOn.slice(0, 1000) })], OPTIONS).items;
    expect(cut!.summary.endsWith('…')).toBe(true);
    expect(cutAtGrapheme(runOn, cut!.summary, 'zh')).toBe(true);
  });

  it('cut right-to-left text (Arabic, Hebrew) only between graphemes', () => {
    const arabic = 'مُؤْتَمَرُ حَوْكَمَةِ الْفَضَاءِ الْإِلِكْتُرُونِيِّ '.repeat(30);
    const hebrew = 'כנס על ממשל המרחב הקיברנטי '.repeat(30);
    for (const [text, lang] of [
      [arabic, 'ar'],
      [hebrew, 'he'],
    ] as const) {
      for (const max of [7, 40, 41, 99]) {
        const cut = excerpt(text, max, lang);
        expect(cutAtGrapheme(text.trim(), cut, lang), `${lang} ${max}`).toBe(true);
        expect(graphemes(cut, lang).length).toBeLessThanOrEqual(max);
      }
    }
  });

  it('never split an emoji, a flag or a family, at any length, as Intl.Segmenter counts them', () => {
    const emoji = '👩🏽‍💻🇨🇳🏳️‍🌈👨‍👩‍👧‍👦🏴󠁧󠁢󠁳󠁣󠁴󠁿1️⃣'.repeat(60);
    for (let max = 2; max < 40; max += 1) {
      const cut = excerpt(emoji, max);
      expect(cutAtGrapheme(emoji, cut), `max ${max}`).toBe(true);
      expect(graphemes(cut).length).toBeLessThanOrEqual(max);
    }
  });

  it('never split an emoji of a long body that has no summary (its stored lead is cut between code points)', async () => {
    // A body read whole, and one longer than the start the summary is cut from.
    for (const body of ['👩🏽‍💻🇨🇳'.repeat(300), '👩🏽‍💻🇨🇳'.repeat(3000)]) {
      const [item] = composeDigest([await publicReport({ title: 'Emoji', body })], OPTIONS).items;
      expect(item!.summary.endsWith('…')).toBe(true);
      expect(cutAtGrapheme(body, item!.summary), `${body.length}`).toBe(true);
      expect(graphemes(item!.summary).length).toBe(SUMMARY_CHARS);
    }
  });

  it('take a long body’s lead from its text, not its Markdown', async () => {
    const body = `**Bold** start of [a link](https://example.org) ${'word '.repeat(400)}`;
    const [item] = composeDigest([await publicReport({ title: 'Markdown', body })], OPTIONS).items;
    expect(item!.summary.startsWith('Bold start of a link word')).toBe(true);
    expect(graphemes(item!.summary).length).toBeLessThanOrEqual(SUMMARY_CHARS);
  });

  it('keep a short summary as it is, and treat the start of a longer text as unfinished', () => {
    expect(excerpt('Short. Whole.', 100)).toBe('Short. Whole.');
    expect(excerpt('Short. Unfinished', 100, 'en', false)).toBe('Short.');
    expect(excerpt('', 100)).toBe('');
  });
});
