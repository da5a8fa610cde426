import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { addSubscriber, consume, HOURLY, ledger, recordingEmail, recordingQueue, runCron, serviceError } from './helpers.ts';
import { create } from '../support/worker.ts';

const HOUR = 3_600_000;

/** Subscribers, one report, one hourly run: the messages the cron enqueued. */
async function dailyRun(subscribers = 1, at = Date.now() + HOUR) {
  const ids: number[] = [];
  for (let i = 0; i < subscribers; i += 1) ids.push(await addSubscriber());
  await create({ title: 'Forum on data governance' });
  const queue = recordingQueue();
  await runCron(HOURLY, at, { DIGESTS: queue.queue });
  return { ids, messages: queue.messages, at, queue };
}

describe('exactly once', () => {
  it('sends one email when the cron runs twice for the same hour', async () => {
    const { messages, at, queue } = await dailyRun();
    await runCron(HOURLY, at, { DIGESTS: queue.queue });
    const runs = await env.DB.prepare('SELECT COUNT(*) AS n FROM runs').first<{ n: number }>();
    expect(runs!.n).toBe(1);
    const mail = recordingEmail();
    await consume(messages, { EMAIL: mail.binding });
    expect(mail.sent).toHaveLength(1);
  });

  it('sends nothing again when the queue redelivers a message that succeeded', async () => {
    const { messages } = await dailyRun();
    const mail = recordingEmail();
    await consume(messages, { EMAIL: mail.binding });
    const again = await consume(messages, { EMAIL: mail.binding }, { attempts: 2 });
    expect(mail.sent).toHaveLength(1);
    expect(again.explicitAcks).toHaveLength(1);
  });

  it('sends one email when two consumers race on the same subscriber', async () => {
    const { messages } = await dailyRun();
    const mail = recordingEmail();
    await Promise.all([consume(messages, { EMAIL: mail.binding }), consume(messages, { EMAIL: mail.binding }), consume(messages, { EMAIL: mail.binding })]);
    expect(mail.sent).toHaveLength(1);
    expect((await ledger()).map((row) => row.status)).toEqual(['sent']);
  });

  it('sends a claimed email that a crash left unsent when the message comes back', async () => {
    const { messages } = await dailyRun();
    // A first attempt claimed the window and stopped before handing the email over.
    const failing = recordingEmail(() => ({ throw: serviceError('E_RATE_LIMIT_EXCEEDED') }));
    await consume(messages, { EMAIL: failing.binding });
    expect((await ledger()).map((row) => row.status)).toEqual(['claimed']);
    const mail = recordingEmail();
    await consume(messages, { EMAIL: mail.binding }, { attempts: 2 });
    expect(mail.sent).toHaveLength(1);
    expect((await ledger()).map((row) => row.status)).toEqual(['sent']);
  });

  it('records an unknown outcome and never resends it blindly', async () => {
    const { messages } = await dailyRun();
    const broken = recordingEmail(() => ({ throw: new Error('network connection lost') }));
    const result = await consume(messages, { EMAIL: broken.binding });
    expect(result.explicitAcks).toHaveLength(1);
    const mail = recordingEmail();
    await consume(messages, { EMAIL: mail.binding }, { attempts: 2 });
    expect(mail.calls).toBe(0);
    const [row] = await ledger();
    expect(row!.status).toBe('unknown');
    expect(row!.error).toContain('network connection lost');
  });

  it('marks an email left half-sent by a crash as unknown, not as sent or to send', async () => {
    const { messages } = await dailyRun();
    const failing = recordingEmail(() => ({ throw: serviceError('E_RATE_LIMIT_EXCEEDED') }));
    await consume(messages, { EMAIL: failing.binding });
    // The next attempt took it for sending ten minutes ago and never came back.
    await env.DB.prepare("UPDATE sends SET status = 'sending', updated_at = ?1").bind(Date.now() - 10 * 60_000).run();
    const mail = recordingEmail();
    await consume(messages, { EMAIL: mail.binding }, { attempts: 3 });
    expect(mail.calls).toBe(0);
    expect((await ledger()).map((row) => row.status)).toEqual(['unknown']);
  });
});

