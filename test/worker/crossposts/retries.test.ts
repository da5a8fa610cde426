import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../support/clock.ts';
import { api } from '../support/worker.ts';
import { addChannel, adminApi, consume, deliveries, dispatch, publish, recordingQueue, service, WEBHOOK_SECRET } from './helpers.ts';

const HOOK = 'https://hooks.example.net/herald';

async function webhookChannel() {
  await addChannel('site', { type: 'webhook', url: HOOK, secret: WEBHOOK_SECRET });
}

/** The delivery log as the admin API shows it. */
async function log(): Promise<{ id: number; status: string; attempts: number; next_attempt_at: string | null }[]> {
  return (await (await api('GET', '/deliveries')).json<{ deliveries: never[] }>()).deliveries;
}

const noAnswer = () => {
  throw new DOMException('The operation timed out.', 'TimeoutError');
};
const connectionReset = () => {
  throw new TypeError('Network connection lost.');
};

describe('on channels that do not drop repeats, a request that got no answer may have been posted', () => {
  const chats: [string, Record<string, unknown>, () => never][] = [
    ['Slack (timeout)', { type: 'slack', url: 'https://hooks.slack.example/services/T/B/X' }, noAnswer],
    ['Discord (connection reset)', { type: 'discord', url: 'https://discord.example/api/webhooks/1/abc' }, connectionReset],
    ['Teams (timeout)', { type: 'teams', url: 'https://prod.logic.example/workflows/abc' }, noAnswer],
    ['Telegram (connection reset)', { type: 'telegram', bot_token: '123:ABC', chat_id: '@heraldnews' }, connectionReset],
  ];
  for (const [what, channel, fail] of chats) {
    it(`${what}: recorded unknown, posted once, never retried by itself; a person may retry it`, async () => {
      await addChannel('chat', channel);
      const { queue, messages } = recordingQueue();
      await publish(queue);
      const chat = service(fail);
      const first = await consume(messages, chat.fetcher);
      expect(first.retryMessages).toHaveLength(0);
      expect((await deliveries())[0]).toMatchObject({ status: 'unknown', attempts: 1, last_status: null });
      // Neither a redelivered message nor the cron sends it again.
      await consume(messages, chat.fetcher, { attempts: 2 });
      expect((await dispatch(Date.now() + DAY)).messages).toEqual([]);
      expect(chat.received).toHaveLength(1);
      // The retry button is for a person who checked the channel.
      const again = recordingQueue();
      expect((await adminApi('POST', `/deliveries/${(await deliveries())[0]!.id}/retry`, undefined, { CROSSPOSTS: again.queue })).status).toBe(202);
      await consume(again.messages, service().fetcher);
      expect((await deliveries())[0]!.status).toBe('sent');
    });
  }

  it('Slack: a 5xx answer is a refusal, and is retried', async () => {
    await addChannel('chat', { type: 'slack', url: 'https://hooks.slack.example/services/T/B/X' });
    const { queue, messages } = recordingQueue();
    await publish(queue);
    const result = await consume(messages, service(() => new Response('internal_error', { status: 500 })).fetcher);
    expect(result.retryMessages).toHaveLength(1);
    expect((await deliveries())[0]).toMatchObject({ status: 'retrying', last_status: 500 });
  });

  it('Mastodon, which drops a repeated Idempotency-Key: a lost answer is retried with the same key', async () => {
    await addChannel('masto', { type: 'mastodon', instance: 'https://social.example', access_token: 'tok' });
    const { queue, messages } = recordingQueue();
    await publish(queue);
    const masto = service((_r, n) => (n === 1 ? noAnswer() : Response.json({ id: '1', url: 'https://social.example/@herald/1' })));
    const T = Date.now();
    expect((await consume(messages, masto.fetcher, { now: T })).retryMessages).toHaveLength(1);
    await consume(messages, masto.fetcher, { attempts: 2, now: T + HOUR });
    expect(masto.received.map((r) => r.headers['idempotency-key'])).toEqual([masto.received[0]!.headers['idempotency-key'], masto.received[0]!.headers['idempotency-key']]);
    expect((await deliveries())[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

describe('retries keep their schedule in D1', () => {
  it('waits an hour when asked for an hour: not on a redelivered message, not on the cron, then once', async () => {
    await webhookChannel();
    const { queue, messages } = recordingQueue();
    await publish(queue);
    const T = Date.now();
    const hook = service((_r, n) => (n === 1 ? new Response('slow down', { status: 429, headers: { 'retry-after': '3600' } }) : new Response('ok')));
    const first = await consume(messages, hook.fetcher, { now: T });
    expect(first.delays[0]).toBeGreaterThanOrEqual(3600);
    // The same message delivered again (a restart) ten minutes later sends nothing.
    const redelivered = await consume(messages, hook.fetcher, { now: T + 10 * MINUTE, attempts: 2 });
    expect(redelivered.retryMessages).toHaveLength(0);
    expect((await dispatch(T + 30 * MINUTE)).messages).toEqual([]);
    expect(hook.received).toHaveLength(1);
    // The log says when the next attempt is due.
    expect(Date.parse((await log())[0]!.next_attempt_at!)).toBeGreaterThanOrEqual(T + HOUR);
    const due = await dispatch(T + HOUR + MINUTE);
    expect(due.messages).toHaveLength(1);
    await consume(due.messages, hook.fetcher, { now: T + HOUR + MINUTE });
    expect(hook.received).toHaveLength(2);
    expect((await deliveries())[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('waits 13 hours when asked, longer than a queue delay can be: the cron enqueues it when its time has come', async () => {
    await webhookChannel();
    const { queue, messages } = recordingQueue();
    await publish(queue);
    const T = Date.now();
    const hook = service((_r, n) => (n === 1 ? new Response('slow down', { status: 429, headers: { 'retry-after': String(13 * 3600) } }) : new Response('ok')));
    const first = await consume(messages, hook.fetcher, { now: T });
    expect(first.retryMessages).toHaveLength(0);
    expect((await deliveries())[0]!.status).toBe('retrying');
    expect((await dispatch(T + 12 * HOUR + MINUTE)).messages).toEqual([]);
    const due = await dispatch(T + 13 * HOUR + MINUTE);
    expect(due.messages).toHaveLength(1);
    await consume(due.messages, hook.fetcher, { now: T + 13 * HOUR + MINUTE });
    expect(hook.received).toHaveLength(2);
  });

  it('gives up after 6 attempts in all, however often the cron enqueues the delivery again', async () => {
    await webhookChannel();
    const { queue, messages } = recordingQueue();
    await publish(queue);
    const down = service(() => new Response('down', { status: 502 }));
    let t = Date.now();
    let next = messages;
    for (let round = 1; round <= 7 && next.length > 0; round++) {
      // Each time a fresh message (the queue counts 1): its retry is lost, the cron finds the delivery.
      await consume(next, down.fetcher, { now: t });
      t += 20 * HOUR;
      next = (await dispatch(t)).messages;
    }
    expect(down.received).toHaveLength(6);
    expect(next).toEqual([]);
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'failed', attempts: 6, last_status: 502 });
    expect(delivery!.last_error).toContain('gave up after 6 attempts');
  });
});

describe('the consumer reads the clock when it claims', () => {
  it('does not let a slow batch make its own next delivery look abandoned to the sweep', async () => {
    await webhookChannel();
    const { queue, messages } = recordingQueue();
    await publish(queue);
    await publish(queue);
    let t = Date.now();
    const swept: number[][] = [];
    const hook = service(async (_r, n) => {
      if (n === 1) t += 3 * MINUTE; // the first answer comes after longer than the lease
      else swept.push((await dispatch(t)).messages.map((m) => m.delivery));
      return new Response('ok');
    });
    await consume(messages, hook.fetcher, { clock: () => t });
    expect(swept).toEqual([[]]);
    expect(hook.received).toHaveLength(2);
    expect((await deliveries()).map((d) => d.status)).toEqual(['sent', 'sent']);
  });
});
