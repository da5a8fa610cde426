import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { HOUR } from '../support/clock.ts';
import { addChannel, adminApi, consume, deliveries, publish, type Received, recordingQueue, service } from './helpers.ts';

const DID = 'did:plc:herald';
const TID = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;
const SKY = { type: 'bluesky', identifier: 'herald.bsky.social', app_password: 'abcd-efgh-ijkl-mnop' };

const b64url = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const jwt = (name: string, exp: number) => `${b64url('{"alg":"ES256K"}')}.${b64url(JSON.stringify({ sub: DID, exp: Math.floor(exp / 1000), jti: name }))}.c2ln`;

/**
 * A PDS as far as Herald uses it: sessions (access tokens that expire, refresh tokens), posts
 * stored by record key (a second create at the same key is refused with `duplicate`), and
 * getRecord. `lose(method, n)` drops the answer of a call after doing its work.
 */
function fakePds(clock: () => number, options: { duplicate?: number; lose?: (method: string, n: number) => boolean } = {}) {
  const records = new Map<string, unknown>();
  const calls: string[] = [];
  const valid = new Set<string>();
  let tokens = 0;
  const count = (method: string) => calls.filter((c) => c === method).length;
  const session = () => {
    tokens += 1;
    const accessJwt = jwt(`access-${tokens}`, clock() + 2 * HOUR);
    const refreshJwt = jwt(`refresh-${tokens}`, clock() + 60 * 24 * HOUR);
    valid.add(accessJwt).add(refreshJwt);
    return Response.json({ accessJwt, refreshJwt, did: DID, handle: 'herald.bsky.social' });
  };
  const bearer = (request: Received) => {
    const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
    const exp = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).exp * 1000;
    return valid.has(token) && exp > clock() ? token : null;
  };
  const respond = (request: Received): Response => {
    const method = new URL(request.url).pathname.split('/').at(-1)!;
    calls.push(method);
    let answer: Response;
    if (method === 'com.atproto.server.createSession') answer = session();
    else if (method === 'com.atproto.server.refreshSession') {
      const token = bearer(request);
      if (!token) answer = Response.json({ error: 'ExpiredToken', message: 'Token has expired' }, { status: 400 });
      else {
        valid.delete(token);
        answer = session();
      }
    } else if (method === 'com.atproto.repo.createRecord') {
      const body = JSON.parse(request.body) as { repo: string; collection: string; rkey?: string; record: unknown };
      const rkey = body.rkey ?? `3l${crypto.randomUUID().replace(/-/g, '').slice(0, 11)}`;
      if (!bearer(request)) answer = Response.json({ error: 'ExpiredToken', message: 'Token has expired' }, { status: 400 });
      else if (records.has(rkey)) answer = Response.json({ error: 'InvalidRequest', message: 'Record already exists' }, { status: options.duplicate ?? 400 });
      else {
        records.set(rkey, body.record);
        answer = Response.json({ uri: `at://${DID}/${body.collection}/${rkey}`, cid: 'bafy' });
      }
    } else if (method === 'com.atproto.repo.getRecord') {
      const rkey = new URL(request.url).searchParams.get('rkey') ?? '';
      answer = records.has(rkey) ? Response.json({ uri: `at://${DID}/app.bsky.feed.post/${rkey}`, value: records.get(rkey) }) : Response.json({ error: 'RecordNotFound' }, { status: 400 });
    } else answer = new Response('not here', { status: 404 });
    if (options.lose?.(method, count(method))) throw new TypeError('Network connection lost.');
    return answer;
  };
  const net = service(respond);
  return { ...net, records, calls, count, revokeAll: () => valid.clear() };
}

async function skyWithReports(n: number) {
  await addChannel('sky', SKY);
  const { queue, messages } = recordingQueue();
  for (let i = 0; i < n; i++) await publish(queue);
  return messages;
}

