import { env, exports } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { createApp } from '../../../src/app.ts';
import worker from '../../../src/index.ts';
import type { Env } from '../../../src/common/config.ts';

import { makeReport } from './builders.ts';
import { TOKEN } from './site.ts';

/** Calls the Worker as a client on the internet would. */
export function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`http://example.test${path}`, { headers });
}

/**
 * Calls the admin API with the test token (or `token`), sending `body` as JSON, and waits
 * for the work the Worker leaves to `waitUntil` (rebuilding feeds, pinging the hub), so a
 * test never races with it.
 */
export async function api(method: string, path: string, body?: unknown, token: string | null = TOKEN): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const ctx = createExecutionContext();
  const res = await createApp().request(
    `http://example.test/api${path}`,
    { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) },
    env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

/** Creates a report through the API and returns what was stored. */
export async function create(overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await api('POST', '/reports', makeReport(overrides));
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Runs the app with a changed environment (another secret, a counting KV). */
export async function withEnv(overrides: Partial<Env>, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await createApp().request(`http://example.test${path}`, init, { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/**
 * Runs a request through the Worker's own entry point (src/index.ts), as the platform
 * delivers it, with some bindings replaced: what the entry point does to the environment
 * (refusing a secret that is too short) applies.
 */
export async function throughWorker(overrides: Partial<Env>, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const request = new Request(`http://example.test${path}`, init) as Request<unknown, IncomingRequestCfProperties>;
  const res = await worker.fetch!(request, { ...env, ...overrides } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

export interface KvCounts {
  get: number;
  list: number;
  put: number;
  delete: number;
}

/** Wraps a KV namespace, counting every operation a request makes. */
export function countingKv(kv: KVNamespace): { kv: KVNamespace; counts: KvCounts } {
  const counts: KvCounts = { get: 0, list: 0, put: 0, delete: 0 };
  const kinds: Record<string, keyof KvCounts> = { get: 'get', getWithMetadata: 'get', list: 'list', put: 'put', delete: 'delete' };
  const wrapped = new Proxy(kv, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const kind = kinds[prop];
        if (kind) counts[kind] += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { kv: wrapped, counts };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Records the delay of each `retry` a consumer asks of `batch`'s messages (getQueueResult does not report them). */
export function recordRetryDelays<T>(batch: MessageBatch<T>): (number | undefined)[] {
  const delays: (number | undefined)[] = [];
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (options?: QueueRetryOptions) => {
      delays.push(options?.delaySeconds);
      retry(options);
    };
  }
  return delays;
}
