/**
 * Cross-posting end to end: the real `wrangler dev` (queues, D1, the cron's dispatcher all
 * local) and a small webhook receiver on loopback. Reports created through the admin API
 * reach the receiver signed per Standard Webhooks; one the receiver refuses once with a 503
 * arrives again, with the same webhook-id, and is logged as sent. A new endpoint without its
 * credential is refused; a redirect is never followed; a Slack endpoint that answers after the
 * timeout is posted to once and its delivery reads `unknown`.
 */
import { createServer, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, startWranglerDev } from './wrangler-dev.ts';

/** A `published` time `days` before now: recent, so the report is news and is cross-posted (not back catalogue). */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

const SECRET = `whsec_${Buffer.from('e2e-webhook-secret-0123456789abcdef').toString('base64')}`;

interface Hit {
  path: string;
  headers: Record<string, string>;
  body: string;
  answered: number;
}

let server: DevServer;
let receiver: Server;
let hookUrl: string;
let origin: string;
const hits: Hit[] = [];
/** How long `/slow` takes to answer: longer than CROSSPOST_TIMEOUT_SECONDS (1 s in wrangler-dev.ts). */
const SLOW_MS = 3000;
/** Statuses to answer with, in turn; 200 once they run out. */
const answers: number[] = [];

async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms = 40_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; receiver got ${hits.length} request(s)\n${server.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function admin(path: string, method: string, body?: unknown): Promise<Response> {
  return server.fetch(`/api${path}`, { method, headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

beforeAll(async () => {
  // /hook answers in turn from `answers`; /moved redirects to /target; /slow answers too late.
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = new URL(request.url ?? '/', origin).pathname;
      const answered = path === '/moved' ? 307 : path === '/hook' ? (answers.shift() ?? 200) : 200;
      hits.push({ path, headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)])), body: Buffer.concat(chunks).toString('utf8'), answered });
      const answer = () => response.writeHead(answered, { 'content-type': 'text/plain', ...(answered === 307 ? { location: `${origin}/target` } : {}) }).end(answered === 200 ? 'ok' : 'busy');
      if (path === '/slow') setTimeout(answer, SLOW_MS);
      else answer();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  hookUrl = `${origin}/hook`;
  server = await startWranglerDev();
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('cross-posting through the real `wrangler dev`', () => {
  it('delivers a signed webhook for a new report, and again after the receiver answered 503 once', async () => {
    expect((await admin('/channels/site', 'PUT', { type: 'webhook', url: hookUrl, secret: SECRET, topics: [], enabled: true })).status).toBe(201);
    // The channel's test message arrives signed, and the API answers what the receiver said.
    const test = await admin('/channels/site/test', 'POST');
    expect(await test.json()).toMatchObject({ ok: true, status: 200, answer: 'ok' });
    expect(new Webhook(SECRET).verify(hits[0]!.body, hits[0]!.headers)).toMatchObject({ type: 'report.published', data: { slug: 'herald-test' } });
    const first = await admin('/reports', 'POST', { title: 'Forum on data governance', body: 'The forum met.', topics: ['data'], published: daysAgo(3) });
    expect(first.status).toBe(201);
    const a = (await first.json()) as { slug: string; id: string };
    const hitA = await waitFor('the first webhook', () => hits.find((hit) => hit.body.includes(a.slug)));
    const payloadA = new Webhook(SECRET).verify(hitA.body, hitA.headers) as { type: string; data: { id: string; slug: string } };
    expect(payloadA).toMatchObject({ type: 'report.published', data: { id: a.id, slug: a.slug } });

    answers.push(503);
    const second = await admin('/reports', 'POST', { title: 'Workshop on cyber norms', body: 'The workshop met.', topics: ['norms'], published: daysAgo(2) });
    const b = (await second.json()) as { slug: string };
    const hitsB = await waitFor('the retried webhook', () => {
      const forB = hits.filter((hit) => hit.body.includes(b.slug));
      return forB.length >= 2 ? forB : undefined;
    });
    expect(hitsB.map((hit) => hit.answered)).toEqual([503, 200]);
    expect(hitsB[1]!.headers['webhook-id']).toBe(hitsB[0]!.headers['webhook-id']);
    expect(new Webhook(SECRET).verify(hitsB[1]!.body, hitsB[1]!.headers)).toMatchObject({ data: { slug: b.slug } });

    const log = (await (await admin(`/deliveries?report=${b.slug}`, 'GET')).json()) as { deliveries: { status: string; attempts: number; last_status: number }[] };
    expect(log.deliveries).toEqual([expect.objectContaining({ status: 'sent', attempts: 2, last_status: 200 })]);
    // Nothing was sent twice.
    expect(hits.filter((hit) => hit.path === '/hook' && hit.body.includes(a.slug))).toHaveLength(1);
  }, 90_000);

  it('refuses (400) a channel whose endpoint changes without its credential, and keeps sending to the old one', async () => {
    const moved = await admin('/channels/site', 'PUT', { type: 'webhook', url: `${origin}/elsewhere`, topics: [], enabled: true });
    expect(moved.status).toBe(400);
    expect(((await moved.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['secret']);
    expect(await (await admin('/channels/site', 'GET')).json()).toMatchObject({ url: hookUrl, credentials: { secret: true } });
  });

  it('never follows a redirect: a webhook answered 307 is failed with its status, and its target gets nothing', async () => {
    expect((await admin('/channels/moved', 'PUT', { type: 'webhook', url: `${origin}/moved`, secret: SECRET, topics: ['moving'] })).status).toBe(201);
    const test = await admin('/channels/moved/test', 'POST');
    expect(test.status).toBe(502);
    expect(await test.json()).toMatchObject({ ok: false, status: 307 });
    const created = await admin('/reports', 'POST', { title: 'Seminar on moving endpoints', body: 'It met.', topics: ['moving'], published: daysAgo(5) });
    const { slug } = (await created.json()) as { slug: string };
    const delivery = await waitFor('the redirected delivery to fail', () => deliveryOf('moved', slug, ['failed']));
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, last_status: 307 });
    expect(hits.filter((hit) => hit.path === '/moved')).toHaveLength(2);
    expect(hits.filter((hit) => hit.path === '/target')).toEqual([]);
  }, 60_000);

  it('posts once to a Slack endpoint that answers after the timeout, and records the delivery unknown', async () => {
    expect((await admin('/channels/chat', 'PUT', { type: 'slack', url: `${origin}/slow`, topics: ['late'] })).status).toBe(201);
    const created = await admin('/reports', 'POST', { title: 'Forum on late answers', body: 'It met.', topics: ['late'], published: daysAgo(4) });
    const { slug } = (await created.json()) as { slug: string };
    const delivery = await waitFor('the slow delivery to be settled', () => deliveryOf('chat', slug, ['unknown', 'sent', 'failed']));
    expect(delivery).toMatchObject({ status: 'unknown', attempts: 1, last_status: null });
    expect(delivery.last_error).toContain('may have been posted');
    // Long enough for a retry (CROSSPOST_RETRY_SECONDS is 1) to have come, had there been one.
    await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
    expect(hits.filter((hit) => hit.path === '/slow' && hit.body.includes(slug))).toHaveLength(1);
    expect(await deliveryOf('chat', slug, ['unknown'])).toMatchObject({ status: 'unknown', attempts: 1 });
  }, 60_000);
});

interface Delivery {
  status: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
}

/** The delivery of `slug` on `channel`, once it is in one of `states`. */
async function deliveryOf(channel: string, slug: string, states: string[]): Promise<Delivery | undefined> {
  const log = (await (await admin(`/deliveries?channel=${channel}&report=${slug}`, 'GET')).json()) as { deliveries: Delivery[] };
  const found = log.deliveries[0];
  return found && states.includes(found.status) ? found : undefined;
}
