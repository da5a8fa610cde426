/**
 * The kinds of file Herald keeps as media, known by their first bytes (their "magic"), never
 * by a name or a declared type: a file named `x.png` that starts like SVG, HTML or a program
 * is none of them. Pure: no storage, no request.
 */

/** One accepted kind: its media type, the extension its URL ends with, whether it is an image (and so needs alt text). */
export interface MediaKind {
  type: 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif' | 'application/pdf';
  ext: 'png' | 'jpg' | 'webp' | 'gif' | 'pdf';
  image: boolean;
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** Each kind and the bytes it starts with (`null`: any byte), in the order they are tried. */
const SIGNATURES: { kind: MediaKind; at: number; bytes: (number | null)[] }[] = [
  { kind: { type: 'image/png', ext: 'png', image: true }, at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { kind: { type: 'image/jpeg', ext: 'jpg', image: true }, at: 0, bytes: [0xff, 0xd8, 0xff] },
  { kind: { type: 'image/gif', ext: 'gif', image: true }, at: 0, bytes: ascii('GIF87a') },
  { kind: { type: 'image/gif', ext: 'gif', image: true }, at: 0, bytes: ascii('GIF89a') },
  // RIFF, four bytes of length, then WEBP.
  { kind: { type: 'image/webp', ext: 'webp', image: true }, at: 0, bytes: [...ascii('RIFF'), null, null, null, null, ...ascii('WEBP')] },
  { kind: { type: 'application/pdf', ext: 'pdf', image: false }, at: 0, bytes: ascii('%PDF-') },
];

/** Every accepted kind, once each, by extension. */
export const MEDIA_KINDS: ReadonlyMap<string, MediaKind> = new Map(SIGNATURES.map(({ kind }) => [kind.ext, kind]));

/**
 * The kind of a file from its first bytes, or null for anything else (SVG, HTML, scripts,
 * programs, archives, a truncated header).
 *
 * @example kindOf(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d])) // { type: 'application/pdf', ext: 'pdf', image: false }
 */
export function kindOf(head: Uint8Array): MediaKind | null {
  for (const { kind, at, bytes } of SIGNATURES) {
    if (head.length < at + bytes.length) continue;
    if (bytes.every((byte, i) => byte === null || head[at + i] === byte)) return kind;
  }
  return null;
}
