import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Env } from '../../../src/common/config.ts';
import { addChannel, adminApi, consume, deliveries, publish, recordingQueue, service, WEBHOOK_SECRET } from './helpers.ts';

const HOOK = 'https://hooks.example.net/herald';

async function fields(res: Response): Promise<string[]> {
  return (await res.json<{ errors: { field: string }[] }>()).errors.map((e) => e.field);
}

/** Publishes one report and runs the consumer on its deliveries with `fetcher` and `overrides`. */
async function deliverNow(fetcher: (request: Request) => Promise<Response>, overrides: Partial<Env> = {}) {
  const { queue, messages } = recordingQueue();
  await publish(queue);
  return consume(messages, fetcher, { env: overrides });
}

/** A credential as the first version of Herald sealed it: AES-GCM, the channel id as the only associated data. */
async function sealTheOldWay(secret: string, channelId: string, plaintext: string): Promise<string> {
  const encoder = new TextEncoder();
  const base = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey']);
  const key = await crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: encoder.encode('herald channels'), info: encoder.encode('aes-256-gcm v1') }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(channelId) }, key, encoder.encode(plaintext)));
  const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `v1.${b64url(iv)}.${b64url(data)}`;
}

describe('a stored credential is only sent to the endpoint it was saved with', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    ['Mastodon instance', { type: 'mastodon', instance: 'https://social.example', access_token: 'tok' }, { instance: 'https://social.evil.example' }, 'access_token'],
    ['Bluesky service', { type: 'bluesky', identifier: 'herald.bsky.social', app_password: 'abcd-efgh-ijkl-mnop' }, { service: 'https://pds.evil.example' }, 'app_password'],
    ['webhook URL', { type: 'webhook', url: HOOK, secret: WEBHOOK_SECRET }, { url: 'https://hooks.evil.example/x' }, 'secret'],
    ['Telegram API URL', { type: 'telegram', bot_token: '123:ABC', chat_id: '@heraldnews' }, { api_url: 'https://telegram.evil.example' }, 'bot_token'],
  ];
  for (const [what, saved, moved, credential] of cases) {
    it(`refuses (400 naming "${credential}") a new ${what} without the credential again, and changes nothing`, async () => {
      await addChannel('ch', saved);
      const before = await (await adminApi('GET', '/channels/ch')).json();
      const { [credential]: _left, ...rest } = saved;
      const res = await adminApi('PUT', '/channels/ch', { ...rest, ...moved });
      expect(res.status).toBe(400);
      expect(await fields(res)).toEqual([credential]);
      expect(await (await adminApi('GET', '/channels/ch')).json()).toEqual(before);
      // With the credential given again, the move is accepted.
      expect((await adminApi('PUT', '/channels/ch', { ...saved, ...moved })).status).toBe(200);
    });
  }

  it('keeps the stored credential when the endpoint stays (written differently, with a trailing slash)', async () => {
    await addChannel('masto', { type: 'mastodon', instance: 'https://social.example', access_token: 'tok' });
    expect((await adminApi('PUT', '/channels/masto', { type: 'mastodon', instance: 'https://social.example/', topics: ['data'] })).status).toBe(200);
  });

  it('sends nothing when a row’s endpoint was changed behind the API’s back: the credential no longer opens', async () => {
    await addChannel('masto', { type: 'mastodon', instance: 'https://social.example', access_token: 'tok' });
    await env.DB.prepare("UPDATE channels SET settings = replace(settings, 'social.example', 'social.evil.example') WHERE id = 'masto'").run();
    const svc = service();
    const result = await deliverNow(svc.fetcher);
    expect(svc.received).toEqual([]);
    expect(result.retryMessages).toHaveLength(0);
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'failed', last_status: null });
    expect(delivery!.last_error).toContain('credentials');
  });
});

describe('webhook secrets are checked when saved', () => {
  const short = `whsec_${btoa('0123456789abcdef')}`; // 16 bytes
  for (const [what, secret] of [
    ['shorter than 24 bytes', short],
    ['not base64 at all', `whsec_${'A'.repeat(21)}`],
  ]) {
    it(`refuses a secret ${what} (400 naming "secret")`, async () => {
      const res = await adminApi('PUT', '/channels/hook', { type: 'webhook', url: HOOK, secret });
      expect(res.status).toBe(400);
      expect(await fields(res)).toEqual(['secret']);
    });
  }

  it('accepts 24 bytes', async () => {
    expect((await adminApi('PUT', '/channels/hook', { type: 'webhook', url: HOOK, secret: `whsec_${btoa('0123456789abcdef01234567')}` })).status).toBe(201);
  });
});

