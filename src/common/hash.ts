/** Short, stable, non-cryptographic hashes (FNV-1a): for ids and fingerprints, never for secrets. */

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text`, in base 36. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/**
 * Two 32-bit FNV-style hashes of the UTF-16 code units of `text`, as 16 hex digits: short
 * and ASCII (it fits KV metadata) with fewer collisions than one 32-bit hash.
 */
export function fnv1a64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
