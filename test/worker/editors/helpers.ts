import { expect } from 'vitest';
import { api } from '../support/worker.ts';

/** Makes an API token as the owner and returns its secret and id. */
export async function makeToken(scopes: string[], extra: Record<string, unknown> = {}): Promise<{ token: string; id: string }> {
  const res = await api('POST', '/tokens', { name: `token with ${scopes.length} scope(s)`, scopes, ...extra });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { token: string; id: string };
}

/** A problem+json answer's body. */
export async function problem(res: Response): Promise<{ status: number; detail: string; errors?: { field: string; message: string }[] }> {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return res.json();
}
