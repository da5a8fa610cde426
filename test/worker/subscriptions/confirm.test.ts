import { describe, expect, it } from 'vitest';
import { CONFIRM_TTL_MS, signToken } from '../../../src/subscriptions/tokens.ts';
import { HOURLY, recordingEmail, recordingQueue, runCron } from '../digests/helpers.ts';
import { create, get, withEnv } from '../support/worker.ts';
import { confirmLink, postForm, postJson, SECRET, subscriberRow, subscriberWithTokens, tokenOf } from './helpers.ts';

async function pendingWithLink(email = 'confirm@example.org', fields: Record<string, unknown> = { frequency: 'daily', timezone: 'UTC' }) {
  const mail = recordingEmail();
  await postJson('/subscribe', { email, ...fields }, { EMAIL: mail.binding });
  return confirmLink(mail.sent[0]!.text);
}

describe('confirming a subscription', () => {
  it('shows a button on GET and changes nothing; the POST makes the subscriber active from now', async () => {
    await create({ title: 'Published before confirming' });
    const link = await pendingWithLink();
    const before = await subscriberRow('confirm@example.org');
    const page = await get(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toMatch(/<form method="post" action="\/confirm"/);
    expect(await subscriberRow('confirm@example.org')).toEqual(before);
    const res = await postForm('/confirm', { token: tokenOf(link) });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are subscribed');
    const row = (await subscriberRow('confirm@example.org'))!;
    expect(row.status).toBe('active');
    expect(row.confirmed_at).toBeGreaterThan(Date.now() - 60_000);
    // The report public before the confirmation is never sent to them.
    expect(row.last_seq).toBe(1);
    expect(row.next_due_at).toBeGreaterThan(Date.now());
  });

  it('gives an instant subscriber no due time', async () => {
    const link = await pendingWithLink('instant@example.org', { frequency: 'instant' });
    await postForm('/confirm', { token: tokenOf(link) });
    expect(await subscriberRow('instant@example.org')).toMatchObject({ status: 'active', next_due_at: null });
  });

  it('takes the token from the query string too', async () => {
    const link = await pendingWithLink();
    expect((await postForm(link, {})).status).toBe(200);
    expect((await subscriberRow('confirm@example.org'))!.status).toBe('active');
  });

  it('shows the same success page to an active subscriber and does not restart them', async () => {
    const { confirm } = await subscriberWithTokens({ status: 'active' });
    const before = await subscriberRow('reader@example.org');
    const res = await postForm('/confirm', { token: confirm });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are subscribed');
    expect(await subscriberRow('reader@example.org')).toEqual(before);
  });

  it('brings an unsubscribed subscriber back when they confirm again', async () => {
    const { confirm } = await subscriberWithTokens({ status: 'unsubscribed' });
    expect((await postForm('/confirm', { token: confirm })).status).toBe(200);
    expect(await subscriberRow('reader@example.org')).toMatchObject({ status: 'active', unsubscribed_at: null });
  });

  it('tells a suppressed address that mail cannot be delivered, and keeps it suppressed', async () => {
    const { confirm } = await subscriberWithTokens({ status: 'suppressed' });
    const res = await postForm('/confirm', { token: confirm });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('We cannot email this address');
    expect((await subscriberRow('reader@example.org'))!.status).toBe('suppressed');
  });

  it('refuses a forged, truncated, expired or other-purpose token with an error page, changing nothing', async () => {
    const link = await pendingWithLink();
    const token = tokenOf(link);
    const id = (await subscriberRow('confirm@example.org'))!.id as number;
    const [body, mac] = token.split('.') as [string, string];
    const cases: [string, number][] = [
      [await signToken('another-secret', 'confirm', id, Date.now()), 400],
      [token.slice(0, -3), 400],
      [body, 400],
      [`${body}.${mac}.x`, 400],
      [`${body.slice(0, -2)}AA.${mac}`, 400],
      [await signToken(SECRET, 'confirm', id, Date.now() - 8 * 86_400_000), 410],
      [await signToken(SECRET, 'unsubscribe', id, Date.now()), 400],
      [await signToken(SECRET, 'manage', id, Date.now()), 400],
      ['', 400],
      ['%%%', 400],
      ['a'.repeat(5000), 400],
    ];
    for (const [bad, status] of cases) {
      for (const res of [await get(`/confirm?token=${encodeURIComponent(bad)}`), await postForm('/confirm', { token: bad })]) {
        expect(res.status, bad).toBe(status);
        expect(res.headers.get('content-type')).toMatch(/text\/html/);
        expect(await res.text()).toContain('This link does not work');
      }
    }
    expect((await subscriberRow('confirm@example.org'))!.status).toBe('pending');
  });

  it('says so with a 404 page when the subscriber was erased', async () => {
    const token = await signToken(SECRET, 'confirm', 999, Date.now());
    expect((await get(`/confirm?token=${token}`)).status).toBe(404);
    expect((await postForm('/confirm', { token })).status).toBe(404);
  });

  it('answers 503 with a page, changing nothing, when SUBSCRIPTION_SECRET is unset', async () => {
    const { confirm } = await subscriberWithTokens({ status: 'pending' });
    expect((await withEnv({ SUBSCRIPTION_SECRET: '' }, `/confirm?token=${confirm}`)).status).toBe(503);
    const res = await postForm('/confirm', { token: confirm }, { SUBSCRIPTION_SECRET: '' });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect((await subscriberRow('reader@example.org'))!.status).toBe('pending');
  });
});

describe('a confirmation link stands for one sign-up', () => {
  async function signUp(email: string, fields: Record<string, unknown> = {}) {
    const mail = recordingEmail();
    await postJson('/subscribe', { email, ...fields }, { EMAIL: mail.binding });
    return mail.sent.length > 0 ? tokenOf(confirmLink(mail.sent[0]!.text)) : null;
  }

  it('no longer activates an address that unsubscribed after it was sent', async () => {
    const token = (await signUp('left@example.org'))!;
    expect((await postForm('/confirm', { token })).status).toBe(200);
    const { id } = (await subscriberRow('left@example.org'))!;
    // The subscriber leaves with the one-click link of a digest, within the link's 7 days.
    const unsubscribe = await signToken(SECRET, 'unsubscribe', id, 0);
    expect((await postForm(`/unsubscribe?token=${unsubscribe}`, { 'List-Unsubscribe': 'One-Click' })).status).toBe(200);
    for (const res of [await get(`/confirm?token=${token}`), await postForm('/confirm', { token })]) {
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('no longer works');
    }
    expect((await subscriberRow('left@example.org'))!.status).toBe('unsubscribed');
  });

  it('is replaced by the link of a newer sign-up: only the newest activates, with its preferences', async () => {
    const first = (await signUp('twice@example.org', { frequency: 'daily', topics: ['data'] }))!;
    const second = (await signUp('twice@example.org', { frequency: 'weekly', topics: ['norms'] }))!;
    expect((await postForm('/confirm', { token: first })).status).toBe(410);
    expect((await subscriberRow('twice@example.org'))!.status).toBe('pending');
    expect((await postForm('/confirm', { token: second })).status).toBe(200);
    expect(await subscriberRow('twice@example.org')).toMatchObject({ status: 'active', frequency: 'weekly', topics: '["norms"]' });
  });

  it('keeps working when a sign-up past the address’s daily limit is sent no link: that sign-up changes nothing', async () => {
    let last: string | null = null;
    for (let i = 0; i < 3; i += 1) last = await signUp('limited@example.org', { frequency: 'daily' });
    expect(await signUp('limited@example.org', { frequency: 'instant', topics: ['other'] })).toBeNull();
    expect((await postForm('/confirm', { token: last! })).status).toBe(200);
    expect(await subscriberRow('limited@example.org')).toMatchObject({ status: 'active', frequency: 'daily', topics: '[]' });
  });
});

describe('pending sign-ups whose link expired', () => {
  it('are erased by the hourly cron once their link expires; others stay; running it twice is harmless', async () => {
    const token = tokenOf(await pendingWithLink('never@example.org'));
    const confirmed = tokenOf(await pendingWithLink('yes@example.org'));
    await postForm('/confirm', { token: confirmed });
    await subscriberWithTokens({ email: 'gone@example.org', status: 'unsubscribed' });
    const digests = { DIGESTS: recordingQueue().queue };
    // The day before the link expires, nothing is erased.
    await runCron(HOURLY, Date.now() + CONFIRM_TTL_MS - 86_400_000, digests);
    expect((await subscriberRow('never@example.org'))!.status).toBe('pending');
    for (let run = 0; run < 2; run += 1) await runCron(HOURLY, Date.now() + CONFIRM_TTL_MS + 60_000, digests);
    expect(await subscriberRow('never@example.org')).toBeNull();
    expect((await subscriberRow('yes@example.org'))!.status).toBe('active');
    expect((await subscriberRow('gone@example.org'))!.status).toBe('unsubscribed');
    expect((await postForm('/confirm', { token })).status).toBe(404);
  });
});
