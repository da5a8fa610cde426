import { env } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { createApp } from '../../../src/app.ts';
import { TOKEN } from '../support/site.ts';

const base64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const bytesOf = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...new TextEncoder().encode(part)] : part)));

/** Small real files of each accepted kind: a 1×1 PNG, GIF and lossless WebP, a JPEG's JFIF header, a one-page PDF. */
export const FILES = {
  png: base64('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='),
  gif: base64('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'),
  webp: base64('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=='),
  jpg: bytesOf([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]),
  pdf: bytesOf('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
};

/** Files that must never be served as images, whatever they are called. */
export const REFUSED = {
  svg: bytesOf('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  'svg with an XML declaration': bytesOf('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
  html: bytesOf('<!doctype html><html><script>alert(document.cookie)</script></html>'),
  'a Windows program': bytesOf('MZ', [0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00], 'This program cannot be run in DOS mode.'),
  'a truncated PNG signature': bytesOf([0x89, 0x50, 0x4e, 0x47]),
  'a RIFF file that is not WebP': bytesOf('RIFF', [0x1a, 0, 0, 0], 'WAVEfmt '),
};

/** A form with `file` (sent as `name`, declared `type`) and, unless null, `alt`; extra fields as given. */
export function form(bytes: Uint8Array | null, { name = 'file.bin', type = 'application/octet-stream', alt = 'A description of the image' as string | null, extra = {} as Record<string, string> } = {}): FormData {
  const data = new FormData();
  if (bytes) data.append('file', new File([bytes], name, { type }));
  if (alt !== null) data.append('alt', alt);
  for (const [key, value] of Object.entries(extra)) data.append(key, value);
  return data;
}

/** POST /api/media with the admin token, as a desk or script would. */
export async function upload(body: FormData | BodyInit, headers: Record<string, string> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await createApp().request('http://example.test/api/media', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, ...headers }, body }, env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** Every object in the media bucket. */
export async function keptKeys(): Promise<string[]> {
  return (await env.MEDIA.list()).objects.map((o) => o.key);
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
