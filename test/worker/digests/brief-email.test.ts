import { describe, expect, it } from 'vitest';
import { composeDigest, type DigestOptions } from '../../../src/digests/compose.ts';
import { renderDigestEmail, renderInstantEmail } from '../../../src/digests/render-email.tsx';
import { event, publicReport, seed } from '../support/builders.ts';
import { OPTIONS } from './fixtures.ts';
import { addSubscriber, consume, FREQUENT, recordingQueue, runCron } from './helpers.ts';
import { create } from '../support/worker.ts';

/** Thursday 3 December 2026, 07:00 UTC: a daily brief's cut-off. */
const THURSDAY = Date.UTC(2026, 11, 3, 7);
const DAY = 86_400_000;
const daily = (lang: string, timeZone = 'UTC', until = THURSDAY): DigestOptions => ({ ...OPTIONS, lang, timeZone, since: until - DAY, until, now: until, edition: 'daily' });
const weekly = (lang: string): DigestOptions => ({ ...OPTIONS, lang, timeZone: 'UTC', since: Date.UTC(2026, 10, 30, 7), until: THURSDAY + 4 * DAY, now: THURSDAY + 4 * DAY, edition: 'weekly' });
const BRAND = { name: 'CGI', accent: '#1d4f91' };
/** The text a person sees in an HTML part: tags out, entities of quotes back. */
const visible = (html: string) => html.replace(/<style[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe('the edition named at the top of an email', () => {
  it('names a daily brief for its day and a weekly one for its week, in English and in Chinese', async () => {
    const reports = [await seed('workshop')];
    for (const [options, name] of [
      [daily('en'), 'Daily brief · Thursday 3 December'],
      [daily('zh'), '每日简报 · 12月3日 星期四'],
      [weekly('en'), 'Weekly brief · week of 30 November'],
      [weekly('zh'), '每周简报 · 11月30日当周'],
    ] as const) {
      const { html, text } = renderDigestEmail(composeDigest(reports, options), BRAND);
      expect(html).toMatch(new RegExp(`<h1 [^>]*>${name}</h1>`));
      // The short name heads the email and its text, linked to the home page of the reader's language.
      expect(html).toMatch(new RegExp(`<a href="https://herald.example.org${options.lang === 'zh' ? '/zh/' : '/'}"[^>]*>CGI</a>`));
      expect(text.split('\n')[0]).toBe(`CGI · ${name}`);
    }
  });

  it('names the day on the reader’s calendar: 07:00 in Shanghai is still the 2nd in UTC', async () => {
    const until = Date.UTC(2026, 11, 2, 23);
    const { html } = renderDigestEmail(composeDigest([await seed('forum')], daily('en', 'Asia/Shanghai', until)), BRAND);
    expect(html).toContain('Daily brief · Thursday 3 December');
  });

  it('says in one line what is in it, instead of the window’s times', async () => {
    const upcoming = await publicReport({ title: 'Seminar next week', event: event({ start: '2026-12-10' }) });
    const { html, text } = renderDigestEmail(composeDigest([await seed('workshop'), upcoming], daily('en')), BRAND);
    expect(visible(html)).toContain('2 new reports in the last day, upcoming events first.');
    expect(text.split('\n')[1]).toBe('2 new reports in the last day, upcoming events first.');
    expect(html + text).not.toContain('became public from');
    const zh = renderDigestEmail(composeDigest([await seed('workshop')], weekly('zh')), BRAND);
    expect(zh.text.split('\n')[1]).toBe('过去一周新发布 1 篇报告。');
  });

  it('names each link for the report it opens, and shows topics by their labels, never their slugs', async () => {
    const workshop = await seed('workshop');
    expect(workshop.report.topics).toContain('rule-of-law');
    for (const [lang, read, labels] of [
      ['en', 'Read: Workshop on International Rule of Law in Cyberspace', 'Topics: Rule of law, International law'],
      ['zh', '阅读：Workshop on International Rule of Law in Cyberspace', '主题：法治、国际法'],
    ] as const) {
      const { html, text } = renderDigestEmail(composeDigest([workshop], daily(lang)), BRAND);
      expect(html).toMatch(new RegExp(`<a href="https://herald.example.org/reports/${workshop.report.slug}"[^>]*>${read}</a>`));
      const topicsLine = (part: string) => part.split('\n').find((line) => line.includes(labels.slice(0, 8)))!;
      expect(topicsLine(text)).toContain(labels);
      expect(visible(html)).toContain(labels);
      for (const slug of workshop.report.topics) {
        expect(topicsLine(text), slug).not.toMatch(new RegExp(`(^|[ ,、：])${slug}(,|、|$)`));
        expect(visible(html), slug).not.toMatch(new RegExp(`[ ,、：]${slug}(,|、| )`));
      }
    }
  });

  it('keeps the accent of the site, and a dark palette for readers in dark mode', async () => {
    const { html } = renderDigestEmail(composeDigest([await seed('forum')], daily('en')), BRAND);
    expect(html).toContain('border-top:4px solid #1d4f91');
    expect(html).toMatch(/<style>.*@media \(prefers-color-scheme:dark\)\{.*\.em-card\{background:#1e1e1e!important\}.*<\/style>/s);
  });
});

describe('the instant email', () => {
  it('is headed “New report” with the report in full, and never names a window', async () => {
    const report = await publicReport({ title: 'Seminar on due diligence', summary: 'The seminar weighed due diligence.', topics: ['due-diligence'], event: event({ kind: 'seminar', start: '2026-12-10T09:00:00+08:00', end: '2026-12-10T17:00:00+08:00' }) });
    for (const [lang, heading, subject, read] of [
      ['en', 'New report', 'New report: Seminar on due diligence', 'Read: Seminar on due diligence'],
      ['zh', '新报告', '新报告：Seminar on due diligence', '阅读：Seminar on due diligence'],
    ] as const) {
      const digest = composeDigest([report], { ...OPTIONS, lang, since: report.publicAt - 1, until: report.publicAt, edition: 'instant' });
      const { html, text, subject: said } = renderInstantEmail(digest, BRAND);
      expect(said).toBe(subject);
      expect(html).toMatch(new RegExp(`<h1 [^>]*>${heading}</h1>`));
      expect(text.split('\n')[0]).toBe(`CGI · ${heading}`);
      expect(html).toMatch(new RegExp(`<h2 [^>]*><a [^>]*>Seminar on due diligence</a></h2>`));
      expect(html).toMatch(new RegExp(`<a [^>]*>${read}</a>`));
      expect(visible(html)).toContain(lang === 'en' ? 'Due diligence' : '审慎义务');
      // No digest heading, no window ("09:49 to 09:49"), no sections for one report.
      for (const part of [visible(html), text]) {
        expect(part).not.toMatch(/Herald digest|Herald 摘要|became public|期间公开|\d{2}:\d{2} to |\d{2}:\d{2}至|Upcoming events|即将举行的活动|## /);
        expect(part).not.toMatch(/[ ：]due-diligence/);
      }
    }
  });

  it('is what an instant subscriber gets from the 5-minute cron, from the site’s short name', async () => {
    await addSubscriber({ frequency: 'instant' });
    await create({ title: 'Instant seminar' });
    const queue = recordingQueue();
    await runCron(FREQUENT, Date.now() + 60_000, { DIGESTS: queue.queue });
    const sent: { from: unknown; subject: string; html: string; text: string }[] = [];
    const binding = { send: async (m: { from: unknown; subject: string; html: string; text: string }) => (sent.push(m), { messageId: 'm1' }) } as unknown as SendEmail;
    await consume(queue.messages, { EMAIL: binding, SITE_SHORT_NAME: 'CGI' });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.from).toEqual({ email: 'digest@herald.example.org', name: 'CGI' });
    expect(sent[0]!.subject).toBe('New report: Instant seminar');
    expect(sent[0]!.text.split('\n')[0]).toBe('CGI · New report');
    expect(sent[0]!.html).not.toContain('became public');
  });
});
