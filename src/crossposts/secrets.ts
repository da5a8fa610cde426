/**
 * Channel credentials (and kept sessions) at rest: AES-256-GCM under a key derived
 * (HKDF-SHA-256) from the `CHANNELS_KEY` secret.
 *
 * `v2.<key id>.<iv>.<ciphertext>` (base64url): the associated data is the channel id and what
 * the value is bound to (its type and endpoint), so a value copied onto another channel, or
 * left on a row whose endpoint was changed, does not open. The key id says which secret sealed
 * it, so `CHANNELS_KEY_PREVIOUS` can be tried only where it is needed and a re-seal knows what
 * to do. `v1.<iv>.<ciphertext>` (the first version: the channel id alone as associated data,
 * no key id) is still read, with either key; it is re-sealed as v2 on the next write.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The secrets credentials are sealed with: `current` seals, both open. */
export interface Keyring {
  current?: string;
  previous?: string;
}

export function keyringOf(env: { CHANNELS_KEY?: string; CHANNELS_KEY_PREVIOUS?: string }): Keyring {
  return { current: env.CHANNELS_KEY || undefined, previous: env.CHANNELS_KEY_PREVIOUS || undefined };
}

/** What a sealed value belongs to: its channel, and (v2) what it is bound to there. */
export interface SealContext {
  channelId: string;
  binding: string;
}

/** Why a sealed value did not open. */
export class SealError extends Error {
  override name = 'SealError';
  readonly reason: 'no-key' | 'unknown-key' | 'mismatch' | 'malformed';
  constructor(reason: SealError['reason'], message: string) {
    super(message);
    this.reason = reason;
  }
}

function b64url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromB64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

interface Derived {
  key: CryptoKey;
  id: string;
}

const derived = new Map<string, Promise<Derived>>();

function derive(secret: string): Promise<Derived> {
  let found = derived.get(secret);
  if (!found) {
    found = (async () => {
      const base = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey', 'deriveBits']);
      const salt = encoder.encode('herald channels');
      const key = await crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: encoder.encode('aes-256-gcm v1') }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      // Names the secret without revealing it: 48 bits of a separate derivation.
      const id = b64url(new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info: encoder.encode('key id') }, base, 48)));
      return { key, id };
    })();
    if (derived.size >= 4) derived.clear();
    derived.set(secret, found);
  }
  return found;
}

const associated = (context: SealContext) => encoder.encode(`herald v2\n${context.channelId}\n${context.binding}`);

/** Seals `plaintext` for `context` with the current key. */
export async function seal(keys: Keyring, context: SealContext, plaintext: string): Promise<string> {
  if (!keys.current) throw new SealError('no-key', 'the CHANNELS_KEY secret is not set');
  const { key, id } = await derive(keys.current);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associated(context) }, key, encoder.encode(plaintext));
  return `v2.${id}.${b64url(iv)}.${b64url(new Uint8Array(data))}`;
}

/** True when `sealed` is v2 under the current key: nothing to re-seal. */
export async function isCurrent(keys: Keyring, sealed: string): Promise<boolean> {
  const [version, id] = sealed.split('.');
  return version === 'v2' && keys.current !== undefined && id === (await derive(keys.current)).id;
}

async function decrypt(secret: string, iv: string, data: string, additionalData: Uint8Array): Promise<string | null> {
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromB64url(iv), additionalData }, (await derive(secret)).key, fromB64url(data));
    return decoder.decode(plain);
  } catch {
    return null;
  }
}

/** Opens what {@link seal} (or the first version) made for `context`; throws a {@link SealError} otherwise. */
export async function unseal(keys: Keyring, context: SealContext, sealed: string): Promise<string> {
  const secrets = [keys.current, keys.previous].filter((s): s is string => Boolean(s));
  if (secrets.length === 0) throw new SealError('no-key', 'the CHANNELS_KEY secret is not set');
  const parts = sealed.split('.');
  if (parts[0] === 'v1' && parts.length === 3) {
    for (const secret of secrets) {
      const plain = await decrypt(secret, parts[1]!, parts[2]!, encoder.encode(context.channelId));
      if (plain !== null) return plain;
    }
    throw new SealError('mismatch', 'sealed (first version) with neither CHANNELS_KEY nor CHANNELS_KEY_PREVIOUS, or for another channel');
  }
  if (parts[0] !== 'v2' || parts.length !== 4) throw new SealError('malformed', 'not a sealed value');
  for (const secret of secrets) {
    if ((await derive(secret)).id !== parts[1]) continue;
    const plain = await decrypt(secret, parts[2]!, parts[3]!, associated(context));
    if (plain === null) throw new SealError('mismatch', 'sealed for another channel or endpoint');
    return plain;
  }
  throw new SealError('unknown-key', 'sealed with a key that is neither CHANNELS_KEY nor CHANNELS_KEY_PREVIOUS');
}
