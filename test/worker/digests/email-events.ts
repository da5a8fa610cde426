import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type { Env } from '../../../src/common/config.ts';
import worker from '../../../src/index.ts';
import { latestSeq } from '../../../src/reports/publications-store.ts';
import { recordRetryDelays } from '../support/worker.ts';
import { addSubscriber, consume, FREQUENT, recordingEmail, recordingQueue, runCron } from './helpers.ts';
import { create } from '../support/worker.ts';

/** The recipient every event below names: it must never reach a log line. */
export const RECIPIENT = 'reader.private@example.net';

let events = 0;

type Kind = 'delivered' | 'deferred' | 'bounced' | 'failed' | 'rejected' | 'complained';

/**
 * An Email Sending event as Cloudflare documents it (source `email.sending`, schema version
 * 1), for the message `messageId`. SMTP responses and bounce reasons quote the recipient's
 * address, as real ones often do.
 */
export function sendingEvent(kind: Kind, messageId: string, options: { bounce?: 'hard' | 'soft'; at?: string; eventId?: string; rejection?: string } = {}): Record<string, unknown> {
  events += 1;
  const smtp =
    kind === 'delivered'
      ? { smtpStatusCode: '250', smtpEnhancedStatusCode: '2.0.0', smtpResponse: `250 2.0.0 OK <${RECIPIENT}> accepted` }
      : options.bounce === 'hard' || (kind === 'bounced' && options.bounce === undefined)
        ? { smtpStatusCode: '550', smtpEnhancedStatusCode: '5.1.1', smtpResponse: `550 5.1.1 <${RECIPIENT}>: user unknown` }
        : { smtpStatusCode: '451', smtpEnhancedStatusCode: '4.2.0', smtpResponse: `451 4.2.0 <${RECIPIENT}> mailbox busy` };
  const payload: Record<string, unknown> = {
    eventId: options.eventId ?? `0190d0c4-7e9a-7b3c-9f12-${String(events).padStart(12, '0')}`,
    messageId,
    sender: 'digest@herald.example.org',
    recipient: RECIPIENT,
    subject: 'Herald daily digest',
    terminal: kind !== 'deferred',
    delivery: kind === 'failed' || kind === 'rejected' || kind === 'complained' ? { status: kind } : { status: kind, provider: 'external_smtp', deliveryTimeMs: 2143, ...smtp },
  };
  if (kind === 'bounced' || kind === 'deferred') {
    const type = kind === 'deferred' ? 'soft' : (options.bounce ?? 'hard');
    payload.bounce = { type, classification: type === 'hard' ? 'permanent_failure' : 'temporary_failure', reason: smtp.smtpResponse };
  }
  if (kind === 'failed') payload.failure = { reason: 'delivery_failed' };
  if (kind === 'rejected') payload.rejection = { reason: options.rejection ?? 'suppressed', party: 'recipient', detail: `Recipient ${RECIPIENT} is suppressed` };
  if (kind === 'complained') payload.complaint = { type: 'abuse' };
  return {
    type: `cf.email.sending.message.${kind}`,
    source: { type: 'email.sending', zoneId: '023e105f4ecef8ad9ca31a8372d0c353', domain: 'herald.example.org' },
    payload,
    metadata: { accountId: 'f9f79265f388666de8122cfb508d7776', eventSubscriptionId: '1830c4bb612e43c3af7f4cada31fbf3f', eventSchemaVersion: 1, eventTimestamp: options.at ?? new Date().toISOString() },
  };
}

let queueIds = 0;

/** Hands `bodies` to the Worker's queue handler as one batch of the events queue; returns acks and retries. */
export async function consumeEvents(bodies: unknown[], options: { attempts?: number; queue?: string; overrides?: Partial<Env> } = {}) {
  const batch = createMessageBatch<unknown>(
    options.queue ?? 'herald-email-events',
    bodies.map((body) => ({ id: `e${(queueIds += 1)}`, timestamp: new Date(), attempts: options.attempts ?? 1, body })),
  );
  const delays = recordRetryDelays(batch);
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<never>, { ...env, ...options.overrides }, ctx);
  return { ...(await getQueueResult(batch, ctx)), delays, ids: batch.messages.map((m) => m.id) };
}

/**
 * Instant subscribers (each report is its own email) who were each sent one email per
 * report through the real flow and the email simulator, in one run; returns, per
 * subscriber, the message ids the ledger recorded, in the order the emails were sent,
 * without their angle brackets (as Email Service's events carry them).
 */
export async function sentToMany(count: number, addresses: (string | undefined)[]): Promise<{ subscriber: number; messageIds: string[]; run: number }[]> {
  const seq = await latestSeq(env.DB);
  const subscribers: number[] = [];
  for (const email of addresses) subscribers.push(await addSubscriber({ frequency: 'instant', email, lastSeq: seq }));
  for (let i = 0; i < count; i += 1) await create();
  const queue = recordingQueue();
  await runCron(FREQUENT, Date.now() + 60_000, { DIGESTS: queue.queue });
  await consume(queue.messages, { EMAIL: recordingEmail().binding });
  const sent = [];
  for (const subscriber of subscribers) {
    const { results } = await env.DB.prepare("SELECT message_id, run_id FROM sends WHERE subscriber_id = ?1 AND status = 'sent' ORDER BY id").bind(subscriber).all<{ message_id: string; run_id: number }>();
    if (results.length !== count) throw new Error(`expected ${count} sent emails, the ledger has ${results.length}`);
    sent.push({ subscriber, messageIds: results.map((r) => r.message_id.replace(/^<(.*)>$/, '$1')), run: results[0]!.run_id });
  }
  return sent;
}

/** One subscriber sent `count` emails: {@link sentToMany} for one. */
export async function sentEmails(count: number, options: { email?: string } = {}): Promise<{ subscriber: number; messageIds: string[]; run: number }> {
  return (await sentToMany(count, [options.email]))[0]!;
}

/** The subscriber's sends, in the order they were sent. */
export async function sendsOf(subscriber: number): Promise<{ status: string; bounce_type: string | null; error: string | null }[]> {
  const { results } = await env.DB.prepare('SELECT status, bounce_type, error FROM sends WHERE subscriber_id = ?1 ORDER BY id').bind(subscriber).all<{ status: string; bounce_type: string | null; error: string | null }>();
  return results;
}

export async function statusOf(subscriber: number): Promise<string | undefined> {
  return (await env.DB.prepare('SELECT status FROM subscribers WHERE id = ?1').bind(subscriber).first<{ status: string }>())?.status;
}
