import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseEmailEvent } from '../../../src/digests/email-event.ts';
import { consumeEvents, RECIPIENT, sendingEvent, sendsOf, sentEmails, statusOf } from './email-events.ts';

/** Everything the Worker wrote to the console while `run` ran. */
async function logsOf(run: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const spies = (['log', 'warn', 'error'] as const).map((level) => vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' '))));
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines.join('\n');
}

afterEach(() => vi.restoreAllMocks());

describe('messages that are not Email Sending events as documented', () => {
  const valid = () => sendingEvent('complained', 'abc-msg-1');
  const broken: [string, unknown][] = [
    ['a body that is not JSON', '{"type": "cf.email.sending'],
    ['a number', 42],
    ['another source', { ...valid(), source: { type: 'r2' } }],
    ['no message id', { ...valid(), payload: { ...(valid().payload as object), messageId: undefined } }],
    ['a message id with a line break', { ...valid(), payload: { ...(valid().payload as object), messageId: 'a\nb' } }],
    ['no event time', { ...valid(), metadata: { eventSchemaVersion: 1 } }],
    ['an event time that is no date', { ...valid(), metadata: { eventSchemaVersion: 1, eventTimestamp: 'yesterday' } }],
    ['a bounce that says neither hard nor soft', { ...sendingEvent('bounced', 'abc-msg-1'), payload: { ...(sendingEvent('bounced', 'abc-msg-1').payload as object), bounce: { type: 'medium' } } }],
    ['another type', { ...valid(), type: 'cf.r2.object.created' }],
  ];

  for (const [what, body] of broken) {
    it(`acknowledges ${what}, changes nothing and logs which field, never a value`, async () => {
      const { subscriber, messageIds } = await sentEmails(1);
      const real = JSON.parse(JSON.stringify(body ?? null).replaceAll('abc-msg-1', messageIds[0]!)) as unknown;
      let result: Awaited<ReturnType<typeof consumeEvents>> | undefined;
      const logs = await logsOf(async () => (result = await consumeEvents([typeof body === 'string' ? body : real])));
      expect(result!.explicitAcks).toHaveLength(1);
      expect(result!.retryMessages).toEqual([]);
      expect((await sendsOf(subscriber)).map((s) => s.status)).toEqual(['sent']);
      expect(await statusOf(subscriber)).toBe('active');
      expect(logs).toContain('email-event-malformed');
      expect(logs).not.toContain(RECIPIENT);
    });
  }

  it('names the field at fault', () => {
    expect(parseEmailEvent({ ...sendingEvent('delivered', 'x'), source: { type: 'kv' } })).toEqual({ ok: false, reason: expect.stringMatching(/^source\.type: /) });
    expect(parseEmailEvent('not json')).toEqual({ ok: false, reason: 'body: not JSON' });
  });

  it('reads an event handed over as a JSON string, as a pull consumer or a replay may', async () => {
    const { subscriber, messageIds } = await sentEmails(1);
    await consumeEvents([JSON.stringify(sendingEvent('delivered', messageIds[0]!))]);
    expect((await sendsOf(subscriber)).map((s) => s.status)).toEqual(['delivered']);
  });

  it('acknowledges an Email Sending event of a kind it does not know, changing nothing', async () => {
    const { subscriber, messageIds } = await sentEmails(1);
    const opened = { ...sendingEvent('delivered', messageIds[0]!), type: 'cf.email.sending.message.opened' };
    const result = await consumeEvents([opened]);
    expect(result.explicitAcks).toHaveLength(1);
    expect((await sendsOf(subscriber)).map((s) => s.status)).toEqual(['sent']);
  });

  it('goes ahead with another schema version when the fields it reads are there, and says so', async () => {
    const { subscriber, messageIds } = await sentEmails(1);
    const event = sendingEvent('delivered', messageIds[0]!);
    const logs = await logsOf(() => consumeEvents([{ ...event, metadata: { ...(event.metadata as object), eventSchemaVersion: 2 } }]));
    expect((await sendsOf(subscriber)).map((s) => s.status)).toEqual(['delivered']);
    expect(logs).toContain('"event":"email-event-schema","message":"e');
  });
});

