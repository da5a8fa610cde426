import { Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { readJsonBody } from '../common/http/json-body.ts';
import { Problem } from '../common/problem.ts';
import { mintToken, tokenHash } from './api-token.ts';
import { type AuditEntry, listAuditEntries } from './audit-store.ts';
import { parseTokenRequest } from './token-input.ts';
import { type ApiToken, insertToken, listTokens, revokeToken } from './token-store.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function tokenView(token: ApiToken) {
  return {
    id: token.id,
    name: token.name,
    scopes: token.scopes,
    created_at: iso(token.createdAt),
    created_by: token.createdBy,
    expires_at: iso(token.expiresAt),
    revoked_at: iso(token.revokedAt),
    last_used_at: iso(token.lastUsedAt),
  };
}

/** Admin API for API tokens (owner only, see `API_ROUTES`): make one, list them, revoke one. */
export const tokenAdmin = new Hono<AppEnv>();

/** Makes a token: 201 with its secret, shown this once and never again. */
tokenAdmin.post('/', async (c) => {
  const now = Date.now();
  const parsed = parseTokenRequest(await readJsonBody(c), now);
  if (!parsed.ok) throw new Problem(400, 'The token request has invalid fields.', parsed.errors);
  const secret = mintToken();
  const token = { id: crypto.randomUUID(), ...parsed.value, createdAt: now, createdBy: c.var.actor.name };
  await insertToken(c.env.DB, token, await tokenHash(secret));
  const { id, ...view } = tokenView({ ...token, revokedAt: null, lastUsedAt: null });
  return c.json({ id, token: secret, ...view }, 201, { 'cache-control': 'no-store' });
});

tokenAdmin.get('/', async (c) => c.json({ tokens: (await listTokens(c.env.DB)).map(tokenView) }));

/** Revokes a token at once: its next request is a 401. Revoking it again changes nothing. */
tokenAdmin.delete('/:id', async (c) => {
  const id = c.req.param('id');
  if (!(await revokeToken(c.env.DB, id, Date.now()))) throw new Problem(404, `No token has the id "${id}".`);
  return c.body(null, 204);
});

function entryView(entry: AuditEntry) {
  return { id: entry.id, at: iso(entry.at), actor: entry.actor, action: entry.action, target: entry.target, detail: entry.detail };
}

function integerParam(value: string | undefined, field: string, min: number, max: number, message: string): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new Problem(400, `${field} ${message}.`, [{ field, message }]);
  return n;
}

/** Admin API for the audit log: `GET /api/audit?limit=&before=`, newest first. */
export const auditAdmin = new Hono<AppEnv>();

auditAdmin.get('/', async (c) => {
  const limit = integerParam(c.req.query('limit'), 'limit', 1, 200, 'must be an integer from 1 to 200') ?? 50;
  const before = integerParam(c.req.query('before'), 'before', 1, Number.MAX_SAFE_INTEGER, 'must be a next_before from an earlier page');
  const entries = await listAuditEntries(c.env.DB, { limit, before });
  return c.json({ entries: entries.map(entryView), next_before: entries.length === limit ? entries.at(-1)!.id : null });
});
