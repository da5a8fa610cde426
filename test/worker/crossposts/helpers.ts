import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { createApp } from '../../../src/app.ts';
import type { CrosspostMessage, Env } from '../../../src/common/config.ts';
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

/**
 * Runs the consumer on `messages` with `fetcher` as the network; returns what was acked and
 * retried, with delays. The consumer reads the time from `clock` (default: `now`, or the real clock).
 */
export async function consume(messages: CrosspostMessage[], fetcher: (request: Request) => Promise<Response>, options: { queue?: string; attempts?: number; now?: number; clock?: () => number; env?: Partial<Env> } = {}) {
  const batch = createMessageBatch<CrosspostMessage>(
    options.queue ?? 'herald-crossposts',
    messages.map((body) => ({ id: `c${(ids += 1)}`, timestamp: new Date(), attempts: options.attempts ?? 1, body })),
  );
  const delays = recordRetryDelays(batch);
  const ctx = createExecutionContext();
  const clock = options.clock ?? (() => options.now ?? Date.now());
  await onCrosspostQueue(batch, { ...env, CROSSPOSTS: recordingQueue().queue, ...options.env }, clock, fetcher);
  return { ...(await getQueueResult(batch, ctx)), delays };
}

/** Runs the dispatcher (as the cron does) with a recording queue. */
export async function dispatch(now = Date.now(), overrides: Partial<Env> = {}) {
  const { queue, messages } = recordingQueue();
  const result = await dispatchCrossposts({ ...env, CROSSPOSTS: queue, ...overrides }, now);
  return { ...result, messages };
}

/**
 * The network as `fetch` sees it: each request reaches `respond` by its URL and is recorded;
 * a 3xx answer is followed (307 and 308 keep the method, body and headers) unless the request
 * says `redirect: 'manual'`, as the platform's fetch does.
 */
export function network(respond: (request: Received, n: number) => Response | Promise<Response>) {
  const received: Received[] = [];
  const fetcher = async (request: Request): Promise<Response> => {
    let current = request;
    for (let hop = 0; hop < 5; hop++) {
      const body = await current.clone().text();
      const seen: Received = { url: current.url, method: current.method, headers: Object.fromEntries(current.headers), body };
      received.push(seen);
      const response = await respond(seen, received.length);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status > 399 || !location || current.redirect === 'manual') return response;
      current = new Request(new URL(location, current.url), { method: current.method, headers: current.headers, body: current.method === 'GET' ? undefined : body });
    }
    throw new TypeError('too many redirects');
  };
  return { fetcher, received };
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
