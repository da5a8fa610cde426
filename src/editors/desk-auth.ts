import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Actor } from '../common/actor.ts';
import type { AppEnv } from '../common/app-env.ts';
import { sameSecret } from '../common/http/auth.ts';
import { readBodyText } from '../common/http/json-body.ts';
import { catalogue, type Lang, langOfTag } from '../common/i18n/index.ts';
import { logEvent } from '../common/log.ts';
import { Problem } from '../common/problem.ts';
import { readSecret } from '../common/secrets.ts';
import { accessEmail, accessSettings } from './access-jwt.ts';
import { editorActor } from './editor-actor.ts';
import { editorByEmail, type Role } from './editors-store.ts';
import { cookieName, csrfToken, deskKey, mintSession, SESSION_TTL_MS, sessionCookie, sessionIdHash, TOUCH_EVERY_MS } from './session.ts';
import { insertSession, liveSession, touchSession } from './session-store.ts';

/** The editor a desk request is made by, with their session's CSRF token. */
export interface DeskUser {
  email: string;
  name: string;
  role: Role;
  idHash: string;
  csrf: string;
}

/** The desk's routes see the signed-in editor as `c.var.desk`. */
export type DeskEnv = { Bindings: AppEnv['Bindings']; Variables: AppEnv['Variables'] & { desk: DeskUser } };
type C = Context<AppEnv> | Context<DeskEnv>;

/** An error the desk shows as a page (in the frame of the sign-in pages). */
export class DeskError extends Error {
  override name = 'DeskError';
  readonly status: number;
  readonly title: string;
  readonly headers: Record<string, string>;
  constructor(status: number, title: string, detail: string, headers: Record<string, string> = {}) {
    super(detail);
    this.status = status;
    this.title = title;
    this.headers = headers;
  }
}

/** The desk's language: the first of the browser's languages the site has an interface in, else English. */
export function deskLang(c: C): Lang {
  for (const part of (c.req.header('accept-language') ?? '').split(',')) {
    const lang = langOfTag(part.split(';')[0]?.trim());
    if (lang) return lang;
  }
  return 'en';
}

export const deskStrings = (c: C) => catalogue(deskLang(c)).desk;

/** The desk's HMAC key; without SUBSCRIPTION_SECRET the desk is closed (503), never open. */
export async function deskKeyOf(c: C): Promise<CryptoKey> {
  const secret = readSecret(c.env, 'SUBSCRIPTION_SECRET');
  if (!secret) throw new DeskError(503, deskStrings(c).closedTitle, deskStrings(c).closed);
  return deskKey(secret);
}

