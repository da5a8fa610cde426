import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { nextDueAt } from '../../../src/digests/schedule.ts';
import { latestSeq } from '../../../src/reports/publications-store.ts';
import { addSubscriber, consume, FREQUENT, HOURLY, ledger, recordingEmail, recordingQueue, runCron } from './helpers.ts';
import { api, create, get } from '../support/worker.ts';

const CONFIG = { hour: 7, weekday: 1 };
const HOUR = 3_600_000;

/** The next time the hourly cron fires at 07:00 in `timeZone` after now. */
function nextSeven(timeZone: string, frequency: 'daily' | 'weekly' = 'daily'): number {
  return nextDueAt(frequency, timeZone, Date.now(), CONFIG)!;
}

describe('daily and weekly digests', () => {
  it('sends a daily digest at 07:00 in the subscriber’s own time zone, and not an hour before', async () => {
    const zones = ['Asia/Shanghai', 'America/New_York'];
    const ids = new Map<string, number>();
    for (const timeZone of zones) ids.set(timeZone, await addSubscriber({ timeZone, confirmedAt: Date.now() - 1000 }));
    await create({ title: 'Workshop on due diligence' });
    // Whichever 07:00 comes first, then the other.
    const order = zones.map((zone) => ({ zone, at: nextSeven(zone) })).sort((a, b) => a.at - b.at);
    const mail = recordingEmail();
    for (const { zone, at } of order) {
      const queue = recordingQueue();
      await runCron(HOURLY, at - HOUR, { DIGESTS: queue.queue });
      expect(queue.messages).toEqual([]);
      await runCron(HOURLY, at, { DIGESTS: queue.queue });
      expect(queue.messages.map((m) => m.subscriber)).toEqual([ids.get(zone)]);
      await consume(queue.messages, { EMAIL: mail.binding });
    }
    expect(mail.sent).toHaveLength(2);
    expect(mail.sent[0]!.subject).toContain('Workshop on due diligence');
  });

  it('sends a weekly digest on its weekday at 07:00 and not on the other days', async () => {
    const weekly = await addSubscriber({ frequency: 'weekly', timeZone: 'UTC', confirmedAt: Date.now() - 1000 });
    await create();
    const monday = nextSeven('UTC', 'weekly');
    const queue = recordingQueue();
    for (let day = 1; day < 7; day += 1) await runCron(HOURLY, monday - day * 24 * HOUR, { DIGESTS: queue.queue });
    expect(queue.messages).toEqual([]);
    await runCron(HOURLY, monday, { DIGESTS: queue.queue });
    expect(queue.messages.map((m) => m.subscriber)).toEqual([weekly]);
  });

  it('sends nothing to a subscriber with nothing new, and moves their next digest a day on', async () => {
    const id = await addSubscriber({ confirmedAt: Date.now() - 1000 });
    const at = nextSeven('UTC');
    const queue = recordingQueue();
    await runCron(HOURLY, at, { DIGESTS: queue.queue });
    expect(queue.messages).toEqual([]);
    const row = await env.DB.prepare('SELECT next_due_at FROM subscribers WHERE id = ?1').bind(id).first<{ next_due_at: number }>();
    expect(row!.next_due_at).toBe(at + 24 * HOUR);
  });

  it('covers each report once: the second digest holds only what became public after the first', async () => {
    await addSubscriber({ frequency: 'daily' });
    await create({ title: 'First report' });
    const mail = recordingEmail();
    const first = recordingQueue();
    await runCron(HOURLY, Date.now() + HOUR, { DIGESTS: first.queue });
    await consume(first.messages, { EMAIL: mail.binding });
    await create({ title: 'Second report' });
    const second = recordingQueue();
    await runCron(HOURLY, Date.now() + 25 * HOUR, { DIGESTS: second.queue });
    await consume(second.messages, { EMAIL: mail.binding });
    expect(mail.sent).toHaveLength(2);
    expect(mail.sent[0]!.text).toContain('First report');
    expect(mail.sent[0]!.text).not.toContain('Second report');
    expect(mail.sent[1]!.text).toContain('Second report');
    expect(mail.sent[1]!.text).not.toContain('First report');
  });

  it('includes a backdated report that says announce: true in today’s digest: what counts is when it became public', async () => {
    await addSubscriber();
    // Without announce: true it would be back catalogue, recorded quietly (quiet.test.ts).
    await create({ title: 'Wuzhen forum of 2017, added today', published: '2017-12-04', announce: true });
    const queue = recordingQueue();
    await runCron(HOURLY, Date.now() + HOUR, { DIGESTS: queue.queue });
    const mail = recordingEmail();
    await consume(queue.messages, { EMAIL: mail.binding });
    expect(mail.sent.map((m) => m.subject)).toEqual([expect.stringContaining('Wuzhen forum of 2017')]);
  });

  it('sends only reports on the subscriber’s topics and in their language', async () => {
    const id = await addSubscriber({ topics: ['cyber-sovereignty'], lang: 'zh' });
    await create({ title: 'On sovereignty, in English', topics: ['cyber-sovereignty'] });
    await create({ title: '网络主权研讨会', slug: 'sovereignty-seminar-zh', topics: ['cyber-sovereignty'], lang: 'zh-Hans' });
    await create({ title: '数据治理', slug: 'data-governance-zh', topics: ['data'], lang: 'zh-Hans' });
    const queue = recordingQueue();
    await runCron(HOURLY, Date.now() + HOUR, { DIGESTS: queue.queue });
    const mail = recordingEmail();
    await consume(queue.messages, { EMAIL: mail.binding });
    expect(queue.messages.map((m) => m.subscriber)).toEqual([id]);
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]!.text).toContain('网络主权研讨会');
    expect(mail.sent[0]!.text).not.toContain('On sovereignty');
    expect(mail.sent[0]!.text).not.toContain('数据治理');
  });

  it('carries one-click unsubscribe, List-Id and a visible unsubscribe link', async () => {
    await addSubscriber();
    await create({ title: 'A report\r\nBcc: victim@example.org' });
    const queue = recordingQueue();
    await runCron(HOURLY, Date.now() + HOUR, { DIGESTS: queue.queue });
    const mail = recordingEmail();
    await consume(queue.messages, { EMAIL: mail.binding });
    const sent = mail.sent[0]!;
    expect(sent.headers['List-Unsubscribe']).toMatch(/^<https:\/\/herald\.example\.org\/unsubscribe\?token=[^>\s]+>$/);
    expect(sent.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(sent.headers['List-Id']).toMatch(/<digest\.herald\.example\.org>$/);
    expect(sent.subject).not.toMatch(/[\r\n]/);
    const unsubscribe = sent.headers['List-Unsubscribe']!.slice(1, -1);
    expect(sent.html).toContain(unsubscribe.replace(/&/g, '&amp;'));
    expect(sent.text).toContain(unsubscribe);
  });
});

