import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { type Actor, OWNER, withImplied } from '../common/actor.ts';
import type { AppEnv } from '../common/app-env.ts';
import { sameSecret } from '../common/http/auth.ts';
import { logEvent } from '../common/log.ts';
import { Problem } from '../common/problem.ts';
import { readSecret } from '../common/secrets.ts';
import { looksLikeApiToken, tokenHash } from './api-token.ts';
import { matchApiRoute, type Need } from './api-routes.ts';
import { tokenByHash, touchToken } from './token-store.ts';
import { sessionActor } from './desk-auth.ts';

/** How often a token's `last_used_at` is written: once an hour at most, not once a request. */
const TOUCH_EVERY_MS = 60 * 60 * 1000;

const CHALLENGE = { 'www-authenticate': 'Bearer realm="herald"' };

/**
 * True when `actor` may call a route that needs `need`: the owner may call every route; a
 * scope opens the routes that need it; `owner` routes (tokens, editors) open to the owner
 * and to admin editors only. The desk checks its editors with the same function (an
 * `editor` holds `reports:*`, an `admin` every scope).
 */
export function mayCall(actor: Actor, need: Need): boolean {
  if (actor.kind === 'owner') return true;
  if (need === 'owner') return actor.admin === true;
  return actor.scopes.has(need);
}

/**
 * The actor an `Authorization: Bearer …` header names: the owner (ADMIN_TOKEN) or an API token
 * that is neither revoked nor expired. Without the header, a desk session with its CSRF
 * header (`X-CSRF-Token`) names its editor.
 */
async function actorOf(c: Context<AppEnv>, adminToken: string, now: number): Promise<Actor> {
  if (c.req.header('authorization') === undefined) {
    const editor = await sessionActor(c, now);
    if (editor) return editor;
  }
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  if (!match) throw new Problem(401, 'Send a token as "Authorization: Bearer <token>".', [], CHALLENGE);
  const given = match[1]!;
  if (await sameSecret(given, adminToken)) return OWNER;
  const invalid = new Problem(401, 'The token is not valid.', [], CHALLENGE);
  if (!looksLikeApiToken(given)) throw invalid;
  const token = await tokenByHash(c.env.DB, await tokenHash(given));
  // Revoked and expired tokens get the same answer as unknown ones: nothing tells them apart.
  if (!token || token.revokedAt !== null || (token.expiresAt !== null && token.expiresAt <= now)) throw invalid;
  if (token.lastUsedAt === null || token.lastUsedAt <= now - TOUCH_EVERY_MS) {
    c.executionCtx.waitUntil(touchToken(c.env.DB, token.id, now, TOUCH_EVERY_MS).catch((error: unknown) => logEvent('token-touch-failed', { error: String(error) }, 'warn')));
  }
  return { kind: 'token', name: token.name, id: token.id, scopes: withImplied(token.scopes) };
}

/**
 * The admin API's door: finds who is asking (`c.var.actor`) and refuses what they may not do.
 * Without ADMIN_TOKEN the whole API is closed (503), whatever token is sent: the owner's
 * bootstrap token is what makes the others, so none works without it. A missing, wrong,
 * revoked or expired token is 401; a token without the route's scope (see `API_ROUTES`) 403,
 * naming the scope it needs.
 */
export const apiAccess = createMiddleware<AppEnv>(async (c, next) => {
  const adminToken = readSecret(c.env, 'ADMIN_TOKEN');
  if (!adminToken) throw new Problem(503, 'The admin API is disabled: the ADMIN_TOKEN secret is not set.');
  const actor = await actorOf(c, adminToken, Date.now());
  const { need } = matchApiRoute(c.req.method, c.req.path).route;
  if (!mayCall(actor, need)) {
    const detail = need === 'owner' ? 'Only the owner token or an admin may do this: no scope opens it.' : `This ${actor.kind === 'editor' ? "editor's role" : 'token'} lacks the scope ${need}.`;
    const message = need === 'owner' ? 'needs the owner token or an admin' : `needs the scope ${need}`;
    throw new Problem(403, detail, [{ field: 'authorization', message }]);
  }
  c.set('actor', actor);
  await next();
});