/** Reads one cookie from the request. */
function cookie(c: C, name: string): string | undefined {
  for (const part of (c.req.header('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Starts a session for `email`: stored hashed, and its cookie set on the answer. */
export async function startSession(c: C, key: CryptoKey, email: string, now: number): Promise<string> {
  const session = await mintSession(key);
  await insertSession(c.env.DB, { idHash: session.idHash, email, now, expiresAt: now + SESSION_TTL_MS });
  c.header('set-cookie', sessionCookie(c.var.site.siteUrl, session.cookie), { append: true });
  return session.idHash;
}

/** The session id hash the request's cookie carries, if its HMAC is right. */
export async function cookieSession(c: C, key: CryptoKey): Promise<string | null> {
  return sessionIdHash(key, cookie(c, cookieName(c.var.site.siteUrl)));
}

export type Who = { kind: 'editor'; user: DeskUser } | { kind: 'not-editor'; email: string } | { kind: 'nobody' };

/**
 * Who is asking: the editor of a live session cookie; else, with Access on, the editor a
 * valid `Cf-Access-Jwt-Assertion` names (a session is started for them, so forms have a CSRF
 * token and sign-out works); an Access address that is no editor is `not-editor`. A
 * forged, expired or foreign assertion, like no cookie, is `nobody`.
 */
export async function whoIsAsking(c: C, key: CryptoKey, now: number): Promise<Who> {
  const cookieHash = await cookieSession(c, key);
  const session = cookieHash ? await liveSession(c.env.DB, cookieHash, now) : null;
  if (session) {
    if (session.lastSeenAt <= now - TOUCH_EVERY_MS) {
      c.executionCtx.waitUntil(touchSession(c.env.DB, session.idHash, session.email, now).catch((error: unknown) => logEvent('desk-touch-failed', { error: String(error) }, 'warn')));
    }
    return { kind: 'editor', user: { email: session.email, name: session.name, role: session.role, idHash: session.idHash, csrf: await csrfToken(key, session.idHash) } };
  }
  const access = accessSettings(c.env);
  if (!access) return { kind: 'nobody' };
  const email = await accessEmail(c.req.header('cf-access-jwt-assertion'), access);
  if (!email) return { kind: 'nobody' };
  const editor = await editorByEmail(c.env.DB, email);
  if (!editor) return { kind: 'not-editor', email };
  const idHash = await startSession(c, key, email, now);
  return { kind: 'editor', user: { email, name: editor.name, role: editor.role, idHash, csrf: await csrfToken(key, idHash) } };
}

/**
 * False for a request another site made the browser send: `Sec-Fetch-Site` other than
 * `same-origin`, or an `Origin` that is neither this request's nor the site's.
 */
export function sameOrigin(c: C): boolean {
  const fetchSite = c.req.header('sec-fetch-site');
  if (fetchSite !== undefined && fetchSite !== 'same-origin') return false;
  const origin = c.req.header('origin');
  if (origin === undefined) return true;
  return origin === new URL(c.req.url).origin || origin === new URL(c.var.site.siteUrl).origin;
}

/** Refuses (403) a cross-site request, and one whose CSRF token is not its session's. */
export async function checkCsrf(c: C, user: DeskUser, given: unknown): Promise<void> {
  const t = deskStrings(c);
  if (!sameOrigin(c) || typeof given !== 'string' || !(await sameSecret(given, user.csrf))) throw new DeskError(403, t.refusedTitle, t.refused);
}

/**
 * Every desk page but signing in: nobody signed in is sent (303) to `/desk/sign-in`; an
 * Access address that is no editor gets a 403 page saying so.
 */
export const requireEditor = createMiddleware<DeskEnv>(async (c, next) => {
  const key = await deskKeyOf(c);
  const who = await whoIsAsking(c, key, Date.now());
  if (who.kind === 'nobody') return c.redirect('/desk/sign-in', 303);
  if (who.kind === 'not-editor') throw new DeskError(403, deskStrings(c).notEditorTitle, deskStrings(c).notEditor(who.email));
  c.set('desk', who.user);
  await next();
});

/** Pages for admins only: an `editor` gets a 403 page. */
export const requireAdmin = createMiddleware<DeskEnv>(async (c, next) => {
  if (c.var.desk.role !== 'admin') throw new DeskError(403, deskStrings(c).adminsOnlyTitle, deskStrings(c).adminsOnly);
  await next();
});

/**
 * The actor of an admin API request made by the desk's own scripts: a live session cookie
 * and its CSRF token in `X-CSRF-Token` (a cookie alone is what a cross-site request would
 * carry, so it opens nothing). Null when there is no session cookie; a 403 Problem when the
 * request is cross-site or its token is not the session's.
 */
export async function sessionActor(c: Context<AppEnv>, now: number): Promise<Actor | null> {
  const secret = readSecret(c.env, 'SUBSCRIPTION_SECRET');
  if (!secret || !cookie(c, cookieName(c.var.site.siteUrl))) return null;
  const key = await deskKey(secret);
  const idHash = await cookieSession(c, key);
  const session = idHash ? await liveSession(c.env.DB, idHash, now) : null;
  if (!session) return null;
  const given = c.req.header('x-csrf-token');
  if (given === undefined) return null;
  if (!sameOrigin(c) || !(await sameSecret(given, await csrfToken(key, session.idHash)))) {
    throw new Problem(403, 'The desk session was used from another site, or X-CSRF-Token is not its token.', [{ field: 'x-csrf-token', message: "must be the session's CSRF token, sent from the desk" }]);
  }
  return editorActor(session);
}

/** The fields of a desk form, after its CSRF token is checked (a cross-site post is a 403). */
export async function checkedForm(c: Context<DeskEnv>): Promise<URLSearchParams> {
  const text = await readBodyText(c, 8192, 'The form is larger than 8 KiB.');
  const fields = /^application\/x-www-form-urlencoded/i.test(c.req.header('content-type') ?? '') ? new URLSearchParams(text) : new URLSearchParams();
  await checkCsrf(c, c.var.desk, fields.get('csrf'));
  return fields;
}
