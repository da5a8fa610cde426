import forumZh from '../../../content/reports/2017-12-04-international-rules-for-cyberspace-forum-wuzhen-summit.zh.md?raw';
import workshopZh from '../../../content/reports/2022-08-12-workshop-on-international-rule-of-law-in-cyberspace.zh.md?raw';
import { describe, expect, it } from 'vitest';
import { announcementOf } from '../../../src/crossposts/announcement.ts';
import { eventLineIn } from '../../../src/crossposts/event-line.ts';
import { parseReportFile } from '../../../src/reports/front-matter.ts';
import type { ReportInput } from '../../../src/reports/schema.ts';
import { event, publicReport } from '../support/builders.ts';
import { SITE } from '../support/site.ts';
import { addChannel, adminApi, consume, publish, recordingQueue, service } from './helpers.ts';

/** Issue 13: a post is written in its report's language, the words around the report's text too. */

/** A Chinese seed report, stored as the API would store it. */
async function seedZh(text: string, slug: string) {
  const parsed = parseReportFile(`${slug}.zh.md`, text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return publicReport(parsed.input as ReportInput & { title: string }, slug);
}

describe('the announcement of a Chinese report', () => {
  it('is Chinese throughout: title, summary, address and event line of the Chinese seed', async () => {
    const { report, publicAt } = await seedZh(forumZh, '2017-wuzhen-international-rules-forum-zh');
    const a = announcementOf(report, SITE, publicAt);
    expect(a.lang).toBe('zh-Hans');
    expect(a.url).toBe(`${SITE}/reports/${report.slug}`);
    expect(a.title).toBe('第四届世界互联网大会“网络空间国际规则：共识与展望”论坛');
    expect(a.summary).toMatch(/[\u4e00-\u9fff]/);
    expect(a.summary).not.toMatch(/[A-Za-z]{4,}/);
    expect(a.eventLine).toBe('【论坛】网络空间国际规则：共识与展望｜2017年12月4日｜第四届世界互联网大会（乌镇峰会），浙江乌镇，中国');
    // The online workshop: its venue says 线上 already, so it is not marked twice.
    const workshop = await seedZh(workshopZh, '2022-rule-of-law-workshop-zh');
    expect(announcementOf(workshop.report, SITE, workshop.publicAt).eventLine).toBe('【研讨会】网络空间国际法治研讨会｜2022年8月12日｜线上');
  });

  it('writes spans, times and online venues as each language writes them', () => {
    const span = event({ kind: 'conference', name: 'Cyber norms', start: '2026-12-01', end: '2026-12-03', location: { name: 'Hall A', city: 'Wuhan', online: true } });
    expect(eventLineIn(span, 'en')).toBe('Conference: Cyber norms · 1–3 December 2026 · Hall A, Wuhan (online)');
    expect(eventLineIn({ ...span, name: '网络规范', location: { name: '甲厅', city: '武汉', online: true } }, 'zh-Hans')).toBe('【大会】网络规范｜2026年12月1日至3日｜甲厅，武汉（线上）');
    const timed = event({ kind: 'lecture', name: '讲座', start: '2026-12-01T14:00:00+08:00' });
    expect(eventLineIn(timed, 'zh-CN')).toBe('【讲座】讲座｜2026年12月1日 14:00（UTC+08:00）');
    expect(eventLineIn({ ...timed, name: 'Talk' }, 'en')).toBe('Lecture: Talk · 1 December 2026, 14:00 UTC+08:00');
    // A language without a catalogue reads as English.
    expect(eventLineIn({ ...timed, name: 'Conférence' }, 'fr')).toBe('Lecture: Conférence · 1 December 2026, 14:00 UTC+08:00');
  });

  it('links "阅读全文" on Telegram and Slack for a Chinese report, "Read the report" for an English one', async () => {
    await addChannel('tg', { type: 'telegram', bot_token: '123:ABC', chat_id: '@heraldnews' });
    await addChannel('slack', { type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/XYZ' });
    const { queue, messages } = recordingQueue();
    await publish(queue, { slug: 'data-forum-zh', title: '数据治理论坛', lang: 'zh-Hans', summary: '论坛讨论了数据治理。', event: event({ kind: 'forum', name: '数据治理论坛', start: '2026-12-01' }) });
    await publish(queue, { slug: 'data-forum-en', title: 'Data governance forum', lang: 'en' });
    const svc = service(() => Response.json({ ok: true, result: { message_id: 1 } }));
    await consume(messages, svc.fetcher);
    const bodies = svc.received.map((r) => JSON.parse(r.body));
    const telegram = bodies.filter((b) => b.chat_id).map((b) => b.text as string);
    const slack = bodies.filter((b) => b.blocks).map((b) => b.blocks[0].text.text as string);
    expect(telegram[0]).toMatch(/^<b>【论坛】数据治理论坛｜2026年12月1日<\/b>/);
    expect(telegram[0]).toMatch(/<a href="https:\/\/herald\.example\.org\/reports\/data-forum-zh">阅读全文<\/a>$/);
    expect(telegram[1]).toMatch(/">Read the report<\/a>$/);
    expect(slack[0]).toMatch(/\|阅读全文>$/);
    expect(bodies.find((b) => b.blocks)!.text).toBe('【论坛】数据治理论坛｜2026年12月1日：https://herald.example.org/reports/data-forum-zh');
    expect(slack[1]).toMatch(/\|Read the report>$/);
  });

  it('sends a channel’s test message in the channel’s language', async () => {
    await addChannel('zh-chat', { type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/ZH', lang: 'zh' });
    const svc = service();
    // The test route sends with the platform's fetch: stand in for it here.
    const original = globalThis.fetch;
    globalThis.fetch = ((input: RequestInfo, init?: RequestInit) => svc.fetcher(new Request(input, init))) as typeof fetch;
    try {
      expect((await adminApi('POST', '/channels/zh-chat/test')).status).toBe(200);
    } finally {
      globalThis.fetch = original;
    }
    const text = JSON.parse(svc.received[0]!.body).blocks[0].text.text as string;
    expect(text).toContain('测试消息');
    expect(text).toContain('本频道（zh-chat）已设置完成');
    expect(text).toContain('<https://herald.example.org/zh/|阅读全文>');
  });
});
