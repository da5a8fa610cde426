import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type { DigestMessage, Env } from '../../../src/common/config.ts';
import { nextDueAt } from '../../../src/digests/schedule.ts';
import worker from '../../../src/index.ts';
import type { Frequency } from '../../../src/subscriptions/types.ts';
import { recordRetryDelays } from '../support/worker.ts';

export const FREQUENT = '*/5 * * * *';
export const HOURLY = '0 * * * *';
const CONFIG = { hour: 7, weekday: 1 };

let emails = 0;

/** An active subscriber written straight to D1, as if confirmed at `confirmedAt` with nothing seen yet after `lastSeq`. */
export async function addSubscriber(options: { email?: string; frequency?: Frequency; topics?: string[]; lang?: 'en' | 'zh' | 'both'; uiLang?: 'en' | 'zh'; timeZone?: string; lastSeq?: number; confirmedAt?: number; status?: string; query?: string } = {}): Promise<number> {
  emails += 1;
  const frequency = options.frequency ?? 'daily';
  const timeZone = options.timeZone ?? 'UTC';
  const confirmedAt = options.confirmedAt ?? Date.UTC(2026, 0, 1);
  const row = await env.DB.prepare(
    `INSERT INTO subscribers (email, status, frequency, topics, lang, timezone, created_at, updated_at, confirmed_at, last_seq, next_due_at, ui_lang, query)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?7, ?8, ?9, ?10, ?11) RETURNING id`,
  )
    .bind(
      options.email ?? `reader${emails}@example.org`,
      options.status ?? 'active',
      frequency,
      JSON.stringify(options.topics ?? []),
      options.lang ?? 'both',
      timeZone,
      confirmedAt,
      options.lastSeq ?? 0,
      nextDueAt(frequency, timeZone, confirmedAt, CONFIG),
      options.uiLang ?? 'en',
      options.query ?? null,
    )
    .first<{ id: number }>();
  return row!.id;
}

/**
 * A queue that keeps what is sent to it, so a test hands the messages to the consumer itself;
 * `delays` holds each message's delaySeconds (undefined when none).
 */
export function recordingQueue(): { queue: Queue<DigestMessage>; messages: DigestMessage[]; delays: (number | undefined)[]; sendBatchCalls: number } {
  const state = { messages: [] as DigestMessage[], delays: [] as (number | undefined)[], sendBatchCalls: 0 };
  const queue = {
    async send(body: DigestMessage, options?: QueueSendOptions) {
      state.messages.push(body);
      state.delays.push(options?.delaySeconds);
    },
    async sendBatch(batch: Iterable<MessageSendRequest<DigestMessage>>, options?: QueueSendBatchOptions) {
      state.sendBatchCalls += 1;
      for (const message of batch) {
        state.messages.push(message.body);
        state.delays.push(message.delaySeconds ?? options?.delaySeconds);
      }
    },
  } as unknown as Queue<DigestMessage>;
  return Object.assign(state, { queue });
}

export interface SentEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

type Behaviour = (to: string) => { throw: unknown } | undefined;

/**
 * The real email binding (Miniflare's simulator) behind a recorder; `behaviour` can make
 * the service refuse or fail for chosen recipients, as the real service does.
 */
export function recordingEmail(behaviour: Behaviour = () => undefined): { binding: SendEmail; sent: SentEmail[]; calls: number } {
  const state = { sent: [] as SentEmail[], calls: 0 };
  const binding = {
    async send(message: EmailMessageBuilder) {
      state.calls += 1;
      const to = String(message.to);
      const failure = behaviour(to);
      if (failure) throw failure.throw;
      const result = await env.EMAIL.send(message);
      state.sent.push({ to, subject: message.subject, text: message.text ?? '', html: message.html ?? '', headers: message.headers ?? {} });
      return result;
    },
  } as unknown as SendEmail;
  return Object.assign(state, { binding });
}

/** An error as Email Service throws it: a message and a code. */
export function serviceError(code: string): Error {
  return Object.assign(new Error(`service said ${code}`), { code });
}

/** Runs the cron `cron` as if at `time`, with some bindings replaced. */
export async function runCron(cron: string, time: number, overrides: Partial<Env> = {}): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron, scheduledTime: time }), { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
}

let messageIds = 0;

/** Hands `messages` to the queue consumer as one batch; returns which were acked and retried. */
export async function consume(messages: DigestMessage[], overrides: Partial<Env> = {}, options: { attempts?: number; queue?: string } = {}) {
  const batch = createMessageBatch<DigestMessage>(
    options.queue ?? 'herald-digests',
    messages.map((body) => ({ id: `m${(messageIds += 1)}`, timestamp: new Date(), attempts: options.attempts ?? 1, body })),
  );
  const delays = recordRetryDelays(batch);
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...overrides }, ctx);
  return { ...(await getQueueResult(batch, ctx)), delays };
}

/** The ledger, as a test reads it. */
export async function ledger(): Promise<{ subscriber_id: number; run_id: number; edition: string; status: string; error: string | null }[]> {
  const { results } = await env.DB.prepare('SELECT subscriber_id, run_id, edition, status, error FROM sends ORDER BY id').all<{ subscriber_id: number; run_id: number; edition: string; status: string; error: string | null }>();
  return results;
}
