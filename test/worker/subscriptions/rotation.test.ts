import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Env } from '../../../src/common/config.ts';
import { recordingEmail } from '../digests/helpers.ts';
import { throughWorker } from '../support/worker.ts';
import { confirmLink, postForm, postJson, SECRET, subscriberRow, subscriberWithTokens, tokenOf } from './helpers.ts';

/** The secret after a rotation; the one the tests ran with becomes the previous one. */
const NEXT = 'the-next-subscription-secret-0123456789';
const ROTATED = { SUBSCRIPTION_SECRET: NEXT, SUBSCRIPTION_SECRET_PREVIOUS: SECRET } as Partial<Env>;

const oneClick = (token: string, overrides: Partial<Env>) =>
  throughWorker(overrides, `/unsubscribe?token=${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('rotating SUBSCRIPTION_SECRET', () => {
  it('keeps links signed with the previous secret working (List-Unsubscribe URLs already in inboxes)', async () => {
    const { manage, unsubscribe } = await subscriberWithTokens({ status: 'active' });
    expect((await throughWorker(ROTATED, `/preferences?token=${manage}`)).status).toBe(200);
    const res = await oneClick(unsubscribe, ROTATED);
    expect(res.status).toBe(200);
    expect((await subscriberRow('reader@example.org'))!.status).toBe('unsubscribed');
  });

  it('refuses a link signed with a secret that is neither the current nor the previous one', async () => {
    const { manage, unsubscribe } = await subscriberWithTokens({ status: 'active' });
    expect((await throughWorker({ SUBSCRIPTION_SECRET: NEXT }, `/preferences?token=${manage}`)).status).toBe(400);
    expect((await oneClick(unsubscribe, { SUBSCRIPTION_SECRET: NEXT })).status).toBe(400);
    expect((await subscriberRow('reader@example.org'))!.status).toBe('active');
  });

  it('signs new links with the current secret only', async () => {
    const mail = recordingEmail();
    await postJson('/subscribe', { email: 'new@example.org' }, { ...ROTATED, EMAIL: mail.binding });
    const token = tokenOf(confirmLink(mail.sent[0]!.text));
    // Not signed with the previous secret: a site rolled back to it refuses the link.
    expect((await postForm('/confirm', { token }, { SUBSCRIPTION_SECRET: SECRET })).status).toBe(400);
    expect((await postForm('/confirm', { token }, { SUBSCRIPTION_SECRET: NEXT })).status).toBe(200);
    expect((await subscriberRow('new@example.org'))!.status).toBe('active');
  });
});

describe('a subscription secret shorter than 32 bytes', () => {
  const SHORT: [string, Partial<Env>][] = [
    ['SUBSCRIPTION_SECRET', { SUBSCRIPTION_SECRET: 'x'.repeat(31) }],
    // 30 bytes in 10 characters: the length is counted in bytes.
    ['SUBSCRIPTION_SECRET', { SUBSCRIPTION_SECRET: '密'.repeat(10) }],
    ['SUBSCRIPTION_SECRET_PREVIOUS', { SUBSCRIPTION_SECRET_PREVIOUS: 'old-and-short' } as Partial<Env>],
  ];

  it('is refused: the subscription routes answer 503 naming the setting, store and send nothing, and log a config error', async () => {
    const { manage, unsubscribe } = await subscriberWithTokens({ status: 'active' });
    const logged: string[] = [];
    for (const method of ['log', 'warn', 'error'] as const) vi.spyOn(console, method).mockImplementation((line: unknown) => void logged.push(String(line)));
    for (const [setting, overrides] of SHORT) {
      const mail = recordingEmail();
      const json = await throughWorker({ ...overrides, EMAIL: mail.binding }, '/subscribe', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'short@example.org' }) });
      expect(json.status, setting).toBe(503);
      expect(json.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await json.json()) as { detail: string }).detail).toContain(setting);
      const form = await throughWorker({ ...overrides, EMAIL: mail.binding }, '/subscribe', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=short%40example.org' });
      expect(form.status).toBe(503);
      expect(form.headers.get('content-type')).toMatch(/text\/html/);
      expect((await throughWorker(overrides, `/preferences?token=${manage}`)).status).toBe(503);
      expect((await oneClick(unsubscribe, overrides)).status).toBe(503);
      expect(mail.calls).toBe(0);
      expect(await subscriberRow('short@example.org')).toBeNull();
      expect(logged.some((line) => line.includes('"config-error"') && line.includes(setting))).toBe(true);
      // Nothing else fails: the site's pages and feeds still answer.
      expect((await throughWorker(overrides, '/healthz')).status).toBe(200);
      expect((await throughWorker(overrides, '/feed.xml')).status).toBe(200);
    }
    expect((await subscriberRow('reader@example.org'))!.status).toBe('active');
    // The secret itself is never written to a log.
    expect(logged.join('\n')).not.toContain('old-and-short');
  });

  it('is accepted from 32 bytes', async () => {
    const mail = recordingEmail();
    const res = await postJson('/subscribe', { email: 'long@example.org' }, { SUBSCRIPTION_SECRET: '密'.repeat(11), EMAIL: mail.binding });
    expect(res.status).toBe(202);
    expect(mail.sent).toHaveLength(1);
  });
});
