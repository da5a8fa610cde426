import type { FieldError } from '../common/problem.ts';
import type { Role } from './editors-store.ts';

export const ROLES: readonly Role[] = ['editor', 'admin'];

const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^(?!-)[a-z0-9-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/;

/**
 * An editor's address as stored and compared: trimmed and lower-cased, one address on one
 * line. A one-label domain is allowed (`editor@localhost`, the local editors of `npm start`).
 */
export function editorAddress(input: unknown): { ok: true; email: string } | { ok: false; message: string } {
  if (typeof input !== 'string') return { ok: false, message: 'must be a string' };
  if (/[\u0000-\u001F\u007F\u2028\u2029]/u.test(input)) return { ok: false, message: 'must be one address on one line' };
  const email = input.trim().toLowerCase();
  if (email === '') return { ok: false, message: 'is required' };
  const [local, domain, extra] = email.split('@');
  if (extra !== undefined || !local || !domain || !LOCAL.test(local) || local.length > 64 || !DOMAIN.test(domain) || email.length > 254) {
    return { ok: false, message: 'must be one address, like name@example.org' };
  }
  return { ok: true, email };
}

/** `{ email, name, role }` for creating or changing an editor, each problem naming its field. */
export function parseEditor(body: unknown): { ok: true; value: { email: string; name: string; role: Role } } | { ok: false; errors: FieldError[] } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, errors: [{ field: '(body)', message: 'must be an object' }] };
  const fields = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  const address = editorAddress(fields.email);
  if (!address.ok) errors.push({ field: 'email', message: address.message });
  const raw = fields.name;
  const name = typeof raw === 'string' && !/[\u0000-\u001F\u007F\u2028\u2029]/u.test(raw) ? raw.replace(/\s+/gu, ' ').trim() : null;
  if (typeof raw !== 'string') errors.push({ field: 'name', message: 'must be a string' });
  else if (name === null || name === '' || [...name].length > 100) errors.push({ field: 'name', message: 'must be 1 to 100 characters on one line' });
  const role = fields.role ?? 'editor';
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) errors.push({ field: 'role', message: 'must be editor or admin' });
  if (errors.length > 0 || !address.ok) return { ok: false, errors };
  return { ok: true, value: { email: address.email, name: name!, role: role as Role } };
}
