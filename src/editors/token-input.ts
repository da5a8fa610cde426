import * as z from 'zod';
import { type ApiScope, isScope, SCOPES } from '../common/actor.ts';
import type { FieldError } from '../common/problem.ts';
import { isIsoDateTime, toEpoch } from '../reports/dates.ts';
import { toFieldErrors, typeMessage } from '../reports/schema.ts';
import { hasForbiddenChar } from '../reports/text.ts';

/** Longest token name, in characters. */
export const MAX_TOKEN_NAME = 100;

/** A name is one line someone reads in a list and in the audit log: no control characters, no line breaks. */
const name = z
  .string()
  .refine((text) => !/[\p{Cc}\u2028\u2029]/u.test(text) && !hasForbiddenChar(text), 'must not contain control characters or line breaks')
  .transform((text) => text.trim())
  .refine((text) => text.length > 0, 'must not be empty')
  .refine((text) => [...text].length <= MAX_TOKEN_NAME, `must be at most ${MAX_TOKEN_NAME} characters`);

const tokenRequest = z.strictObject({
  name,
  scopes: z
    .array(z.string().refine(isScope, `is not a scope: one of ${SCOPES.join(', ')}`))
    .min(1, 'must name at least one scope')
    .max(SCOPES.length * 2, `must name each scope at most once`),
  expires_at: z.string().refine(isIsoDateTime, 'must be a date-time with an offset, e.g. 2027-01-31T00:00:00Z').nullable().optional(),
});

/** What `POST /api/tokens` asks for, checked. */
export interface TokenRequest {
  name: string;
  scopes: ApiScope[];
  expiresAt: number | null;
}

/** Validates a new token's request; errors name each field at fault (`scopes.2`). An expiry must be after `now`. */
export function parseTokenRequest(data: unknown, now: number): { ok: true; value: TokenRequest } | { ok: false; errors: FieldError[] } {
  const result = tokenRequest.safeParse(data, { error: typeMessage });
  if (!result.success) return { ok: false, errors: toFieldErrors(result.error) };
  const { expires_at: expires } = result.data;
  const expiresAt = expires ? toEpoch(expires) : null;
  if (expiresAt !== null && expiresAt <= now) return { ok: false, errors: [{ field: 'expires_at', message: 'must be in the future' }] };
  return { ok: true, value: { name: result.data.name, scopes: [...new Set(result.data.scopes.filter(isScope))], expiresAt } };
}