describe('instant emails', () => {
  it('sends one email per report that became public, shortly after', async () => {
    await addSubscriber({ frequency: 'instant' });
    await create({ title: 'Instant one' });
    await create({ title: 'Instant two' });
    const queue = recordingQueue();
    await runCron(FREQUENT, Date.now() + 60_000, { DIGESTS: queue.queue });
    const mail = recordingEmail();
    await consume(queue.messages, { EMAIL: mail.binding });
    expect(mail.sent.map((m) => m.subject).sort()).toEqual([expect.stringContaining('Instant one'), expect.stringContaining('Instant two')]);
    const again = recordingQueue();
    await runCron(FREQUENT, Date.now() + 6 * 60_000, { DIGESTS: again.queue });
    expect(again.messages).toEqual([]);
  });

  it('records a scheduled report when its time comes, and mails it then', async () => {
    await addSubscriber({ frequency: 'instant' });
    const due = Date.now() + 10 * 60_000;
    await create({ title: 'Scheduled forum', published: new Date(due).toISOString() });
    const queue = recordingQueue();
    await runCron(FREQUENT, due - 60_000, { DIGESTS: queue.queue });
    expect(queue.messages).toEqual([]);
    expect(await latestSeq(env.DB)).toBe(0);
    await runCron(FREQUENT, due + 60_000, { DIGESTS: queue.queue });
    expect(queue.messages).toHaveLength(1);
    const row = await env.DB.prepare('SELECT public_at FROM publications').first<{ public_at: number }>();
    expect(row!.public_at).toBe(Date.parse(new Date(due).toISOString()));
  });

  it('never mails a draft, and mails it once it is made public', async () => {
    await addSubscriber({ frequency: 'instant' });
    const draft = await create({ title: 'Draft workshop', draft: true });
    const queue = recordingQueue();
    await runCron(FREQUENT, Date.now() + 60_000, { DIGESTS: queue.queue });
    expect(queue.messages).toEqual([]);
    const { slug, ...rest } = draft;
    await api('PUT', `/reports/${slug}`, { ...rest, slug, draft: false, id: undefined, created: undefined, updated: undefined });
    await runCron(FREQUENT, Date.now() + 2 * 60_000, { DIGESTS: queue.queue });
    expect(queue.messages).toHaveLength(1);
  });

  it('does not mail a report again when it is edited', async () => {
    await addSubscriber({ frequency: 'instant' });
    const report = await create({ title: 'Edited later' });
    const mail = recordingEmail();
    const queue = recordingQueue();
    await runCron(FREQUENT, Date.now() + 60_000, { DIGESTS: queue.queue });
    await consume(queue.messages, { EMAIL: mail.binding });
    await api('PUT', `/reports/${report.slug}`, { title: 'Edited later, with a new title', body: 'New body.', topics: report.topics, published: report.published });
    const after = recordingQueue();
    await runCron(FREQUENT, Date.now() + 2 * 60_000, { DIGESTS: after.queue });
    await consume(after.messages, { EMAIL: mail.binding });
    expect(mail.sent).toHaveLength(1);
  });
});

