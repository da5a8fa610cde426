import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { nextDueAt } from '../../../src/digests/schedule.ts';
import { latestSeq } from '../../../src/reports/publications-store.ts';
import { makeReport } from '../support/builders.ts';
import { api, create, get } from '../support/worker.ts';
import { postForm, subscriberWithTokens } from '../subscriptions/helpers.ts';
import { addSubscriber, consume, FREQUENT, HOURLY, ledger, recordingEmail, recordingQueue, runCron, type SentEmail } from './helpers.ts';

const HOUR = 3_600_000;
const CONFIG = { hour: 7, weekday: 1 };

/** The titles of the reports an email links, as its text part lists them. */
const has = (mail: SentEmail | undefined, title: string) => mail !== undefined && mail.text.includes(title);
const to = (sent: SentEmail[], email: string) => sent.filter((m) => m.to === email);

/** Runs `cron` at `at` and delivers what it enqueued, as one batch. */
async function run(cron: string, at: number): Promise<{ sent: SentEmail[]; messages: number }> {
  const queue = recordingQueue();
  await runCron(cron, at, { DIGESTS: queue.queue });
  const mail = recordingEmail();
  await consume(queue.messages, { EMAIL: mail.binding });
  return { sent: mail.sent, messages: queue.messages.length };
}

const daily = () => run(HOURLY, Date.now() + HOUR);

/** Three reports: one English about AALCO, one Chinese about 网络主权, one about neither. */
async function threeReports(): Promise<void> {
  await create({ title: 'AALCO meets on due diligence', topics: ['due-diligence'] });
  await create({ title: '网络主权研讨会在乌镇举行', slug: 'wuzhen-sovereignty-zh', lang: 'zh', body: '与会者讨论了网络主权与国际法。', topics: ['sovereignty'] });
  await create({ title: 'A seminar on data flows', topics: ['data'] });
}

