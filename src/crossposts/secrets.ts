/**
 * Channel credentials at rest: AES-256-GCM under a key derived (HKDF-SHA-256) from the
 * `CHANNELS_KEY` secret, with the channel's id as additional data, so a sealed value
 * copied onto another channel does not open. Stored as `v1.<iv>.<ciphertext>` (base64url).
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function b64url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromB64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle
      .importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey'])
      .then((base) => crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: encoder.encode('herald channels'), info: encoder.encode('aes-256-gcm v1') }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']));
    keys.clear();
    keys.set(secret, key);
  }
  return key;
}

/** Encrypts `plaintext` for the channel `channelId`. */
export async function seal(secret: string, channelId: string, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(channelId) }, await keyFor(secret), encoder.encode(plaintext));
  return `v1.${b64url(iv)}.${b64url(new Uint8Array(sealed))}`;
}

/** Decrypts what {@link seal} made for `channelId`; throws if the key or the channel differ. */
export async function unseal(secret: string, channelId: string, sealed: string): Promise<string> {
  const [version, iv, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !data) throw new Error('not a sealed credential');
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromB64url(iv), additionalData: encoder.encode(channelId) }, await keyFor(secret), fromB64url(data));
  return decoder.decode(plain);
}
