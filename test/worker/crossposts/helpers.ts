import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { createApp } from '../../../src/app.ts';
import type { CrosspostMessage, Env } from '../../../src/shared/config.ts';
import { dispatchCrossposts, onCrosspostQueue } from '../../../src/crossposts/jobs.ts';
import { makeReport } from '../support/builders.ts';
import { recordRetryDelays } from '../support/worker.ts';
import { TOKEN } from '../support/site.ts';

/** A CROSSPOSTS queue that records what is sent to it instead of delivering it. */
export function recordingQueue(): { queue: Queue<CrosspostMessage>; messages: CrosspostMessage[] } {
  const messages: CrosspostMessage[] = [];
  const queue = {
    async send(body: CrosspostMessage) {
      messages.push(body);
    },
    async sendBatch(batch: Iterable<MessageSendRequest<CrosspostMessage>>) {
      for (const message of batch) messages.push(message.body);
    },
  } as unknown as Queue<CrosspostMessage>;
  return { queue, messages };
}

/** A request as the service received it. */
export interface Received {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** An outbound service: records each request exactly and answers with `respond`. */
export function service(respond: (request: Received, n: number) => Response | Promise<Response> = () => new Response('ok')) {
  const received: Received[] = [];
  const fetcher = async (request: Request): Promise<Response> => {
    const seen: Received = { url: request.url, method: request.method, headers: Object.fromEntries(request.headers), body: await request.text() };
    received.push(seen);
    return respond(seen, received.length);
  };
  return { fetcher, received };
}

/** The admin API with a changed environment (a recording queue, no CHANNELS_KEY), waiting for its waitUntil work. */
export async function adminApi(method: string, path: string, body?: unknown, overrides: Partial<Env> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await createApp().request(
    `http://example.test/api${path}`,
    { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: body === undefined ? undefined : JSON.stringify(body) },
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

/** Creates a report through the API, cross-posts going to `queue`. */
export async function publish(queue: Queue<CrosspostMessage>, overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await adminApi('POST', '/reports', makeReport(overrides), { CROSSPOSTS: queue });
  if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
  return res.json();
}

let ids = 0;

/** Runs the consumer on `messages` with `fetcher` as the network; returns what was acked and retried, with delays. */
export async function consume(messages: CrosspostMessage[], fetcher: (request: Request) => Promise<Response>, options: { queue?: string; attempts?: number; now?: number } = {}) {
  const batch = createMessageBatch<CrosspostMessage>(
    options.queue ?? 'herald-crossposts',
    messages.map((body) => ({ id: `c${(ids += 1)}`, timestamp: new Date(), attempts: options.attempts ?? 1, body })),
  );
  const delays = recordRetryDelays(batch);
  const ctx = createExecutionContext();
  await onCrosspostQueue(batch, { ...env, CROSSPOSTS: recordingQueue().queue }, options.now ?? Date.now(), fetcher);
  return { ...(await getQueueResult(batch, ctx)), delays };
}

/** Runs the dispatcher (as the cron does) with a recording queue. */
export async function dispatch(now = Date.now()) {
  const { queue, messages } = recordingQueue();
  const result = await dispatchCrossposts({ ...env, CROSSPOSTS: queue }, now);
  return { ...result, messages };
}

export async function deliveries(): Promise<{ id: number; channel_id: string; slug: string; status: string; attempts: number; last_status: number | null; last_error: string | null; remote_url: string | null }[]> {
  const { results } = await env.DB.prepare('SELECT id, channel_id, slug, status, attempts, last_status, last_error, remote_url FROM deliveries ORDER BY id').all();
  return results as never;
}

/** A Standard Webhooks secret for tests. */
export const WEBHOOK_SECRET = `whsec_${btoa('0123456789abcdef0123456789abcdef')}`;

export async function addChannel(id: string, body: Record<string, unknown>): Promise<void> {
  const res = await adminApi('PUT', `/channels/${id}`, body);
  if (res.status !== 201 && res.status !== 200) throw new Error(`channel ${id}: ${res.status} ${await res.text()}`);
}
