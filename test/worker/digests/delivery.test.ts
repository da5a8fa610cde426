import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { onDigestQueue } from '../../../src/digests/jobs.ts';
import { nextDueAt } from '../../../src/digests/schedule.ts';
import type { DigestMessage } from '../../../src/common/config.ts';
import { failingKv } from '../support/lagging-kv.ts';
import { create } from '../support/worker.ts';
import { addSubscriber, consume, FREQUENT, HOURLY, ledger, recordingEmail, recordingQueue, runCron, serviceError } from './helpers.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Subscribers, one report, one hourly run: the messages the cron enqueued. */
async function dailyRun(subscribers = 1) {
  for (let i = 0; i < subscribers; i += 1) await addSubscriber();
  await create({ title: 'Forum on data governance' });
  const queue = recordingQueue();
  await runCron(HOURLY, Date.now() + HOUR, { DIGESTS: queue.queue });
  return queue.messages;
}

describe('email that fails is told apart from email that may have gone', () => {
  it('leaves an email whose reports could not be read to be sent on the retry, not unknown', async () => {
    const messages = await dailyRun();
    // The first attempt claimed the window; the service refused (certainly not sent).
    await consume(messages, { EMAIL: recordingEmail(() => ({ throw: serviceError('E_RATE_LIMIT_EXCEEDED') })).binding });
    // The retry cannot read the reports (KV fails here for a moment): nothing was handed over.
    const unread = recordingEmail();
    const failed = await consume(messages, { EMAIL: unread.binding, REPORTS: failingKv(env.REPORTS) }, { attempts: 2 });
    expect(failed.retryMessages).toHaveLength(1);
    expect(unread.calls).toBe(0);
    expect((await ledger()).map((row) => row.status)).toEqual(['claimed']);
    const mail = recordingEmail();
    await consume(messages, { EMAIL: mail.binding }, { attempts: 3 });
    expect(mail.sent.map((m) => m.subject)).toEqual([expect.stringContaining('Forum on data governance')]);
    expect((await ledger()).map((row) => row.status)).toEqual(['sent']);
  });

  it('records a send the service does not answer in time as unknown, and goes on with the batch', async () => {
    const messages = await dailyRun(3);
    const slow = 'reader-slow@example.org';
    await env.DB.prepare('UPDATE subscribers SET email = ?1 WHERE id = ?2').bind(slow, messages[1]!.subscriber).run();
    const mail = recordingEmail();
    const hanging = {
      send: (message: EmailMessageBuilder) => (String(message.to) === slow ? new Promise<never>(() => {}) : mail.binding.send(message)),
    } as unknown as SendEmail;
    const batch = createMessageBatch<DigestMessage>('herald-digests', messages.map((body, i) => ({ id: `slow-${i}`, timestamp: new Date(), attempts: 1, body })));
    const ctx = createExecutionContext();
    await onDigestQueue(batch, { ...env, EMAIL: hanging }, ctx, Date.now(), undefined, { sendTimeoutMs: 200 });
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toHaveLength(3);
    expect(mail.sent).toHaveLength(2);
    const rows = await ledger();
    expect(rows.map((row) => row.status)).toEqual(['sent', 'unknown', 'sent']);
    expect(rows[1]!.error).toContain('did not answer');
  }, 20_000);
});

describe('the daily quota is the account’s', () => {
  it('pauses every run and the instant fan-out until midnight UTC, then resumes', async () => {
    await addSubscriber({ frequency: 'daily' });
    await addSubscriber({ frequency: 'instant' });
    await create({ title: 'Report before the quota ran out' });
    const at = Date.now() + HOUR;
    const daily = recordingQueue();
    await runCron(HOURLY, at, { DIGESTS: daily.queue });
    const instant = recordingQueue();
    await runCron(FREQUENT, at, { DIGESTS: instant.queue });
    expect(daily.messages).toHaveLength(1);
    expect(instant.messages).toHaveLength(1);
    // The service's answer to every call today, whichever run makes it.
    const mail = recordingEmail(() => ({ throw: serviceError('E_DAILY_LIMIT_EXCEEDED') }));
    const held = recordingQueue();
    await consume(daily.messages, { EMAIL: mail.binding, DIGESTS: held.queue });
    expect(mail.calls).toBe(1);
    // Another run's messages wait without asking the service again.
    await consume(instant.messages, { EMAIL: mail.binding, DIGESTS: held.queue });
    expect(mail.calls).toBe(1);
    // And the 5-minute cron enqueues no more instant sends while the pause lasts.
    await create({ title: 'Report during the pause' });
    const during = recordingQueue();
    await runCron(FREQUENT, Date.now() + 60_000, { DIGESTS: during.queue });
    expect(during.messages).toEqual([]);
    expect(mail.calls).toBe(1);
    // After midnight UTC the held messages go out, and the fan-out resumes.
    const reset = Math.floor(Date.now() / DAY + 1) * DAY;
    const sent = recordingEmail();
    const batch = createMessageBatch<DigestMessage>('herald-digests', [...daily.messages, ...instant.messages].map((body, i) => ({ id: `after-${i}`, timestamp: new Date(), attempts: 1, body })));
    await onDigestQueue(batch, { ...env, EMAIL: sent.binding }, createExecutionContext(), reset + 60_000);
    expect(sent.sent).toHaveLength(2);
    const after = recordingQueue();
    await runCron(FREQUENT, reset + 5 * 60_000, { DIGESTS: after.queue });
    expect(after.messages).toHaveLength(1);
  });
});

describe('one failing step stops no other', () => {
  it('enqueues the 07:00 digests when keeping the day’s edition fails', async () => {
    const id = await addSubscriber({ confirmedAt: Date.now() - 1000 });
    await create({ title: 'Mailed although the archive failed' });
    const seven = nextDueAt('daily', 'UTC', Date.now(), { hour: 7, weekday: 1 })!;
    const queue = recordingQueue();
    await expect(runCron(HOURLY, seven, { DIGESTS: queue.queue, REPORTS: failingKv(env.REPORTS) })).rejects.toThrow();
    expect(queue.messages.map((m) => m.subscriber)).toEqual([id]);
  });

  it('records a report that came due, and mails it, when the WebSub hub never answers', async () => {
    await addSubscriber({ frequency: 'instant' });
    const due = Date.now() + 10 * 60_000;
    await create({ title: 'Due while the hub hangs', published: new Date(due).toISOString() });
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(
      (_input, init) => new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason))),
    );
    const queue = recordingQueue();
    try {
      await runCron(FREQUENT, due + 60_000, { DIGESTS: queue.queue, WEBSUB_HUB: 'https://hub.example.org/' });
    } finally {
      spy.mockRestore();
    }
    expect(queue.messages).toHaveLength(1);
  }, 15_000);
});