describe('addresses stay out of logs and the ledger', () => {
  it('logs and records no address and no provider text, whatever the event quotes', async () => {
    const { subscriber, messageIds } = await sentEmails(4, { email: RECIPIENT });
    const logs = await logsOf(() =>
      consumeEvents([
        sendingEvent('bounced', messageIds[0]!, { bounce: 'soft' }),
        sendingEvent('deferred', messageIds[1]!),
        sendingEvent('rejected', messageIds[2]!),
        sendingEvent('bounced', messageIds[3]!, { bounce: 'hard' }),
      ]),
    );
    expect(logs).toContain('subscriber-suppressed');
    expect(logs).not.toContain(RECIPIENT);
    expect(logs).not.toMatch(/mailbox busy|user unknown|is suppressed/);
    for (const send of await sendsOf(subscriber)) expect(send.error ?? '').not.toMatch(/@|mailbox busy|user unknown/);
  });
});

describe('events the ledger cannot place yet, and failures', () => {
  it('looks once more a minute later for an email it cannot find, then lets the event go', async () => {
    await sentEmails(1);
    const event = sendingEvent('complained', 'not-a-message-herald-recorded');
    const first = await consumeEvents([event]);
    expect(first.retryMessages).toHaveLength(1);
    expect(first.delays).toEqual([60]);
    const second = await consumeEvents([event], { attempts: 2 });
    expect(second.explicitAcks).toHaveLength(1);
    expect(second.retryMessages).toEqual([]);
  });

  it('places an event that came before the send’s message id was recorded when it comes back', async () => {
    const { subscriber, messageIds } = await sentEmails(1);
    const recorded = await env.DB.prepare('SELECT message_id FROM sends WHERE subscriber_id = ?1').bind(subscriber).first<{ message_id: string }>();
    await env.DB.prepare("UPDATE sends SET status = 'sending', message_id = NULL WHERE subscriber_id = ?1").bind(subscriber).run();
    const event = sendingEvent('delivered', messageIds[0]!);
    expect((await consumeEvents([event])).retryMessages).toHaveLength(1);
    await env.DB.prepare("UPDATE sends SET status = 'sent', message_id = ?2 WHERE subscriber_id = ?1").bind(subscriber, recorded!.message_id).run();
    await consumeEvents([event], { attempts: 2 });
    expect((await sendsOf(subscriber)).map((s) => s.status)).toEqual(['delivered']);
  });

  it('retries with a delay when D1 fails, and applies the event when it comes back', async () => {
    const { subscriber, messageIds } = await sentEmails(1);
    const failing = new Proxy(env.DB, { get: (target, prop) => (prop === 'prepare' ? () => { throw new Error('D1_ERROR: database unavailable'); } : Reflect.get(target, prop)) });
    const event = sendingEvent('complained', messageIds[0]!);
    let first: Awaited<ReturnType<typeof consumeEvents>> | undefined;
    const logs = await logsOf(async () => (first = await consumeEvents([event], { overrides: { DB: failing } })));
    expect(logs).toContain('"event":"email-event-error"');
    expect(first!.retryMessages).toHaveLength(1);
    expect(first!.delays[0]).toBeGreaterThanOrEqual(30);
    expect(await statusOf(subscriber)).toBe('active');
    await consumeEvents([event], { attempts: 2 });
    expect(await statusOf(subscriber)).toBe('suppressed');
  });

  it('handles what reaches the dead-letter queue like any event', async () => {
    const { subscriber, messageIds } = await sentEmails(1);
    const result = await consumeEvents([sendingEvent('bounced', messageIds[0]!, { bounce: 'hard' })], { queue: 'herald-email-events-dlq', attempts: 6 });
    expect(result.explicitAcks).toHaveLength(1);
    expect(await statusOf(subscriber)).toBe('suppressed');
  });
});
