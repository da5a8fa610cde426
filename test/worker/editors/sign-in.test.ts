import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addEditor, client, cookieOf, csrfOf, deskGet, deskPost, linkIn, requestLink, signIn, tokenOf } from './desk-helpers.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('signing in to the desk by an emailed link', () => {
  it('emails a link whose page only shows a button; pressing it signs in and opens the desk', async () => {
    await addEditor('li.wei@example.org', 'editor', 'Li Wei');
    const { res, sent } = await requestLink('Li.Wei@Example.org');
    expect(res.status).toBe(200);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe('li.wei@example.org');
    expect(sent[0]!.subject).toContain('desk');
    const link = linkIn(sent[0]!.text);
    expect(sent[0]!.html).toContain(link.replace('?', '?').replace(/&/g, '&amp;'));

    // Opening the link (as a mail scanner does) signs no one in and uses nothing up.
    const page = await deskGet(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(await page.text()).toMatch(/<form method="post" action="\/desk\/sign-in\/confirm"/);
    const row = await env.DB.prepare('SELECT used_at FROM sign_in_links').first<{ used_at: number | null }>();
    expect(row!.used_at).toBeNull();

    const signedIn = await deskPost('/desk/sign-in/confirm', { token: tokenOf(link) });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/desk');
    const desk = await deskGet('/desk', cookieOf(signedIn));
    expect(desk.status).toBe(200);
    const html = await desk.text();
    expect(html).toContain('Li Wei');
    expect(html).toContain('Editor');
    expect(await env.DB.prepare("SELECT last_seen_at FROM editors WHERE email = 'li.wei@example.org'").first('last_seen_at')).toBeGreaterThan(0);
  });

  it('gives an unknown address the same answer, and sends it nothing', async () => {
    await addEditor('known@example.org');
    const known = await requestLink('known@example.org');
    const unknown = await requestLink('stranger@example.org');
    expect(unknown.res.status).toBe(known.res.status);
    const strip = (html: string) => html.replace(/known@example\.org|stranger@example\.org/g, 'ADDRESS');
    expect(strip(await unknown.res.text())).toBe(strip(await known.res.text()));
    expect(known.sent).toHaveLength(1);
    expect(unknown.sent).toHaveLength(0);
  });

  it('answers every address alike when no sender is configured (503 page)', async () => {
    await addEditor('known@example.org');
    const known = await deskPost('/desk/sign-in', { email: 'known@example.org' }, undefined, {}, { DIGEST_FROM: undefined });
    const unknown = await deskPost('/desk/sign-in', { email: 'stranger@example.org' }, undefined, {}, { DIGEST_FROM: undefined });
    expect([known.status, unknown.status]).toEqual([503, 503]);
  });

  it('uses a link once: the second press is a 400 page', async () => {
    await addEditor('once@example.org');
    const { sent } = await requestLink('once@example.org');
    const token = tokenOf(linkIn(sent[0]!.text));
    expect((await deskPost('/desk/sign-in/confirm', { token })).status).toBe(303);
    const again = await deskPost('/desk/sign-in/confirm', { token });
    expect(again.status).toBe(400);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).toContain('does not work');
    expect((await deskGet(`/desk/sign-in/confirm?token=${token}`)).status).toBe(400);
  });

  it('lets a link expire after 15 minutes', async () => {
    await addEditor('late@example.org');
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const { sent } = await requestLink('late@example.org');
    const token = tokenOf(linkIn(sent[0]!.text));
    vi.setSystemTime(start + 14 * 60_000);
    expect((await deskGet(`/desk/sign-in/confirm?token=${token}`)).status).toBe(200);
    vi.setSystemTime(start + 15 * 60_000 + 1);
    expect((await deskGet(`/desk/sign-in/confirm?token=${token}`)).status).toBe(400);
    expect((await deskPost('/desk/sign-in/confirm', { token })).status).toBe(400);
  });

  it('refuses forged, truncated and missing tokens with a 400 page', async () => {
    await addEditor('forge@example.org');
    const { sent } = await requestLink('forge@example.org');
    const token = tokenOf(linkIn(sent[0]!.text));
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [forged, token.slice(0, 20), '', '<script>', '网络']) {
      const res = await deskPost('/desk/sign-in/confirm', { token: bad });
      expect(res.status, bad).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect((await deskGet(`/desk/sign-in/confirm?token=${encodeURIComponent(bad)}`)).status).toBe(400);
    }
    expect((await deskPost('/desk/sign-in/confirm', {})).status).toBe(400);
    // The real link still works after all that.
    expect((await deskPost('/desk/sign-in/confirm', { token })).status).toBe(303);
  });

  it('sends at most 5 links an hour to one address, with the same answer past it', async () => {
    await addEditor('busy@example.org');
    const answers: number[] = [];
    let sentCount = 0;
    for (let i = 0; i < 7; i += 1) {
      const { res, sent } = await requestLink('busy@example.org');
      answers.push(res.status);
      sentCount += sent.length;
    }
    expect(answers).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(sentCount).toBe(5);
  });

  it('answers 429 past 20 sign-in posts from one client in 10 minutes, counting an IPv6 /64 as one client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i += 1) {
      const res = await deskPost('/desk/sign-in', { email: 'nobody@example.org' }, undefined, { 'cf-connecting-ip': `2001:db8:aa:bb::${i.toString(16)}` });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
    const refused = await deskPost('/desk/sign-in', { email: 'nobody@example.org' }, undefined, { 'cf-connecting-ip': '2001:db8:aa:bb::ffff' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('Too many');
    // Another client is not held back.
    expect((await deskPost('/desk/sign-in', { email: 'nobody@example.org' }, undefined, { 'cf-connecting-ip': client() })).status).toBe(200);
  });

  it('answers a bad address with the form again (400), and survives odd input', async () => {
    for (const email of ['', 'not an address', 'a@b@c', 'x\r\nBcc: y@example.org', '<script>@x']) {
      const res = await deskPost('/desk/sign-in', { email });
      expect(res.status, email).toBe(400);
      expect(await res.text()).not.toContain('<script>@');
    }
  });

  it('refuses a sign-in post from another site (403)', async () => {
    await addEditor('csrf@example.org');
    const { sent } = await requestLink('csrf@example.org');
    const token = tokenOf(linkIn(sent[0]!.text));
    expect((await deskPost('/desk/sign-in/confirm', { token }, undefined, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await deskPost('/desk/sign-in/confirm', { token }, undefined, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await deskPost('/desk/sign-in', { email: 'csrf@example.org' }, undefined, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // Refused posts did not use the link up.
    expect((await deskPost('/desk/sign-in/confirm', { token }, undefined, { origin: 'https://herald.example.org', 'sec-fetch-site': 'same-origin' })).status).toBe(303);
  });
});

describe('desk sessions', () => {
  it('sets an HttpOnly, SameSite=Strict, Secure cookie for 12 hours on an https site', async () => {
    await addEditor('cookie@example.org');
    const { sent } = await requestLink('cookie@example.org');
    const res = await deskPost('/desk/sign-in/confirm', { token: tokenOf(linkIn(sent[0]!.text)) });
    const header = res.headers.get('set-cookie')!;
    expect(header).toMatch(/^__Host-herald_desk=[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43};/);
    for (const part of ['HttpOnly', 'SameSite=Strict', 'Path=/', 'Max-Age=43200', 'Secure']) expect(header).toContain(part);
    // D1 keeps only the hash of the id.
    const id = header.split('=')[1]!.split('.')[0]!;
    const row = await env.DB.prepare('SELECT id_hash FROM desk_sessions').first<{ id_hash: string }>();
    expect(row!.id_hash).not.toContain(id);
    expect(row!.id_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leaves Secure off only on http://localhost', async () => {
    await addEditor('local@example.org');
    const cases: [string, boolean][] = [
      ['http://localhost:8787', false],
      ['http://localhost', false],
      ['http://localhost.example.org', true],
      ['http://127.0.0.1:8787', true],
      ['http://herald.example.org', true],
    ];
    for (const [site, secure] of cases) {
      const { recordingEmail } = await import('../digests/helpers.ts');
      const mail = recordingEmail();
      await deskPost('/desk/sign-in', { email: 'local@example.org' }, undefined, {}, { SITE_URL: site, EMAIL: mail.binding });
      const token = /token=([A-Za-z0-9_-]+)/.exec(mail.sent[0]!.text)![1]!;
      const res = await deskPost('/desk/sign-in/confirm', { token }, undefined, {}, { SITE_URL: site });
      const header = res.headers.get('set-cookie')!;
      expect(/;\s*Secure/.test(header), site).toBe(secure);
      expect(header.startsWith(secure ? '__Host-' : 'herald_desk='), site).toBe(true);
      await env.DB.prepare('DELETE FROM sign_in_links').run();
    }
  });

  it('sends every desk page to /desk/sign-in without a session (303)', async () => {
    for (const path of ['/desk', '/desk/', '/desk/editors', '/desk/tokens', '/desk/audit', '/desk/delivery', '/desk/reports/anything']) {
      const res = await deskGet(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location')).toBe('/desk/sign-in');
    }
  });

  it('turns away a forged or altered session cookie', async () => {
    await addEditor('alter@example.org');
    const cookie = await signIn('alter@example.org');
    const [name, value] = cookie.split('=') as [string, string];
    const [id, mac] = value.split('.') as [string, string];
    const other = `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [`${name}=${other}.${mac}`, `${name}=${id}`, `${name}=${id}.${mac.slice(0, 10)}`, `${name}=`]) {
      expect((await deskGet('/desk', bad)).status, bad).toBe(303);
    }
    expect((await deskGet('/desk', cookie)).status).toBe(200);
  });

  it('ends the session on sign-out: revoked in D1, the same cookie no longer opens the desk', async () => {
    await addEditor('out@example.org');
    const cookie = await signIn('out@example.org');
    const csrf = await csrfOf(cookie);
    const res = await deskPost('/desk/sign-out', { csrf }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/desk/sign-in');
    expect(res.headers.get('set-cookie')).toContain('Max-Age=0');
    const row = await env.DB.prepare('SELECT revoked_at FROM desk_sessions').first<{ revoked_at: number | null }>();
    expect(row!.revoked_at).not.toBeNull();
    expect((await deskGet('/desk', cookie)).status).toBe(303);
  });

  it('refuses a sign-out without the CSRF token or from another site (403), and stays signed in', async () => {
    await addEditor('stay@example.org');
    const cookie = await signIn('stay@example.org');
    const csrf = await csrfOf(cookie);
    expect((await deskPost('/desk/sign-out', {}, cookie)).status).toBe(403);
    expect((await deskPost('/desk/sign-out', { csrf: 'x'.repeat(43) }, cookie)).status).toBe(403);
    expect((await deskPost('/desk/sign-out', { csrf }, cookie, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await deskPost('/desk/sign-out', { csrf }, cookie, { 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await deskGet('/desk', cookie)).status).toBe(200);
  });

  it('ends a session after 12 hours', async () => {
    await addEditor('long@example.org');
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const cookie = await signIn('long@example.org');
    vi.setSystemTime(start + 11 * 3_600_000);
    expect((await deskGet('/desk', cookie)).status).toBe(200);
    vi.setSystemTime(start + 12 * 3_600_000 + 1);
    expect((await deskGet('/desk', cookie)).status).toBe(303);
  });

  it('signs out every session of an editor who is removed', async () => {
    await addEditor('boss@example.org', 'admin');
    await addEditor('gone@example.org');
    const boss = await signIn('boss@example.org');
    const gone = await signIn('gone@example.org');
    const res = await deskPost('/desk/editors/remove', { csrf: await csrfOf(boss), email: 'gone@example.org' }, boss);
    expect(res.status).toBe(200);
    expect((await deskGet('/desk', gone)).status).toBe(303);
  });

  it('speaks Chinese to a browser that asks for it, the link’s email too', async () => {
    await addEditor('zh@example.org');
    const form = await deskGet('/desk/sign-in', undefined, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' });
    const html = await form.text();
    expect(html).toContain('<html lang="zh-Hans"');
    expect(html).toContain('登录编辑台');
    const { sent } = await requestLink('zh@example.org', { 'accept-language': 'zh-CN' });
    expect(sent[0]!.subject).toMatch(/^登录 .+ 编辑台$/);
    expect(sent[0]!.text).toContain('15 分钟');
  });

  it('closes the desk (503 page) without SUBSCRIPTION_SECRET', async () => {
    const res = await deskGet('/desk/sign-in', undefined, {}, { SUBSCRIPTION_SECRET: undefined });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('The desk is closed');
  });
});