describe('CHANNELS_KEY can be rotated', () => {
  const OLD = { CHANNELS_KEY: 'an-old-channels-key-of-32-bytes-or-more' };
  const ROTATING = { CHANNELS_KEY: 'a-new-channels-key-of-32-bytes-or-more', CHANNELS_KEY_PREVIOUS: 'an-old-channels-key-of-32-bytes-or-more' };
  const NEW = { CHANNELS_KEY: 'a-new-channels-key-of-32-bytes-or-more', CHANNELS_KEY_PREVIOUS: undefined };

  async function save(id: string, body: Record<string, unknown>, overrides: Partial<Env>): Promise<Response> {
    return adminApi('PUT', `/channels/${id}`, body, overrides);
  }

  it('reads credentials sealed with the previous key, and a write re-seals them with the current one', async () => {
    expect((await save('hook', { type: 'webhook', url: HOOK, secret: WEBHOOK_SECRET }, OLD)).status).toBe(201);
    const hook = service();
    await deliverNow(hook.fetcher, ROTATING);
    expect(hook.received).toHaveLength(1);
    expect((await deliveries())[0]!.status).toBe('sent');
    // A write that leaves the secret out re-seals it; the old key can then go.
    expect((await save('hook', { type: 'webhook', url: HOOK, topics: [] }, ROTATING)).status).toBe(200);
    await deliverNow(hook.fetcher, NEW);
    expect(hook.received).toHaveLength(2);
  });

  it('re-seals every channel with POST /api/channels/reseal and says how many', async () => {
    await save('hook', { type: 'webhook', url: HOOK, secret: WEBHOOK_SECRET }, OLD);
    await save('chat', { type: 'slack', url: 'https://hooks.slack.example/services/T/B/X' }, OLD);
    const res = await adminApi('POST', '/channels/reseal', undefined, ROTATING);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ resealed: 2, unreadable: [] });
    expect(await (await adminApi('POST', '/channels/reseal', undefined, ROTATING)).json()).toMatchObject({ resealed: 0 });
    const net = service();
    await deliverNow(net.fetcher, NEW);
    expect(net.received.map((r) => r.url).sort()).toEqual([HOOK, 'https://hooks.slack.example/services/T/B/X']);
    expect((await deliveries()).map((d) => d.status)).toEqual(['sent', 'sent']);
  });

  it('names what it cannot re-seal (sealed with a key that is neither), and leaves it as it was', async () => {
    await save('lost', { type: 'webhook', url: HOOK, secret: WEBHOOK_SECRET }, { CHANNELS_KEY: 'a-channels-key-long-gone-32-bytes-or-more' });
    const res = await adminApi('POST', '/channels/reseal', undefined, ROTATING);
    expect(await res.json()).toMatchObject({ resealed: 0, unreadable: ['lost'] });
  });

  it('never decrypts the old credentials for a PUT that gives every one of them', async () => {
    await save('hook', { type: 'webhook', url: HOOK, secret: WEBHOOK_SECRET }, { CHANNELS_KEY: 'a-channels-key-long-gone-32-bytes-or-more' });
    expect((await save('hook', { type: 'webhook', url: HOOK, secret: WEBHOOK_SECRET }, NEW)).status).toBe(200);
    const hook = service();
    await deliverNow(hook.fetcher, NEW);
    expect(hook.received).toHaveLength(1);
  });

  it('keeps channels sealed by the first version working, and re-seals them on the next write', async () => {
    const now = Date.now();
    const sealed = await sealTheOldWay(env.CHANNELS_KEY!, 'hook', JSON.stringify({ secret: WEBHOOK_SECRET }));
    await env.DB.prepare('INSERT INTO channels (id, type, settings, secret, enabled, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)')
      .bind('hook', 'webhook', JSON.stringify({ topics: [], lang: null, url: HOOK }), sealed, now - 1000)
      .run();
    const hook = service();
    await deliverNow(hook.fetcher);
    expect(hook.received).toHaveLength(1);
    expect((await adminApi('PUT', '/channels/hook', { type: 'webhook', url: HOOK, topics: [] })).status).toBe(200);
    const row = await env.DB.prepare("SELECT secret FROM channels WHERE id = 'hook'").first<{ secret: string }>();
    expect(row!.secret).not.toBe(sealed);
    expect(row!.secret).not.toMatch(/^v1\./);
    await deliverNow(hook.fetcher);
    expect(hook.received).toHaveLength(2);
  });
});
