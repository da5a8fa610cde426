import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import type { Env } from '../../../src/common/config.ts';
import { recordingEmail } from '../digests/helpers.ts';
import { withEnv } from '../support/worker.ts';

/** An editor written straight to D1. */
export async function addEditor(email: string, role: 'editor' | 'admin' = 'editor', name = email.split('@')[0]!): Promise<void> {
  await env.DB.prepare('INSERT INTO editors (email, name, role, created_at) VALUES (?1, ?2, ?3, 1000)').bind(email, name, role).run();
}

let clients = 0;
/** A client address of its own per call, so the per-client limit decides only the test about it. */
export const client = () => `2001:db8:${(clients += 1).toString(16)}::1`;

type Overrides = Partial<Env>;

/** GET a desk page, with a session cookie when given. */
export function deskGet(path: string, cookie?: string, headers: Record<string, string> = {}, overrides: Overrides = {}): Promise<Response> {
  return withEnv(overrides, path, { headers: { ...(cookie ? { cookie } : {}), ...headers }, redirect: 'manual' });
}

/** POST a form to the desk, as a browser on the site would (no Origin: a same-origin form may send none). */
export function deskPost(path: string, fields: Record<string, string>, cookie?: string, headers: Record<string, string> = {}, overrides: Overrides = {}): Promise<Response> {
  return withEnv(overrides, path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': client(), ...(cookie ? { cookie } : {}), ...headers },
    body: new URLSearchParams(fields),
  });
}

/** Asks for a sign-in link for `email` and answers the sign-in emails sent (through the real send_email binding). */
export async function requestLink(email: string, headers: Record<string, string> = {}) {
  const mail = recordingEmail();
  const res = await deskPost('/desk/sign-in', { email }, undefined, headers, { EMAIL: mail.binding });
  return { res, sent: mail.sent };
}

/** The path of the sign-in link in an email's text. */
export function linkIn(text: string): string {
  const link = /https:\/\/herald\.example\.org(\/desk\/sign-in\/confirm\?token=[A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!link) throw new Error(`no sign-in link in: ${text}`);
  return link;
}

export const tokenOf = (path: string) => new URL(path, 'http://x').searchParams.get('token')!;

/** The `name=value` of a Set-Cookie header, as a browser sends it back. */
export const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;

/** Signs `email` in by the emailed link, end to end, and answers the session cookie. */
export async function signIn(email: string): Promise<string> {
  const { sent } = await requestLink(email);
  expect(sent).toHaveLength(1);
  const res = await deskPost('/desk/sign-in/confirm', { token: tokenOf(linkIn(sent[0]!.text)) });
  expect(res.status).toBe(303);
  return cookieOf(res);
}

/** The CSRF token a desk page's forms carry. */
export async function csrfOf(cookie: string): Promise<string> {
  const html = await (await deskGet('/desk', cookie)).text();
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on /desk');
  return token;
}
