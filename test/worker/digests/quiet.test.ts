import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { nextDueAt } from '../../../src/digests/schedule.ts';
import { latestSeq } from '../../../src/reports/publications-store.ts';
import { makeReport } from '../support/builders.ts';
import { DAY, HOUR } from '../support/clock.ts';
import { api, get } from '../support/worker.ts';
import { addSubscriber, consume, FREQUENT, HOURLY, recordingEmail, recordingQueue, runCron } from './helpers.ts';

/** Stores a report of 2017 through the API, with no `announce`: back catalogue, recorded quietly. */
async function backCatalogue(title: string): Promise<void> {
  const res = await api('POST', '/reports', makeReport({ title, published: '2017-12-04', announce: undefined }));
  expect(await res.json()).toMatchObject({ quiet: true });
}

/** Stores a report published yesterday: news. */
async function news(title: string): Promise<void> {
  const res = await api('POST', '/reports', makeReport({ title, published: new Date(Date.now() - DAY).toISOString(), announce: undefined }));
  expect(await res.json()).toMatchObject({ quiet: false });
}

async function lastSeqOf(id: number): Promise<number> {
  return (await env.DB.prepare('SELECT last_seq FROM subscribers WHERE id = ?1').bind(id).first<number>('last_seq'))!;
}

describe('quiet reports in the emails', () => {
  it('sends no instant email for a quiet report and opens no run for it; the next news moves the reader past it', async () => {
    const reader = await addSubscriber({ frequency: 'instant' });
    await backCatalogue('Wuzhen forum of 2017');
    const quiet = recordingQueue();
    await runCron(FREQUENT, Date.now() + 60_000, { DIGESTS: quiet.queue });
    expect(quiet.messages).toEqual([]);
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM runs').first('n')).toBe(0);

    await news('A workshop held yesterday');
    await backCatalogue('Rule of law workshop of 2022');
    const queue = recordingQueue();
    await runCron(FREQUENT, Date.now() + 2 * 60_000, { DIGESTS: queue.queue });
    const mail = recordingEmail();
    await consume(queue.messages, { EMAIL: mail.binding });
    expect(mail.sent.map((m) => m.subject)).toEqual([expect.stringContaining('A workshop held yesterday')]);
    expect(await lastSeqOf(reader)).toBe(await latestSeq(env.DB));

    const again = recordingQueue();
    await runCron(FREQUENT, Date.now() + 8 * 60_000, { DIGESTS: again.queue });
    expect(again.messages).toEqual([]);
  });

  it('leaves quiet reports out of the daily digest, and sends none when only quiet reports came', async () => {
    const reader = await addSubscriber({ frequency: 'daily', confirmedAt: Date.now() - 1000 });
    await backCatalogue('Wuzhen forum of 2017');
    const seven = nextDueAt('daily', 'UTC', Date.now(), { hour: 7, weekday: 1 })!;
    const first = recordingQueue();
    await runCron(HOURLY, seven, { DIGESTS: first.queue });
    const mail = recordingEmail();
    await consume(first.messages, { EMAIL: mail.binding });
    expect(mail.sent).toEqual([]);
    expect(await lastSeqOf(reader)).toBe(await latestSeq(env.DB));

    await news('A workshop held yesterday');
    await backCatalogue('Rule of law workshop of 2022');
    const second = recordingQueue();
    await runCron(HOURLY, seven + DAY, { DIGESTS: second.queue });
    await consume(second.messages, { EMAIL: mail.binding });
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]!.text).toContain('A workshop held yesterday');
    expect(mail.sent[0]!.text).not.toContain('of 2017');
    expect(mail.sent[0]!.text).not.toContain('of 2022');
  });

  it('leaves quiet reports out of the web digest and the archive’s editions', async () => {
    await backCatalogue('Wuzhen forum of 2017');
    await news('A workshop held yesterday');
    const web = await (await get('/digest.json')).text();
    expect(web).toContain('A workshop held yesterday');
    expect(web).not.toContain('Wuzhen forum of 2017');
    await runCron(HOURLY, nextDueAt('daily', 'UTC', Date.now(), { hour: 7, weekday: 1 })!);
    const { results } = await env.DB.prepare("SELECT subject, count, digest FROM editions WHERE frequency = 'daily'").all<{ subject: string; count: number; digest: string }>();
    expect(results.map((e) => [e.subject, e.count])).toEqual([['New report: A workshop held yesterday', 1]]);
    expect(results[0]!.digest).not.toContain('Wuzhen forum of 2017');
  });

  it('makes no edition of a day when only quiet reports came', async () => {
    await backCatalogue('Wuzhen forum of 2017');
    await runCron(HOURLY, nextDueAt('daily', 'UTC', Date.now(), { hour: 7, weekday: 1 })! + HOUR);
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM editions').first('n')).toBe(0);
  });
});
