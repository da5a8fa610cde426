import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../../src/index.ts';
import { addSubscriber, consume, FREQUENT, recordingEmail, recordingQueue, runCron } from './digests/helpers.ts';
import { create } from './support/worker.ts';

/** A D1 database that refuses every statement touching `table`, as a broken migration would. */
function databaseWithout(table: string): D1Database {
  return new Proxy(env.DB, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'prepare') return typeof value === 'function' ? value.bind(target) : value;
      return (sql: string) => {
        if (new RegExp(`\\b${table}\\b`).test(sql)) throw new Error(`D1_ERROR: no such table: ${table}`);
        return target.prepare(sql);
      };
    },
  });
}

/** The JSON log lines written through one console method during `run`. */
async function logged(method: 'log' | 'warn' | 'error', run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const spy = vi.spyOn(console, method);
  try {
    await run();
    return spy.mock.calls.flatMap(([line]) => {
      try {
        return [JSON.parse(String(line)) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('the entry points', () => {
  it('runs every job of a cron even when one fails, then reports the failure', async () => {
    await addSubscriber({ frequency: 'instant' });
    await create({ title: 'Sent although cross-posting is broken' });
    const queue = recordingQueue();
    const errors = await logged('error', async () => {
      await expect(runCron(FREQUENT, Date.now() + 60_000, { DIGESTS: queue.queue, DB: databaseWithout('channels') })).rejects.toThrow(/1 of the \d+ jobs/);
    });
    expect(errors).toContainEqual(expect.objectContaining({ level: 'error', event: 'job-failed', job: 'crosspostDue' }));
    // The instant emails came after the failed cross-post job and still went out.
    const mail = recordingEmail();
    await consume(queue.messages, { EMAIL: mail.binding });
    expect(mail.sent.map((m) => m.subject)).toEqual([expect.stringContaining('Sent although cross-posting is broken')]);
  });

  it('leaves a batch from an unknown queue unacknowledged, so it is retried and not lost', async () => {
    const batch = createMessageBatch('herald-unknown', [{ id: 'm1', timestamp: new Date(), attempts: 1, body: { subscriber: 1, run: 1 } }]);
    const ctx = createExecutionContext();
    const errors = await logged('error', () => worker.queue(batch, env, ctx));
    const result = await getQueueResult(batch, ctx);
    expect(result.retryBatch.retry).toBe(true);
    expect(result.explicitAcks).toEqual([]);
    expect(errors).toContainEqual(expect.objectContaining({ event: 'unknown-queue', queue: 'herald-unknown' }));
  });

  it('logs an ordinary digest run as info, not as an error', async () => {
    await addSubscriber({ frequency: 'instant' });
    await create({ title: 'An ordinary day' });
    const queue = recordingQueue();
    const errorSpy = vi.spyOn(console, 'error');
    const warnSpy = vi.spyOn(console, 'warn');
    const info = await logged('log', async () => {
      await runCron(FREQUENT, Date.now() + 60_000, { DIGESTS: queue.queue });
      await consume(queue.messages, { EMAIL: recordingEmail().binding });
    });
    expect(info).toContainEqual(expect.objectContaining({ level: 'info', event: 'digest-run', frequency: 'instant' }));
    expect(info).toContainEqual(expect.objectContaining({ level: 'info', event: 'digest-batch', done: 1 }));
    expect(errorSpy).not.toHaveBeenCalled();
    expect(warnSpy).not.toHaveBeenCalled();
  });
});
