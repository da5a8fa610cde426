import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { consume, FREQUENT, recordingEmail, recordingQueue, runCron } from './helpers.ts';
import { consumeEvents, sendingEvent, sendsOf, sentEmails, statusOf } from './email-events.ts';
import { create } from '../support/worker.ts';

/** Runs the 5-minute cron a little later and sends what it enqueued: the emails the subscriber gets next. */
async function nextEmails(minutes: number): Promise<string[]> {
  await create();
  const queue = recordingQueue();
  await runCron(FREQUENT, Date.now() + minutes * 60_000, { DIGESTS: queue.queue });
  const mail = recordingEmail();
  await consume(queue.messages, { EMAIL: mail.binding });
  return mail.sent.map((m) => m.to);
}

describe('delivery events move a sent email on', () => {
  it('marks a sent email delivered, matching the id the send recorded', async () => {
    const { subscriber, messageIds } = await sentEmails(1);
    const result = await consumeEvents([sendingEvent('delivered', messageIds[0]!)]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await sendsOf(subscriber)).toEqual([expect.objectContaining({ status: 'delivered', bounce_type: null })]);
    expect(await statusOf(subscriber)).toBe('active');
  });

  it('finds the send whether the event gives the id bare or in angle brackets', async () => {
    const { subscriber, messageIds } = await sentEmails(2);
    await consumeEvents([sendingEvent('delivered', messageIds[0]!), sendingEvent('delivered', `<${messageIds[1]!}>`)]);
    expect((await sendsOf(subscriber)).map((s) => s.status)).toEqual(['delivered', 'delivered']);
  });

  it('leaves an email sent while the service is still retrying it (deferred)', async () => {
    const { subscriber, messageIds } = await sentEmails(1);
    const result = await consumeEvents([sendingEvent('deferred', messageIds[0]!)]);
    expect(result.explicitAcks).toHaveLength(1);
    expect((await sendsOf(subscriber)).map((s) => s.status)).toEqual(['sent']);
    expect(await statusOf(subscriber)).toBe('active');
  });

  it('records a failed or rejected email as failed, without the provider’s text', async () => {
    const { subscriber, messageIds } = await sentEmails(2);
    await consumeEvents([sendingEvent('failed', messageIds[0]!), sendingEvent('rejected', messageIds[1]!, { rejection: 'spam' })]);
    const sends = await sendsOf(subscriber);
    expect(sends.map((s) => s.status)).toEqual(['failed', 'failed']);
    expect(sends.map((s) => s.error)).toEqual(['email service: failed (delivery_failed)', 'email service: rejected (spam, party recipient)']);
    expect(await statusOf(subscriber)).toBe('active');
  });
});

describe('complaints and bounces stop the mail', () => {
  it('suppresses a subscriber who complains at once, and mails them nothing more', async () => {
    const { subscriber, messageIds } = await sentEmails(1);
    await consumeEvents([sendingEvent('delivered', messageIds[0]!), sendingEvent('complained', messageIds[0]!)]);
    expect((await sendsOf(subscriber)).map((s) => s.status)).toEqual(['complained']);
    expect(await statusOf(subscriber)).toBe('suppressed');
    expect(await nextEmails(6)).toEqual([]);
  });

  it('suppresses at the first hard bounce', async () => {
    const { subscriber, messageIds } = await sentEmails(1);
    await consumeEvents([sendingEvent('bounced', messageIds[0]!, { bounce: 'hard' })]);
    const [send] = await sendsOf(subscriber);
    expect(send).toMatchObject({ status: 'bounced', bounce_type: 'hard', error: 'email service: bounced (hard bounce, permanent_failure, 550 5.1.1)' });
    expect(await statusOf(subscriber)).toBe('suppressed');
  });

  it('suppresses a subscriber the service rejected as suppressed', async () => {
    const { subscriber, messageIds } = await sentEmails(1);
    await consumeEvents([sendingEvent('rejected', messageIds[0]!, { rejection: 'suppressed' })]);
    expect(await statusOf(subscriber)).toBe('suppressed');
  });

  it('counts soft bounces and suppresses at the third in a row', async () => {
    const { subscriber, messageIds } = await sentEmails(3);
    await consumeEvents([sendingEvent('bounced', messageIds[0]!, { bounce: 'soft' }), sendingEvent('bounced', messageIds[1]!, { bounce: 'soft' })]);
    expect(await statusOf(subscriber)).toBe('active');
    await consumeEvents([sendingEvent('bounced', messageIds[2]!, { bounce: 'soft' })]);
    expect((await sendsOf(subscriber)).map((s) => `${s.status}:${s.bounce_type}`)).toEqual(['bounced:soft', 'bounced:soft', 'bounced:soft']);
    expect(await statusOf(subscriber)).toBe('suppressed');
  });

  it('starts the soft-bounce count again after a delivery', async () => {
    const { subscriber, messageIds } = await sentEmails(5);
    const soft = (i: number) => sendingEvent('bounced', messageIds[i]!, { bounce: 'soft' });
    await consumeEvents([soft(0), soft(1), sendingEvent('delivered', messageIds[2]!), soft(3), soft(4)]);
    expect(await statusOf(subscriber)).toBe('active');
  });

  it('counts the streak in the order the emails were sent, whatever order the events come in', async () => {
    const { subscriber, messageIds } = await sentEmails(4);
    const soft = (i: number) => sendingEvent('bounced', messageIds[i]!, { bounce: 'soft' });
    // The newest email was delivered; its event came first. Three soft bounces before it are no streak.
    await consumeEvents([sendingEvent('delivered', messageIds[3]!), soft(2), soft(0), soft(1)]);
    expect(await statusOf(subscriber)).toBe('active');
  });

  it('counts a soft bounce delivered twice once', async () => {
    const { subscriber, messageIds } = await sentEmails(2);
    const first = sendingEvent('bounced', messageIds[0]!, { bounce: 'soft' });
    await consumeEvents([first, first]);
    await consumeEvents([first], { attempts: 2 });
    await consumeEvents([sendingEvent('bounced', messageIds[1]!, { bounce: 'soft' })]);
    expect(await statusOf(subscriber)).toBe('active');
  });
});

