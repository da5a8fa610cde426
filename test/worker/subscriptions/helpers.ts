import { env } from 'cloudflare:workers';
import { signToken, type TokenPurpose } from '../../../src/subscriptions/tokens.ts';
import type { SubscriberStatus } from '../../../src/subscriptions/types.ts';
import { withEnv } from '../support/worker.ts';

/** SUBSCRIPTION_SECRET in vitest.config.ts. */
export const SECRET = 'test-subscription-secret-of-32-bytes-or-more';

type Overrides = Parameters<typeof withEnv>[0];

let clients = 0;
/**
 * Each request comes from its own client address, so the real rate limiter (10 a minute
 * per client, wrangler.toml) never decides a test that is not about it.
 */
const client = () => ({ 'cf-connecting-ip': `2001:db8::${(clients += 1).toString(16)}` });

/** POSTs `body` as JSON, as a program would. */
export function postJson(path: string, body: unknown, overrides: Overrides = {}, headers: Record<string, string> = {}) {
  return withEnv(overrides, path, { method: 'POST', headers: { 'content-type': 'application/json', ...client(), ...headers }, body: JSON.stringify(body) });
}

/** POSTs an HTML form; a list value becomes repeated fields, as checkboxes send them. */
export function postForm(path: string, fields: Record<string, string | string[]>, overrides: Overrides = {}, headers: Record<string, string> = {}) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  return withEnv(overrides, path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...client(), ...headers }, body });
}

/** The subscribers row as D1 holds it, or null. */
export function subscriberRow(email: string) {
  return env.DB.prepare('SELECT * FROM subscribers WHERE email = ?1').bind(email).first<Record<string, any>>();
}

/** A subscriber written straight to D1 in `status`, with the tokens of each purpose for them. */
export async function subscriberWithTokens(overrides: { email?: string; status?: SubscriberStatus; frequency?: string; timezone?: string; nextDueAt?: number | null } = {}) {
  const row = await env.DB.prepare(
    `INSERT INTO subscribers (email, status, frequency, timezone, created_at, updated_at, next_due_at)
     VALUES (?1, ?2, ?3, ?4, 1000, 1000, ?5) RETURNING id`,
  )
    .bind(overrides.email ?? 'reader@example.org', overrides.status ?? 'active', overrides.frequency ?? 'weekly', overrides.timezone ?? 'UTC', overrides.nextDueAt === undefined ? 1_000_000 : overrides.nextDueAt)
    .first<{ id: number }>();
  const id = row!.id;
  const token = (purpose: TokenPurpose) => signToken(SECRET, purpose, id, Date.now());
  return { id, confirm: await token('confirm'), manage: await token('manage'), unsubscribe: await token('unsubscribe') };
}

/** The path of the confirmation link in an email's text. */
export function confirmLink(text: string): string {
  const link = /https:\/\/herald\.example\.org\/confirm\?token=[A-Za-z0-9_.-]+/.exec(text)?.[0];
  if (!link) throw new Error(`no confirmation link in: ${text}`);
  return link.replace('https://herald.example.org', '');
}

/** The token of a link path. */
export const tokenOf = (path: string) => new URL(path, 'http://x').searchParams.get('token')!;
