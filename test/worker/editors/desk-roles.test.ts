import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { api, create, withEnv } from '../support/worker.ts';
import { addEditor, csrfOf, deskGet, deskPost, signIn } from './desk-helpers.ts';
import { problem } from './helpers.ts';

/** An admin API request made by the desk's own scripts: the session cookie and its CSRF header. */
function deskApi(method: string, path: string, cookie: string, csrf: string | null, body?: unknown, headers: Record<string, string> = {}) {
  return withEnv({}, `/api${path}`, {
    method,
    headers: { cookie, ...(csrf === null ? {} : { 'x-csrf-token': csrf }), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('what each role sees in the desk', () => {
  it('shows an editor the reports with their state, and no admin section', async () => {
    await create({ title: 'A public report', published: '2026-01-05' });
    await create({ title: 'A draft report', draft: true });
    await create({ title: 'A scheduled report', published: '2099-01-01' });
    await addEditor('writer@example.org', 'editor', 'Zhang Min');
    const cookie = await signIn('writer@example.org');
    const html = await (await deskGet('/desk', cookie)).text();
    expect(html).toContain('Zhang Min');
    expect(html).toMatch(/A public report<\/a>[\s\S]*?Public/);
    expect(html).toMatch(/A draft report[\s\S]*?Draft/);
    expect(html).toMatch(/A scheduled report[\s\S]*?Scheduled/);
    for (const path of ['/desk/delivery', '/desk/editors', '/desk/tokens', '/desk/audit']) {
      expect(html).not.toContain(`href="${path}"`);
      const res = await deskGet(path, cookie);
      expect(res.status, path).toBe(403);
      expect(await res.text()).toContain('For admins only');
    }
    const refused = await deskPost('/desk/editors', { csrf: await csrfOf(cookie), email: 'me@example.org', name: 'Me', role: 'admin' }, cookie);
    expect(refused.status).toBe(403);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM editors WHERE email = 'me@example.org'").first('n')).toBe(0);
  });

  it('shows an admin every section, and lets them add, change and remove editors with the page’s form', async () => {
    await addEditor('chief@example.org', 'admin', 'Chief');
    const cookie = await signIn('chief@example.org');
    const html = await (await deskGet('/desk', cookie)).text();
    for (const path of ['/desk/delivery', '/desk/editors', '/desk/tokens', '/desk/audit']) {
      expect(html).toContain(`href="${path}"`);
      expect((await deskGet(path, cookie)).status, path).toBe(200);
    }
    const csrf = await csrfOf(cookie);
    const added = await deskPost('/desk/editors', { csrf, email: ' New.Editor@Example.org ', name: '李  明', role: 'editor' }, cookie);
    expect(added.status).toBe(200);
    expect(await added.text()).toContain('new.editor@example.org');
    expect(await env.DB.prepare("SELECT name, role FROM editors WHERE email = 'new.editor@example.org'").first()).toEqual({ name: '李 明', role: 'editor' });
    const bad = await deskPost('/desk/editors', { csrf, email: 'nope', name: '', role: 'owner' }, cookie);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/aria-invalid="true"/);
    expect((await deskPost('/desk/editors/remove', { csrf, email: 'chief@example.org' }, cookie)).status).toBe(409);
    expect((await deskPost('/desk/editors/remove', { csrf, email: 'new.editor@example.org' }, cookie)).status).toBe(200);
    const audit = await env.DB.prepare('SELECT actor_kind, actor_name, action, target_id FROM audit_log ORDER BY id').all();
    expect(audit.results).toEqual([
      { actor_kind: 'editor', actor_name: 'chief@example.org', action: 'editor.create', target_id: 'new.editor@example.org' },
      { actor_kind: 'editor', actor_name: 'chief@example.org', action: 'editor.delete', target_id: 'new.editor@example.org' },
    ]);
    expect(await (await deskGet('/desk/audit', cookie)).text()).toContain('editor.delete');
  });

  it('refuses a desk form posted from another site, or without its token (403), and changes nothing', async () => {
    await addEditor('chief@example.org', 'admin');
    const cookie = await signIn('chief@example.org');
    const csrf = await csrfOf(cookie);
    const fields = { email: 'x@example.org', name: 'X', role: 'admin' };
    expect((await deskPost('/desk/editors', fields, cookie)).status).toBe(403);
    expect((await deskPost('/desk/editors', { ...fields, csrf }, cookie, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await deskPost('/desk/editors', { ...fields, csrf }, cookie, { origin: 'https://evil.example' })).status).toBe(403);
    const other = await signIn((await addEditor('second@example.org', 'admin'), 'second@example.org'));
    expect((await deskPost('/desk/editors', { ...fields, csrf: await csrfOf(other) }, cookie)).status).toBe(403);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM editors WHERE email = 'x@example.org'").first('n')).toBe(0);
  });
});

describe('the desk session on the admin API', () => {
  it('makes an editor an actor with reports:* only', async () => {
    await create({ title: 'Readable', slug: 'readable' });
    await addEditor('writer@example.org', 'editor');
    const cookie = await signIn('writer@example.org');
    const csrf = await csrfOf(cookie);
    expect((await deskApi('GET', '/reports', cookie, csrf)).status).toBe(200);
    expect((await deskApi('GET', '/subscribers', cookie, csrf)).status).toBe(403);
    expect((await deskApi('GET', '/channels', cookie, csrf)).status).toBe(403);
    expect((await deskApi('GET', '/tokens', cookie, csrf)).status).toBe(403);
    const editors = await deskApi('POST', '/editors', cookie, csrf, { email: 'me@example.org', name: 'Me', role: 'admin' });
    expect(editors.status).toBe(403);
    expect((await problem(editors)).errors?.[0]?.field).toBe('authorization');
    const deleted = await deskApi('DELETE', '/reports/readable', cookie, csrf);
    expect(deleted.status).toBe(204);
    const entry = await env.DB.prepare("SELECT actor_kind, actor_name, action FROM audit_log WHERE action = 'report.delete'").first();
    expect(entry).toEqual({ actor_kind: 'editor', actor_name: 'writer@example.org', action: 'report.delete' });
  });

  it('makes an admin an actor with every scope, who may manage tokens and editors', async () => {
    await addEditor('chief@example.org', 'admin');
    const cookie = await signIn('chief@example.org');
    const csrf = await csrfOf(cookie);
    expect((await deskApi('GET', '/subscribers', cookie, csrf)).status).toBe(200);
    expect((await deskApi('GET', '/audit', cookie, csrf)).status).toBe(200);
    expect((await deskApi('POST', '/tokens', cookie, csrf, { name: 'ci', scopes: ['reports:write'] })).status).toBe(201);
    expect((await deskApi('POST', '/editors', cookie, csrf, { email: 'b@example.org', name: 'B', role: 'editor' })).status).toBe(201);
  });

  it('opens nothing with the cookie alone, a wrong token, or from another site', async () => {
    await addEditor('chief@example.org', 'admin');
    const cookie = await signIn('chief@example.org');
    const csrf = await csrfOf(cookie);
    expect((await deskApi('GET', '/subscribers', cookie, null)).status).toBe(401);
    const wrong = await deskApi('GET', '/subscribers', cookie, 'x'.repeat(43));
    expect(wrong.status).toBe(403);
    expect((await problem(wrong)).errors?.[0]?.field).toBe('x-csrf-token');
    expect((await deskApi('DELETE', '/editors/chief@example.org', cookie, csrf, undefined, { origin: 'https://evil.example' })).status).toBe(403);
  });
});

describe('GET, POST /api/editors and DELETE /api/editors/:email', () => {
  it('creates, changes, lists and removes editors with the owner token', async () => {
    const created = await api('POST', '/editors', { email: 'Ana@Example.org', name: 'Ana', role: 'admin' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ email: 'ana@example.org', name: 'Ana', role: 'admin', last_seen_at: null });
    expect((await api('POST', '/editors', { email: 'bo@example.org', name: 'Bo' })).status).toBe(201);
    const changed = await api('POST', '/editors', { email: 'bo@example.org', name: 'Bo Li', role: 'admin' });
    expect(changed.status).toBe(200);
    const list = (await (await api('GET', '/editors')).json()) as { editors: { email: string; role: string }[] };
    expect(list.editors.map((e) => [e.email, e.role])).toEqual([
      ['ana@example.org', 'admin'],
      ['bo@example.org', 'admin'],
    ]);
    expect((await api('DELETE', '/editors/Bo@example.org')).status).toBe(204);
    expect((await api('DELETE', '/editors/bo@example.org')).status).toBe(404);
    const actions = await env.DB.prepare('SELECT action FROM audit_log ORDER BY id').all();
    expect(actions.results.map((r) => r.action)).toEqual(['editor.create', 'editor.create', 'editor.update', 'editor.delete']);
  });

  it('names each invalid field, and changes nothing', async () => {
    const res = await api('POST', '/editors', { email: 'a@b@c', name: 42, role: 'owner' });
    expect(res.status).toBe(400);
    expect((await problem(res)).errors!.map((e) => e.field).sort()).toEqual(['email', 'name', 'role']);
    for (const body of ['[]', 'null', '"x"', { email: 'x@example.org', name: 'a\nb' }, { email: 'x@example.org\r\nBcc: y', name: 'X' }, { email: 'x@example.org', name: '😀'.repeat(101) }]) {
      expect((await api('POST', '/editors', body)).status).toBe(400);
    }
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM editors').first('n')).toBe(0);
  });

  it('never removes or demotes the last admin (409)', async () => {
    await api('POST', '/editors', { email: 'only@example.org', name: 'Only', role: 'admin' });
    await api('POST', '/editors', { email: 'writer@example.org', name: 'Writer', role: 'editor' });
    const removed = await api('DELETE', '/editors/only@example.org');
    expect(removed.status).toBe(409);
    expect((await api('POST', '/editors', { email: 'only@example.org', name: 'Only', role: 'editor' })).status).toBe(409);
    expect(await env.DB.prepare("SELECT role FROM editors WHERE email = 'only@example.org'").first('role')).toBe('admin');
    // With a second admin, the first may go.
    await api('POST', '/editors', { email: 'writer@example.org', name: 'Writer', role: 'admin' });
    expect((await api('DELETE', '/editors/only@example.org')).status).toBe(204);
  });

  it('is closed to a token without the owner’s rights', async () => {
    const made = await api('POST', '/tokens', { name: 'ci', scopes: ['reports:write', 'subscribers:write'] });
    const { token } = (await made.json()) as { token: string };
    expect((await api('GET', '/editors', undefined, token)).status).toBe(403);
    expect((await api('POST', '/editors', { email: 'x@example.org', name: 'X' }, token)).status).toBe(403);
  });
});