describe('failures', () => {
  it('keeps sending to the others when the service refuses one subscriber, and retries that one later', async () => {
    const { ids, messages } = await dailyRun(5);
    const refused = 'reader-refused@example.org';
    await env.DB.prepare('UPDATE subscribers SET email = ?1 WHERE id = ?2').bind(refused, ids[2]).run();
    const mail = recordingEmail((to) => (to === refused ? { throw: serviceError('E_RATE_LIMIT_EXCEEDED') } : undefined));
    const result = await consume(messages, { EMAIL: mail.binding });
    expect(mail.sent).toHaveLength(4);
    expect(result.retryMessages).toHaveLength(1);
    expect(result.delays).toHaveLength(1);
    expect(result.delays[0]).toBeGreaterThanOrEqual(10);
    const later = recordingEmail();
    await consume([messages[2]!], { EMAIL: later.binding }, { attempts: 2 });
    expect(later.sent.map((m) => m.to)).toEqual([refused]);
  });

  it('stops mailing a subscriber the service reports as suppressed', async () => {
    const { ids, messages } = await dailyRun();
    const mail = recordingEmail(() => ({ throw: serviceError('E_RECIPIENT_SUPPRESSED') }));
    const result = await consume(messages, { EMAIL: mail.binding });
    expect(result.explicitAcks).toHaveLength(1);
    const row = await env.DB.prepare('SELECT status FROM subscribers WHERE id = ?1').bind(ids[0]).first<{ status: string }>();
    expect(row!.status).toBe('suppressed');
    await create();
    const queue = recordingQueue();
    await runCron(HOURLY, Date.now() + 30 * HOUR, { DIGESTS: queue.queue });
    expect(queue.messages).toEqual([]);
  });

  it('pauses the run until the quota resets when the daily limit is reached', async () => {
    const { messages } = await dailyRun(3);
    const mail = recordingEmail(() => ({ throw: serviceError('E_DAILY_LIMIT_EXCEEDED') }));
    const held = recordingQueue();
    const result = await consume(messages, { EMAIL: mail.binding, DIGESTS: held.queue });
    // The first refusal pauses sending; the others wait without asking the service. Each
    // message comes back as a new one after the reset, so waiting spends none of its attempts.
    expect(mail.calls).toBe(1);
    expect(result.explicitAcks).toHaveLength(3);
    expect(held.messages).toEqual(messages);
    for (const delay of held.delays) expect(delay).toBeGreaterThan(0);
    const run = await env.DB.prepare('SELECT paused_until FROM runs').first<{ paused_until: number }>();
    expect(run!.paused_until % 86_400_000).toBe(0);
    expect((await ledger()).map((row) => row.status)).toEqual(['claimed']);
  });

  it('records what ran out of retries as failed, with the last answer', async () => {
    const { messages } = await dailyRun();
    const mail = recordingEmail(() => ({ throw: serviceError('E_SENDER_NOT_VERIFIED') }));
    await consume(messages, { EMAIL: mail.binding });
    await consume(messages, {}, { queue: 'herald-digests-dlq', attempts: 6 });
    const [row] = await ledger();
    expect(row!.status).toBe('failed');
    expect(row!.error).toContain('E_SENDER_NOT_VERIFIED');
  });

  it('sends nothing to a subscriber who unsubscribed after the run began', async () => {
    const { ids, messages } = await dailyRun();
    await env.DB.prepare("UPDATE subscribers SET status = 'unsubscribed' WHERE id = ?1").bind(ids[0]).run();
    const mail = recordingEmail();
    await consume(messages, { EMAIL: mail.binding });
    expect(mail.calls).toBe(0);
  });
});

describe('scale', () => {
  it('sends exactly one email to each of 1,000 subscribers in one run', async () => {
    const ids: number[] = [];
    const statements = [];
    for (let i = 0; i < 1000; i += 1) {
      statements.push(
        env.DB.prepare(
          "INSERT INTO subscribers (email, status, frequency, topics, timezone, created_at, updated_at, confirmed_at, last_seq, next_due_at) VALUES (?1, 'active', 'daily', '[]', 'UTC', 0, 0, 0, 0, 0)",
        ).bind(`bulk${i}@example.org`),
      );
    }
    await env.DB.batch(statements);
    await create({ title: 'One report for a thousand readers' });
    const queue = recordingQueue();
    await runCron(HOURLY, Date.now() + HOUR, { DIGESTS: queue.queue });
    expect(queue.messages).toHaveLength(1000);
    expect(queue.sendBatchCalls).toBe(10);
    const mail = recordingEmail();
    for (let i = 0; i < queue.messages.length; i += 100) await consume(queue.messages.slice(i, i + 100), { EMAIL: mail.binding });
    expect(mail.sent).toHaveLength(1000);
    expect(new Set(mail.sent.map((m) => m.to)).size).toBe(1000);
    ids.push(...new Set(queue.messages.map((m) => m.subscriber)));
    expect(ids).toHaveLength(1000);
  }, 180_000);
});
