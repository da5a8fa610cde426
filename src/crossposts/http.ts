/**
 * How Herald talks to a service: every request has a timeout and never follows a redirect
 * (a signed payload, a token or a password must not reach a host it was not saved for), and
 * an answer is read up to {@link MAX_ANSWER_BYTES}, never whole.
 */

export type Fetcher = (request: Request) => Promise<Response>;

/** How one attempt reaches the network, and what time it is (read when needed, never once per batch). */
export interface Transport {
  fetcher: Fetcher;
  clock: () => number;
  /** How long one request may take, ms. */
  timeoutMs: number;
}

/** How long one request to a service may take by default (CROSSPOST_TIMEOUT_SECONDS). */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** How much of an answer is read: enough for any error or post address, never a whole page. */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** What one attempt to post came to. */
export interface Outcome {
  ok: boolean;
  /** The service's HTTP status, or null when no answer came (network error, timeout). */
  status: number | null;
  /** The answer or error, shortened, for the delivery log. */
  detail: string;
  /** Worth trying again: no answer, 429 or 5xx. */
  retryable: boolean;
  /** A request that may have posted got no answer: it may have been posted. */
  unanswered?: boolean;
  /** How long the service asked us to wait, ms. */
  retryAfterMs?: number;
  /** 410 Gone: the endpoint is no more. */
  gone?: boolean;
  /** Where the post can be seen, when the service says. */
  remoteUrl?: string;
}

/** An answer, its body read up to the cap. */
export interface Reply {
  status: number;
  ok: boolean;
  headers: Headers;
  text: string;
  /** The body as JSON, or null. */
  json: unknown;
}

const decoder = new TextDecoder();

/** The first `limit` bytes of `response`'s body as text; the rest is never read. */
export async function readCapped(response: Response, limit = MAX_ANSWER_BYTES): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut off mid-way: what came is what there is.
  } finally {
    reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(Math.min(size, limit));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - offset);
    bytes.set(part, offset);
    offset += part.length;
    if (offset >= bytes.length) break;
  }
  return decoder.decode(bytes);
}

/** Sends one request: a timeout, no redirect followed, the answer read up to the cap. */
export async function call(t: Transport, url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Reply> {
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  const headers: Record<string, string> = { 'user-agent': 'Herald (+https://github.com/)', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers };
  const response = await t.fetcher(new Request(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual', signal: AbortSignal.timeout(t.timeoutMs) }));
  const text = await readCapped(response);
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: response.status, ok: response.ok, headers: response.headers, text, json };
}

/**
 * How long (ms from `now`) the service asked us to wait: `Retry-After` (seconds or an HTTP
 * date), or on a 429 `RateLimit-Reset` (Bluesky: a Unix time in seconds; the IETF draft: seconds
 * from now) or Mastodon's `X-RateLimit-Reset` (a date).
 */
export function retryAfterOf(reply: Pick<Reply, 'status' | 'headers'>, now: number): number | undefined {
  const waits: number[] = [];
  const retryAfter = reply.headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const at = Date.parse(retryAfter);
    if (Number.isFinite(seconds)) waits.push(seconds * 1000);
    else if (!Number.isNaN(at)) waits.push(at - now);
  }
  if (reply.status === 429) {
    const reset = Number(reply.headers.get('ratelimit-reset') ?? Number.NaN);
    if (Number.isFinite(reset) && reset > 0) waits.push(reset > 1e9 ? reset * 1000 - now : reset * 1000);
    const mastodon = Date.parse(reply.headers.get('x-ratelimit-reset') ?? '');
    if (!Number.isNaN(mastodon)) waits.push(mastodon - now);
  }
  return waits.length > 0 ? Math.max(0, ...waits) : undefined;
}

/** The outcome of an answer: success, a refusal worth retrying (429, 5xx), or a failure (a redirect, another 4xx). */
export function outcomeOf(reply: Reply, now: number, extra: Partial<Outcome> = {}): Outcome {
  const { status } = reply;
  const redirect = status >= 300 && status < 400;
  const location = reply.headers.get('location');
  let target = '';
  try {
    target = location ? ` to ${new URL(location).origin}` : '';
  } catch {
    target = '';
  }
  const outcome: Outcome = {
    ok: reply.ok,
    status,
    detail: redirect ? `a redirect${target}, not followed: set the channel's endpoint to where it points` : reply.text.slice(0, 500),
    retryable: status === 429 || status >= 500,
    ...(status === 410 ? { gone: true } : {}),
  };
  const retryAfterMs = retryAfterOf(reply, now);
  if (retryAfterMs !== undefined) outcome.retryAfterMs = retryAfterMs;
  return { ...outcome, ...extra };
}
