import { createMiddleware } from 'hono/factory';
import type { Actor } from '../common/actor.ts';
import type { AppEnv } from '../common/app-env.ts';
import { logEvent } from '../common/log.ts';
import { type ApiRoute, matchApiRoute } from './api-routes.ts';
import { insertAuditEntry } from './audit-store.ts';

/** What the desk (or any caller) says it did; see {@link recordAction}. */
export interface Action {
  actor: Actor;
  /** `report.update`, `subscriber.erase`, … */
  action: string;
  target?: { kind: string; id: string } | null;
  /** Named, secret-free facts (never a token, a credential or a message body). */
  detail?: Record<string, unknown> | null;
  at?: number;
}

/** Records one change in the audit log. The admin API records its own; the desk calls this for what it does itself. */
export async function recordAction(db: D1Database, { actor, action, target = null, detail = null, at = Date.now() }: Action): Promise<void> {
  await insertAuditEntry(db, { at, actor: { kind: actor.kind, name: actor.name, id: actor.id ?? null }, action, target, detail });
}

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Json = Record<string, unknown>;

/** The JSON answer, read from a copy (the client still gets the original); null when it is not JSON. */
async function answerOf(res: Response): Promise<Json | null> {
  if (!/json/i.test(res.headers.get('content-type') ?? '')) return null;
  try {
    const body: unknown = await res.clone().json();
    return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Json) : null;
  } catch {
    return null;
  }
}

const plain = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** The detail a route's row names: only the parameters and answer fields it lists, never the rest. */
function detailOf(route: ApiRoute, params: Record<string, string>, answer: Json | null, request: { method: string; path: string }): Json | null {
  const detail: Json = {};
  for (const name of route.detail?.params ?? []) if (params[name] !== undefined) detail[name] = params[name];
  for (const field of route.detail?.fields ?? []) {
    const value = answer?.[field];
    if (plain(value) || (Array.isArray(value) && value.every(plain))) detail[field] = value;
  }
  if (route.detail?.request) Object.assign(detail, request);
  return Object.keys(detail).length > 0 ? detail : null;
}

function targetOf(route: ApiRoute, params: Record<string, string>, answer: Json | null): { kind: string; id: string } | null {
  const source = route.target;
  if (!source) return null;
  const value = 'param' in source ? params[source.param] : answer?.[source.field];
  return typeof value === 'string' || typeof value === 'number' ? { kind: source.kind, id: String(value) } : null;
}

/**
 * Records every successful change made through the admin API (a POST, PUT, PATCH or DELETE
 * answered below 400): who, the row's action, its target and detail (see `API_ROUTES`), when.
 * A refused or failed request changed nothing and records nothing. A failure to record is
 * logged, not answered: the change itself was made.
 */
export const auditTrail = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const actor = c.var.actor;
  if (!actor || !CHANGES.has(c.req.method) || c.res.status >= 400) return;
  const { route, params } = matchApiRoute(c.req.method, c.req.path);
  if (!route.action) return;
  const needsAnswer = (route.target && 'field' in route.target) || (route.detail?.fields?.length ?? 0) > 0;
  const answer = needsAnswer ? await answerOf(c.res) : null;
  const action = c.res.status === 201 && route.created ? route.created : route.action;
  const detail = detailOf(route, params, answer, { method: c.req.method, path: c.req.path });
  await recordAction(c.env.DB, { actor, action, target: targetOf(route, params, answer), detail }).catch((error: unknown) =>
    logEvent('audit-write-failed', { action, error: String(error) }, 'error'),
  );
});
