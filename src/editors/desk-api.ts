import type { Context, Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import type { DeskEnv } from './desk-auth.ts';

/** The Worker's own app, as the desk's pages call its admin API (app.ts passes `app.fetch`). */
export type ApiFetch = Hono<AppEnv>['fetch'];

/**
 * Calls the admin API as the signed-in editor: their session cookie and its CSRF token, as
 * the desk's script sends them. The desk's pages and its no-JS forms read and write through
 * the very routes its script uses, so every check (validation, scopes, If-Match, revisions,
 * the audit log) is the API's, made once.
 */
export function callApi(c: Context<DeskEnv>, api: ApiFetch, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  headers.set('cookie', c.req.header('cookie') ?? '');
  headers.set('x-csrf-token', c.var.desk.csrf);
  if (options.body !== undefined) headers.set('content-type', 'application/json');
  const request = new Request(new URL(`/api${path}`, c.req.url), { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  return Promise.resolve(api(request, c.env, c.executionCtx));
}

/** A problem+json answer's detail and field errors (empty when the body is not one). */
export async function problemOf(res: Response): Promise<{ detail: string; errors: { field: string; message: string }[] }> {
  try {
    const body = (await res.json()) as { detail?: unknown; errors?: unknown };
    const errors = Array.isArray(body.errors) ? body.errors.filter((e): e is { field: string; message: string } => typeof e?.field === 'string' && typeof e?.message === 'string') : [];
    return { detail: typeof body.detail === 'string' ? body.detail : res.statusText, errors };
  } catch {
    return { detail: `HTTP ${res.status}`, errors: [] };
  }
}
