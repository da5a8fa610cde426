import { type Announcement, graphemeCount, plainText } from './announcement.ts';
import type { OpenChannel } from './channel-store.ts';
import { call, type Outcome, outcomeOf, type Reply, type Transport } from './http.ts';
import type { BlueskySession, SessionKeeper } from './session-store.ts';

/** Bluesky allows 300 graphemes a post. */
export const BLUESKY_GRAPHEMES = 300;

const encoder = new TextEncoder();
const TID_ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';

/**
 * The record key of the post of `a` on `channelId`: a TID (13 base32-sortable characters of
 * 0, 53 bits of microseconds and 10 bits of clock id) whose time is when the report became public
 * (recorded once, never moved) and whose sub-millisecond part and clock id come from a hash of
 * (channel, report). The same post always gets the same key, so a second create cannot make a
 * second post.
 */
export async function blueskyRecordKey(channelId: string, a: Pick<Announcement, 'id' | 'becamePublic'>): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(`${channelId}\n${a.id}`)));
  const micros = BigInt(Date.parse(a.becamePublic)) * 1000n + BigInt(((hash[0]! << 8) | hash[1]!) % 1000);
  let value = (micros << 10n) | BigInt(((hash[2]! << 8) | hash[3]!) & 0x3ff);
  let key = '';
  for (let i = 0; i < 13; i++) {
    key = TID_ALPHABET[Number(value & 31n)]! + key;
    value >>= 5n;
  }
  return key;
}

/**
 * A Bluesky post record: the text (event line or title, summary cut to fit, the link), a link
 * facet over the URL at its UTF-8 byte offsets, and an external embed card.
 */
export function blueskyPost(a: Announcement, createdAt: string) {
  const text = plainText(a, (t) => graphemeCount(t) <= BLUESKY_GRAPHEMES);
  const at = text.lastIndexOf(a.url);
  const byteStart = encoder.encode(text.slice(0, at)).length;
  return {
    $type: 'app.bsky.feed.post',
    text,
    createdAt,
    langs: [a.lang],
    facets: [{ index: { byteStart, byteEnd: byteStart + encoder.encode(a.url).length }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: a.url }] }],
    embed: { $type: 'app.bsky.embed.external', external: { uri: a.url, title: a.title.slice(0, 300), description: a.summary.slice(0, 1000) } },
  };
}

/** When a JWT expires (ms), if it says. */
function expiryOf(jwt: string): number | null {
  try {
    const payload = JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

const isSession = (v: unknown): v is BlueskySession =>
  typeof v === 'object' && v !== null && ['accessJwt', 'did'].every((k) => typeof (v as Record<string, unknown>)[k] === 'string') && ['string', 'undefined'].includes(typeof (v as Record<string, unknown>).refreshJwt);

/** What a session call that did not give a session came to: its refusal, or an answer that is not a session. */
function sessionFailure(reply: Reply, now: number): Outcome {
  return reply.ok ? { ok: false, status: reply.status, detail: `not a session: ${reply.text.slice(0, 200)}`, retryable: false } : outcomeOf(reply, now);
}

/** The token was refused as expired or invalid: refresh (or sign in) and try once more. */
const tokenRefused = (reply: Reply) => reply.status === 401 || (reply.status === 400 && ['ExpiredToken', 'InvalidToken'].includes(String((reply.json as { error?: unknown } | null)?.error)));

/** Posts `a` on a Bluesky channel: the kept session (refreshed, or a new one), then the record at its fixed key. */
export async function postToBluesky(channel: OpenChannel, a: Announcement, t: Transport, keeper: SessionKeeper | undefined): Promise<Outcome> {
  const service = String(channel.settings.service).replace(/\/$/, '');
  const xrpc = (method: string) => `${service}/xrpc/${method}`;

  const signIn = async (): Promise<BlueskySession | Reply> => {
    const reply = await call(t, xrpc('com.atproto.server.createSession'), { body: { identifier: channel.settings.identifier, password: channel.credentials.app_password } });
    if (!reply.ok || !isSession(reply.json)) return reply;
    await keeper?.save(reply.json);
    return reply.json;
  };
  const refresh = async (old: BlueskySession): Promise<BlueskySession | Reply> => {
    if (!old.refreshJwt) return signIn();
    const reply = await call(t, xrpc('com.atproto.server.refreshSession'), { method: 'POST', headers: { authorization: `Bearer ${old.refreshJwt}` } });
    if (tokenRefused(reply)) return signIn();
    if (!reply.ok || !isSession(reply.json)) return reply;
    await keeper?.save(reply.json);
    return reply.json;
  };

  let session: BlueskySession | Reply | null = (await keeper?.load()) ?? null;
  if (!session) session = await signIn();
  else {
    const expires = expiryOf(session.accessJwt);
    if (expires !== null && expires - t.clock() < 60_000) session = await refresh(session);
  }
  if (!isSession(session)) return sessionFailure(session, t.clock());

  const rkey = await blueskyRecordKey(channel.id, a);
  const create = (s: BlueskySession) =>
    call(t, xrpc('com.atproto.repo.createRecord'), { body: { repo: s.did, collection: 'app.bsky.feed.post', rkey, record: blueskyPost(a, new Date(t.clock()).toISOString()) }, headers: { authorization: `Bearer ${s.accessJwt}` } });
  let reply = await create(session);
  if (tokenRefused(reply)) {
    session = await refresh(session);
    if (!isSession(session)) return sessionFailure(session, t.clock());
    reply = await create(session);
  }
  const remoteUrl = `https://bsky.app/profile/${session.did}/post/${rkey}`;
  if (reply.ok) {
    const posted = String((reply.json as { uri?: unknown } | null)?.uri ?? '').split('/').at(-1);
    return outcomeOf(reply, t.clock(), { remoteUrl: posted ? `https://bsky.app/profile/${session.did}/post/${posted}` : remoteUrl });
  }
  // Refused, but perhaps because an earlier attempt whose answer was lost made it: look.
  if (reply.status !== 429 && !(reply.status >= 300 && reply.status < 400) && !tokenRefused(reply)) {
    const query = new URLSearchParams({ repo: session.did, collection: 'app.bsky.feed.post', rkey });
    const found = await call(t, `${xrpc('com.atproto.repo.getRecord')}?${query}`);
    if (found.ok) return { ok: true, status: found.status, detail: 'already posted by an earlier attempt', retryable: false, remoteUrl };
  }
  return outcomeOf(reply, t.clock());
}
