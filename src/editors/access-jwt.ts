import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ConfigError, type Env } from '../common/config.ts';

/**
 * Cloudflare Access in front of the desk: Access signs each request it lets through with a
 * JWT in `Cf-Access-Jwt-Assertion` (RS256, keys published at the team's `/cdn-cgi/access/certs`
 * and rotated every six weeks). The header is what is checked, never Access's cookie: issuer,
 * audience (the application's tag), expiry and signature, against the published keys.
 */
export interface AccessSettings {
  /** `https://<team>.cloudflareaccess.com`: the issuer, and where the keys are. */
  issuer: string;
  audience: string;
}

/**
 * ACCESS_TEAM_DOMAIN (`<team>.cloudflareaccess.com`, with or without `https://`) and ACCESS_AUD;
 * null when neither is set (Access is off). One without the other is a ConfigError: the desk
 * is closed rather than guessed open.
 */
export function accessSettings(env: Pick<Env, 'ACCESS_TEAM_DOMAIN' | 'ACCESS_AUD'>): AccessSettings | null {
  const domain = (env.ACCESS_TEAM_DOMAIN ?? '').trim().replace(/^https:\/\//i, '').replace(/\/+$/, '');
  const audience = (env.ACCESS_AUD ?? '').trim();
  if (domain === '' && audience === '') return null;
  if (domain === '' || audience === '') throw new ConfigError('ACCESS_TEAM_DOMAIN and ACCESS_AUD must be set together');
  if (!/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(domain)) throw new ConfigError(`ACCESS_TEAM_DOMAIN must be a host name such as myteam.cloudflareaccess.com, got "${env.ACCESS_TEAM_DOMAIN}"`);
  return { issuer: `https://${domain.toLowerCase()}`, audience };
}

const remoteSets = new Map<string, JWTVerifyGetKey>();
let keysOverride: JWTVerifyGetKey | null = null;

/**
 * Replaces the team's published key set (tests pass a local JWKS made with jose); null
 * restores it. The remote set is kept per isolate and refetched by jose when a token names
 * a key it has not seen (rotation), at most every 30 seconds.
 */
export function useAccessKeys(keys: JWTVerifyGetKey | null): void {
  keysOverride = keys;
}

function keySet(issuer: string): JWTVerifyGetKey {
  if (keysOverride) return keysOverride;
  let set = remoteSets.get(issuer);
  if (!set) {
    set = createRemoteJWKSet(new URL(`${issuer}/cdn-cgi/access/certs`));
    remoteSets.set(issuer, set);
  }
  return set;
}

/**
 * The address an Access assertion vouches for, lower-cased, or null when the assertion is
 * forged, expired, for another application or team, signed by a key not in the set, or
 * names no address. Never throws for a bad token.
 */
export async function accessEmail(assertion: string | undefined, settings: AccessSettings): Promise<string | null> {
  if (!assertion || assertion.length > 8192) return null;
  try {
    const { payload } = await jwtVerify(assertion, keySet(settings.issuer), { issuer: settings.issuer, audience: settings.audience, algorithms: ['RS256'] });
    return typeof payload.email === 'string' && payload.email.includes('@') ? payload.email.trim().toLowerCase() : null;
  } catch {
    return null;
  }
}