describe('a subscriber who follows a search gets only the reports matching it', () => {
  it('in the daily digest, for an English and a Chinese query; a reader without one gets all', async () => {
    await addSubscriber({ email: 'aalco@example.org', query: 'aalco' });
    await addSubscriber({ email: 'zh@example.org', query: '网络主权', uiLang: 'zh' });
    await addSubscriber({ email: 'all@example.org' });
    await threeReports();
    const { sent } = await daily();
    const [aalco] = to(sent, 'aalco@example.org');
    expect(to(sent, 'aalco@example.org')).toHaveLength(1);
    expect(aalco!.subject).toBe('New report: AALCO meets on due diligence');
    expect(has(aalco, '网络主权研讨会') || has(aalco, 'data flows')).toBe(false);
    const [zh] = to(sent, 'zh@example.org');
    expect(zh!.subject).toBe('新报告：网络主权研讨会在乌镇举行');
    expect(has(zh, 'AALCO') || has(zh, 'data flows')).toBe(false);
    const [all] = to(sent, 'all@example.org');
    for (const title of ['AALCO meets', '网络主权研讨会', 'data flows']) expect(has(all, title)).toBe(true);
  });

  it('in the weekly digest', async () => {
    const monday = nextDueAt('weekly', 'UTC', Date.now(), CONFIG)!;
    await addSubscriber({ email: 'weekly@example.org', frequency: 'weekly', query: 'data flows' });
    await threeReports();
    const { sent } = await run(HOURLY, monday);
    expect(sent.map((m) => [m.to, m.subject])).toEqual([['weekly@example.org', 'New report: A seminar on data flows']]);
  });

  it('in instant emails: one per matching report, none for the others, the window moved past them all', async () => {
    const reader = await addSubscriber({ email: 'instant@example.org', frequency: 'instant', query: '主权' });
    await threeReports();
    const { sent } = await run(FREQUENT, Date.now() + 60_000);
    expect(sent.map((m) => m.subject)).toEqual(['New report: 网络主权研讨会在乌镇举行']);
    const lastSeq = await env.DB.prepare('SELECT last_seq FROM subscribers WHERE id = ?1').bind(reader).first('last_seq');
    expect(lastSeq).toBe(await latestSeq(env.DB));
    expect((await ledger()).map((r) => r.status)).toEqual(['sent']);
  });

  it('combines the query with topics and language: a report must match all', async () => {
    await create({ title: 'AALCO on data flows', topics: ['data'] });
    await create({ title: 'AALCO on sovereignty', topics: ['sovereignty'] });
    await create({ title: 'AALCO 数据流动', slug: 'aalco-data-zh', lang: 'zh', topics: ['data'] });
    await create({ title: 'Data flows without the word', topics: ['data'] });
    await addSubscriber({ email: 'and@example.org', query: 'AALCO', topics: ['data'], lang: 'en' });
    const [mail] = (await daily()).sent;
    expect(mail!.subject).toBe('New report: AALCO on data flows');
    expect(has(mail, 'sovereignty') || has(mail, '数据流动') || has(mail, 'without the word')).toBe(false);
  });

  it('sends nothing to a reader whose query matches nothing in the window, and moves them past it', async () => {
    const reader = await addSubscriber({ email: 'nothing@example.org', query: 'Tallinn Manual' });
    await threeReports();
    const { sent, messages } = await daily();
    expect(messages).toBe(1);
    expect(sent).toEqual([]);
    expect(await ledger()).toEqual([]);
    expect(await env.DB.prepare('SELECT last_seq FROM subscribers WHERE id = ?1').bind(reader).first('last_seq')).toBe(await latestSeq(env.DB));
    expect((await daily()).messages).toBe(0);
  });

  it('sends nothing twice when a run is repeated, or its messages delivered twice', async () => {
    await addSubscriber({ email: 'once@example.org', query: 'AALCO' });
    await threeReports();
    const at = Date.now() + HOUR;
    const queue = recordingQueue();
    await runCron(HOURLY, at, { DIGESTS: queue.queue });
    await runCron(HOURLY, at, { DIGESTS: queue.queue });
    const mail = recordingEmail();
    await consume(queue.messages, { EMAIL: mail.binding });
    await consume(queue.messages, { EMAIL: mail.binding });
    await Promise.all([consume(queue.messages, { EMAIL: mail.binding }), consume(queue.messages, { EMAIL: mail.binding })]);
    expect(mail.sent.map((m) => m.subject)).toEqual(['New report: AALCO meets on due diligence']);
  });

  it('applies the query saved when the digest goes out: changed between runs, the new one', async () => {
    const { manage } = await subscriberWithTokens({ email: 'changer@example.org', frequency: 'daily', nextDueAt: 0 });
    await postForm(`/preferences?token=${manage}`, { frequency: 'daily', timezone: 'UTC', query: 'AALCO' });
    await env.DB.prepare("UPDATE subscribers SET next_due_at = 0 WHERE email = 'changer@example.org'").run();
    await create({ title: 'AALCO first' });
    await create({ title: 'Wuzhen first' });
    const first = await daily();
    expect(first.sent.map((m) => m.subject)).toEqual(['New report: AALCO first']);
    await postForm(`/preferences?token=${manage}`, { frequency: 'daily', timezone: 'UTC', query: 'Wuzhen' });
    await create({ title: 'AALCO second' });
    await create({ title: 'Wuzhen second' });
    const second = await run(HOURLY, Date.now() + 25 * HOUR);
    expect(second.sent.map((m) => m.subject)).toEqual(['New report: Wuzhen second']);
  });

  it('matches a report by its text when the email goes out: edited since it became public, the edit decides', async () => {
    await addSubscriber({ email: 'edited@example.org', query: 'AALCO' });
    const body = makeReport({ title: 'AALCO meets in New Delhi' });
    const saved = (await (await api('POST', '/reports', body)).json()) as { slug: string };
    await api('PUT', `/reports/${saved.slug}`, { ...body, title: 'An Asian-African meeting in New Delhi' });
    const late = makeReport({ title: 'A forum in Geneva' });
    const lateSaved = (await (await api('POST', '/reports', late)).json()) as { slug: string };
    await api('PUT', `/reports/${lateSaved.slug}`, { ...late, body: 'AALCO observers attended.' });
    const { sent } = await daily();
    expect(sent.map((m) => m.subject)).toEqual(['New report: A forum in Geneva']);
  });

  it('asks the index once per search in a batch, and composes one email per search and window', async () => {
    await threeReports();
    for (let i = 0; i < 5; i += 1) await addSubscriber({ email: `same${i}@example.org`, query: 'AALCO' });
    await addSubscriber({ email: 'other@example.org', query: 'data flows' });
    const queue = recordingQueue();
    await runCron(HOURLY, Date.now() + HOUR, { DIGESTS: queue.queue });
    const counted = countingDb(/search_index MATCH/);
    const mail = recordingEmail();
    await consume(queue.messages, { EMAIL: mail.binding, DB: counted.db });
    expect(mail.sent).toHaveLength(6);
    expect(new Set(to(mail.sent, 'other@example.org').map((m) => m.subject))).toEqual(new Set(['New report: A seminar on data flows']));
    expect(new Set(mail.sent.filter((m) => m.to !== 'other@example.org').map((m) => m.subject))).toEqual(new Set(['New report: AALCO meets on due diligence']));
    // Two searches followed: two questions to the index, not six.
    expect(counted.matches()).toBe(2);
  });
});

describe('the web digest follows a search too', () => {
  it('lists only the reports matching ?query=, and refuses a query the search would refuse (400 naming query)', async () => {
    await threeReports();
    const html = await (await get('/digest?query=AALCO')).text();
    expect(html).toContain('AALCO meets on due diligence');
    expect(html).not.toContain('data flows');
    const bad = await get(`/digest?query=${'x'.repeat(201)}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['query']);
  });
});

/** The real D1 binding, counting the statements whose SQL matches `pattern`. */
function countingDb(pattern: RegExp): { db: D1Database; matches: () => number } {
  let count = 0;
  const db = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === 'prepare') {
        return (sql: string) => {
          if (pattern.test(sql)) count += 1;
          return target.prepare(sql);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db, matches: () => count };
}
