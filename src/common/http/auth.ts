import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { Problem } from '../problem.ts';
import { readSecret } from '../secrets.ts';

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
}

/**
 * Compares two secrets in constant time: both are hashed first, so neither their
 * contents nor their lengths change how long the comparison takes.
 */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/**
 * `Authorization: Bearer <ADMIN_TOKEN>`. With no token configured, or one shorter than 32
 * bytes, the admin API is closed (503 naming ADMIN_TOKEN), never open.
 */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const expected = readSecret(c.env, 'ADMIN_TOKEN');
  if (!expected) throw new Problem(503, 'The admin API is disabled: the ADMIN_TOKEN secret is not set.');
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  const challenge = { 'www-authenticate': 'Bearer realm="herald"' };
  if (!match) throw new Problem(401, 'Send the admin token as "Authorization: Bearer <token>".', [], challenge);
  if (!(await sameSecret(match[1]!, expected))) throw new Problem(401, 'The admin token is not valid.', [], challenge);
  await next();
});