describe('Bluesky posts cannot be doubled', () => {
  for (const duplicate of [400, 500]) {
    it(`uses a record key derived from (channel, report), so a retry after a lost answer posts nothing more (a repeat answered ${duplicate})`, async () => {
      const messages = await skyWithReports(1);
      const t = Date.now();
      const pds = fakePds(() => t, { duplicate, lose: (method, n) => method === 'com.atproto.repo.createRecord' && n === 1 });
      const first = await consume(messages, pds.fetcher, { now: t });
      expect(first.retryMessages).toHaveLength(1);
      expect((await deliveries())[0]!.status).toBe('retrying');
      await consume(messages, pds.fetcher, { now: t + first.delays[0]! * 1000, attempts: 2 });
      expect(pds.records.size).toBe(1);
      const [rkey] = [...pds.records.keys()];
      expect(rkey).toMatch(TID);
      const creates = pds.received.filter((r) => r.url.endsWith('createRecord')).map((r) => JSON.parse(r.body).rkey);
      expect(creates).toEqual([rkey, rkey]);
      expect((await deliveries())[0]).toMatchObject({ status: 'sent', remote_url: `https://bsky.app/profile/${DID}/post/${rkey}` });
    });
  }

  it('gives each report, and each channel, its own record key', async () => {
    const messages = await skyWithReports(2);
    await addChannel('sky2', { ...SKY, identifier: 'other.bsky.social' });
    const t = Date.now();
    const pds = fakePds(() => t);
    await consume(messages, pds.fetcher, { now: t });
    const keys = pds.received.filter((r) => r.url.endsWith('createRecord')).map((r) => JSON.parse(r.body).rkey as string);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
    for (const key of keys) expect(key).toMatch(TID);
  });
});

describe('the Bluesky session', () => {
  it('is created once, kept in D1 sealed, refreshed with refreshSession when it expires, and dropped when the channel changes', async () => {
    const messages = await skyWithReports(2);
    let t = Date.now();
    const pds = fakePds(() => t);
    await consume(messages, pds.fetcher, { clock: () => t });
    expect(pds.count('com.atproto.server.createSession')).toBe(1);
    expect(pds.count('com.atproto.repo.createRecord')).toBe(2);
    // Nothing in D1 holds a token in plain text.
    const { results: tables } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'").all<{ name: string }>();
    for (const { name } of tables) {
      const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
      expect(JSON.stringify(results)).not.toContain('access-1');
      expect(JSON.stringify(results)).not.toContain(b64url(JSON.stringify({ sub: DID })).slice(0, 12));
    }
    // Three hours on, the access token has expired: refreshed, not signed in again.
    t += 3 * HOUR;
    const third = recordingQueue();
    await publish(third.queue);
    await consume(third.messages, pds.fetcher, { clock: () => t });
    expect(pds.count('com.atproto.server.refreshSession')).toBe(1);
    expect(pds.count('com.atproto.server.createSession')).toBe(1);
    expect(pds.records.size).toBe(3);
    // A token revoked early (ExpiredToken) is refreshed and the post made once.
    pds.revokeAll();
    const fourth = recordingQueue();
    await publish(fourth.queue);
    await consume(fourth.messages, pds.fetcher, { clock: () => t });
    expect(pds.count('com.atproto.server.createSession')).toBe(2);
    expect(pds.records.size).toBe(4);
    // A new app password drops the kept session.
    expect((await adminApi('PUT', '/channels/sky', { ...SKY, app_password: 'wxyz-wxyz-wxyz-wxyz' })).status).toBe(200);
    const fifth = recordingQueue();
    await publish(fifth.queue);
    await consume(fifth.messages, pds.fetcher, { clock: () => t });
    expect(pds.count('com.atproto.server.createSession')).toBe(3);
    expect(JSON.parse(pds.received.filter((r) => r.url.endsWith('createSession')).at(-1)!.body)).toMatchObject({ password: 'wxyz-wxyz-wxyz-wxyz' });
    expect((await deliveries()).map((d) => d.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
  });

  it('honours ratelimit-reset on a 429', async () => {
    const messages = await skyWithReports(1);
    const t = Date.now();
    const reset = Math.floor((t + 2 * HOUR) / 1000);
    const limited = service((request) =>
      request.url.endsWith('createSession')
        ? Response.json({ accessJwt: jwt('a', t + HOUR), refreshJwt: jwt('r', t + 100 * HOUR), did: DID })
        : Response.json({ error: 'RateLimitExceeded' }, { status: 429, headers: { 'ratelimit-limit': '5000', 'ratelimit-remaining': '0', 'ratelimit-reset': String(reset) } }),
    );
    const result = await consume(messages, limited.fetcher, { now: t });
    expect(result.delays[0]).toBeGreaterThanOrEqual(2 * 3600 - 1);
    expect((await deliveries())[0]).toMatchObject({ status: 'retrying', last_status: 429 });
  });
});
