/** Longest address (RFC 5321 path limit) and local part. */
export const MAX_ADDRESS = 254;
const MAX_LOCAL = 64;

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export type AddressCheck = { ok: true; email: string } | { ok: false; message: string };

/**
 * One email address, as stored: trimmed, the domain lower-cased and in ASCII (an IDN
 * domain becomes punycode), validated. A second address, a line break or any control
 * character is refused, so no address can smuggle a header into a message.
 *
 * @example normalizeAddress(' Li.Wei@Example.ORG ') // { ok: true, email: 'Li.Wei@example.org' }
 */
export function normalizeAddress(input: unknown): AddressCheck {
  if (typeof input !== 'string') return { ok: false, message: 'must be a string' };
  // A line break is refused wherever it is, even where trimming would drop it.
  if (/[\u0000-\u001F\u007F\u2028\u2029]/u.test(input)) return { ok: false, message: 'must be one address on one line' };
  const value = input.trim();
  if (value === '') return { ok: false, message: 'is required' };
  if (/[\s,;<>]/u.test(value) || value.split('@').length !== 2) return { ok: false, message: 'must be exactly one address, like name@example.org' };
  const [local, domain] = value.split('@') as [string, string];
  if (!LOCAL.test(local) || local.length > MAX_LOCAL) return { ok: false, message: 'has an invalid part before the @' };
  let ascii: string;
  try {
    ascii = new URL(`http://${domain}`).hostname;
  } catch {
    return { ok: false, message: 'has an invalid domain' };
  }
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label)) || /^\d+$/.test(labels[labels.length - 1]!)) return { ok: false, message: 'has an invalid domain' };
  const email = `${local}@${ascii}`;
  if (email.length > MAX_ADDRESS) return { ok: false, message: `must be at most ${MAX_ADDRESS} characters` };
  return { ok: true, email };
}