describe('repeated and late events', () => {
  it('applies an event delivered twice once', async () => {
    const { subscriber, messageIds, run } = await sentEmails(1);
    const event = sendingEvent('delivered', messageIds[0]!);
    const result = await consumeEvents([event, event]);
    expect(result.explicitAcks).toHaveLength(2);
    const counts = await env.DB.prepare("SELECT COUNT(*) AS n FROM sends WHERE run_id = ?1 AND status = 'delivered'").bind(run).first<{ n: number }>();
    expect(counts!.n).toBe(1);
    expect(await statusOf(subscriber)).toBe('active');
  });

  it('never moves an email back: delivered after complained stays complained', async () => {
    const { subscriber, messageIds } = await sentEmails(1);
    await consumeEvents([sendingEvent('complained', messageIds[0]!)]);
    await consumeEvents([sendingEvent('delivered', messageIds[0]!), sendingEvent('bounced', messageIds[0]!, { bounce: 'hard' })]);
    expect((await sendsOf(subscriber)).map((s) => s.status)).toEqual(['complained']);
    expect(await statusOf(subscriber)).toBe('suppressed');
  });

  it('keeps a bounce when the delivered event arrives after it, and a hard bounce over a soft one', async () => {
    const { subscriber, messageIds } = await sentEmails(2);
    await consumeEvents([sendingEvent('bounced', messageIds[0]!, { bounce: 'soft' }), sendingEvent('delivered', messageIds[0]!)]);
    await consumeEvents([sendingEvent('bounced', messageIds[1]!, { bounce: 'hard' }), sendingEvent('bounced', messageIds[1]!, { bounce: 'soft' })]);
    expect((await sendsOf(subscriber)).map((s) => `${s.status}:${s.bounce_type}`)).toEqual(['bounced:soft', 'bounced:hard']);
  });

  it('ends at the strongest outcome when consumers race on one email', async () => {
    const { subscriber, messageIds } = await sentEmails(1);
    const id = messageIds[0]!;
    await Promise.all([consumeEvents([sendingEvent('delivered', id)]), consumeEvents([sendingEvent('complained', id)]), consumeEvents([sendingEvent('delivered', id)])]);
    expect((await sendsOf(subscriber)).map((s) => s.status)).toEqual(['complained']);
    expect(await statusOf(subscriber)).toBe('suppressed');
  });

  it('suppresses on a repeated complaint when the first attempt stopped before suppressing', async () => {
    const { subscriber, messageIds } = await sentEmails(1);
    const complaint = sendingEvent('complained', messageIds[0]!);
    await consumeEvents([complaint]);
    // As if the consumer had stopped between the two writes: the send moved, the subscriber did not.
    await env.DB.prepare("UPDATE subscribers SET status = 'active' WHERE id = ?1").bind(subscriber).run();
    await consumeEvents([complaint], { attempts: 2 });
    expect(await statusOf(subscriber)).toBe('suppressed');
  });
});
