import type { MediaKind } from './kinds.ts';

/** The longest name a file is offered under, in characters. */
const MAX_NAME_CHARS = 120;

/**
 * The name a file is offered under when a reader saves it: the name it was uploaded with,
 * without any folder, control character or quote, ending with its kind's extension
 * (`Annual report.pdf`; `scan.png` holding a PDF becomes `scan.pdf`); `<hash>.pdf` when
 * nothing is left of it.
 */
export function cleanFileName(uploaded: string, kind: MediaKind, hash: string): string {
  const base = (uploaded.split(/[\\/]/).pop() ?? '')
    .replace(/[\u0000-\u001f\u007f-\u009f"]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const stem = [...base.replace(/\.[A-Za-z0-9]{1,5}$/, '')].slice(0, MAX_NAME_CHARS).join('').trim().replace(/^\.+/, '');
  return `${stem || hash.slice(0, 16)}.${kind.ext}`;
}

/** RFC 5987's encoding of a header parameter: UTF-8, every byte outside attr-char escaped. */
const encodeParameter = (text: string) => encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `Content-Disposition` showing the file in the browser (a PDF opens in its viewer) under
 * `name`: an ASCII fallback for old clients, the exact name in `filename*` (RFC 6266).
 */
export function inlineDisposition(name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9._ -]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeParameter(name)}`;
}

/** A name as kept in the bucket's metadata (percent-encoded: ASCII whatever the script), and back. */
export const storedName = { encode: encodeParameter, decode: (text: string) => { try { return decodeURIComponent(text); } catch { return text; } } };