describe('the cron’s other duties', () => {
  it('announces a scheduled report to the WebSub hub when its time comes', async () => {
    const due = Date.now() + 10 * 60_000;
    await create({ title: 'Scheduled and announced', topics: ['norms'], published: new Date(due).toISOString() });
    const pings: { url: string; body: string }[] = [];
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      pings.push({ url: String(input instanceof Request ? input.url : input), body: String(init?.body ?? '') });
      return new Response(null, { status: 204 });
    });
    try {
      await runCron(FREQUENT, due - 60_000, { WEBSUB_HUB: 'https://hub.example.org/' });
      expect(pings).toEqual([]);
      await runCron(FREQUENT, due + 60_000, { WEBSUB_HUB: 'https://hub.example.org/' });
      await runCron(FREQUENT, due + 6 * 60_000, { WEBSUB_HUB: 'https://hub.example.org/' });
    } finally {
      spy.mockRestore();
    }
    expect(pings).toHaveLength(1);
    expect(pings[0]!.url).toBe('https://hub.example.org/');
    const urls = new URLSearchParams(pings[0]!.body).getAll('hub.url');
    expect(urls).toContain('https://herald.example.org/feed.xml');
    expect(urls).toContain('https://herald.example.org/topics/norms/atom.xml');
  });

  it('keeps the all-topics daily edition of the 07:00 run for the web archive, once', async () => {
    await create({ title: 'In the daily edition' });
    const seven = nextSeven('UTC');
    await runCron(HOURLY, seven);
    await runCron(HOURLY, seven);
    const editions = await env.DB.prepare("SELECT frequency, subject FROM editions WHERE frequency = 'daily'").all<{ frequency: string; subject: string }>();
    expect(editions.results).toEqual([{ frequency: 'daily', subject: 'New report: In the daily edition' }]);
    expect(await (await get('/digests')).text()).toContain('New report: In the daily edition');
  });
});
