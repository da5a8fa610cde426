import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useAccessKeys } from '../../../src/editors/access-jwt.ts';
import { addEditor, deskGet } from './desk-helpers.ts';

const TEAM = 'herald-test.cloudflareaccess.com';
const ISSUER = `https://${TEAM}`;
const AUD = 'desk-application-audience-tag';
const ACCESS = { ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD };

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
let published: KeyPair;
let stranger: KeyPair;
let publicJwk: JWK;

beforeAll(async () => {
  published = await generateKeyPair('RS256', { extractable: true });
  stranger = await generateKeyPair('RS256', { extractable: true });
  publicJwk = { ...(await exportJWK(published.publicKey)), kid: 'published-key', alg: 'RS256' };
});
beforeEach(() => useAccessKeys(createLocalJWKSet({ keys: [publicJwk] })));
afterEach(() => useAccessKeys(null));

/** An assertion as Access makes one, with parts replaced. */
async function assertion(options: { email?: string; aud?: string; iss?: string; exp?: number | string; key?: KeyPair; kid?: string } = {}): Promise<string> {
  return new SignJWT({ email: options.email ?? 'wang.fang@example.org', type: 'app' })
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'published-key' })
    .setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? AUD)
    .setSubject('user-id')
    .setIssuedAt()
    .setExpirationTime(options.exp ?? '10m')
    .sign((options.key ?? published).privateKey);
}

const asAccess = (jwt: string, overrides: Record<string, string | undefined> = ACCESS) => deskGet('/desk', undefined, { 'cf-access-jwt-assertion': jwt }, overrides);

describe('signing in through Cloudflare Access', () => {
  it('signs in the editor a valid assertion names, and starts a session for the desk’s forms', async () => {
    await addEditor('wang.fang@example.org', 'admin', 'Wang Fang');
    const res = await asAccess(await assertion({ email: 'Wang.Fang@Example.org' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Wang Fang');
    expect(res.headers.get('set-cookie')).toMatch(/^__Host-herald_desk=/);
  });

  it('signs no one in with an assertion for another application (wrong audience)', async () => {
    await addEditor('wang.fang@example.org');
    expect((await asAccess(await assertion({ aud: 'another-application' }))).status).toBe(303);
  });

  it('signs no one in with an assertion from another team (wrong issuer)', async () => {
    await addEditor('wang.fang@example.org');
    expect((await asAccess(await assertion({ iss: 'https://other-team.cloudflareaccess.com' }))).status).toBe(303);
  });

  it('signs no one in with an expired assertion', async () => {
    await addEditor('wang.fang@example.org');
    const res = await asAccess(await assertion({ exp: Math.floor(Date.now() / 1000) - 60 }));
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('signs no one in with an assertion signed by a key not in the team’s set', async () => {
    await addEditor('wang.fang@example.org');
    expect((await asAccess(await assertion({ key: stranger, kid: 'unknown-key' }))).status).toBe(303);
    // A stranger's key under the published key's id fails the signature check.
    expect((await asAccess(await assertion({ key: stranger }))).status).toBe(303);
  });

  it('signs no one in with a forged or mangled assertion', async () => {
    await addEditor('wang.fang@example.org');
    const [header, payload, signature] = (await assertion()).split('.') as [string, string, string];
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    const swapped = btoa(JSON.stringify({ ...claims, email: 'wang.fang@example.org', sub: 'someone-else' })).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    for (const bad of [`${header}.${swapped}.${signature}`, `${header}.${payload}.`, 'not-a-jwt', `${header}.${payload}`, 'x'.repeat(10_000)]) {
      expect((await asAccess(bad)).status).toBe(303);
    }
  });

  it('tells an Access user who is not an editor so, with a 403 page', async () => {
    const res = await asAccess(await assertion({ email: 'visitor@example.org' }));
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('visitor@example.org');
    expect(html).toContain('not an editor');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('ignores the header when Access is not configured', async () => {
    await addEditor('wang.fang@example.org');
    expect((await asAccess(await assertion(), { ACCESS_TEAM_DOMAIN: undefined, ACCESS_AUD: undefined })).status).toBe(303);
  });

  it('closes the desk (503) when only one of the two settings is given', async () => {
    await addEditor('wang.fang@example.org');
    expect((await asAccess(await assertion(), { ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: undefined })).status).toBe(503);
  });
});
