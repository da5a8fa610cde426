import { type Context, Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { notModified } from '../common/http/conditional.ts';
import { logEvent } from '../common/log.ts';
import { notFound } from '../site/not-found.tsx';
import { cleanFileName, inlineDisposition, storedName } from './file-name.ts';
import { MEDIA_KINDS } from './kinds.ts';
import { keepMedia, mediaInfo, openMedia, type StoredMedia } from './store.ts';
import { readUpload } from './upload.ts';

/** A year: a file's URL names its content, so what is at it never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** A media file's name in its URL: the SHA-256 of its bytes in hex, and its kind's extension. */
const MEDIA_FILE = /^([0-9a-f]{64})\.([a-z]{3,4})$/;

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Where a kept file is served. */
export const mediaUrl = (siteUrl: string, key: string) => `${siteUrl}/media/${key}`;

/**
 * `POST /api/media` (mounted behind the admin API's token by app.ts): keeps an image or a
 * PDF and answers where it is served, `{ url, type, bytes }` (and `alt` for an image): 201
 * when it was new, 200 when the same file was kept already (nothing is written again).
 */
export const mediaAdmin = new Hono<AppEnv>();

mediaAdmin.post('/', async (c) => {
  const upload = await readUpload(c);
  const hash = await sha256Hex(upload.bytes);
  const key = `${hash}.${upload.kind.ext}`;
  const name = cleanFileName(upload.name, upload.kind, hash);
  const { created } = await keepMedia(c.env.MEDIA, key, upload.bytes, { type: upload.kind.type, name: storedName.encode(name) });
  const url = mediaUrl(c.var.site.siteUrl, key);
  logEvent('media-kept', { key, type: upload.kind.type, bytes: upload.bytes.byteLength, created });
  const body = { url, type: upload.kind.type, bytes: upload.bytes.byteLength, ...(upload.alt !== undefined ? { alt: upload.alt } : {}) };
  return c.json(body, created ? 201 : 200, { location: url });
});

function headersOf(info: StoredMedia, etag: string): Record<string, string> {
  return {
    'content-type': info.type,
    'cache-control': IMMUTABLE,
    'x-content-type-options': 'nosniff',
    etag,
    'last-modified': info.uploaded.toUTCString(),
    'content-disposition': inlineDisposition(storedName.decode(info.name)),
  };
}

/**
 * `GET /media/<hash>.<ext>` (and HEAD): a kept file with its type, cached for a year as
 * immutable, its hash as ETag (304 to a reader that has it), shown inline under the name it
 * was uploaded with. Any other name is the site's 404 page: the bucket is never listed or
 * reached with a key a client made up.
 */
export const mediaFiles = new Hono<AppEnv>();

mediaFiles.get('/media/:file', async (c: Context<AppEnv>) => {
  const match = MEDIA_FILE.exec(c.req.param('file') ?? '');
  if (!match || !MEDIA_KINDS.has(match[2]!)) return notFound(c);
  const key = match[0];
  const etag = `"${match[1]}"`;
  const conditional = c.req.header('if-none-match') !== undefined || c.req.header('if-modified-since') !== undefined;
  if (c.req.method === 'HEAD' || conditional) {
    const info = await mediaInfo(c.env.MEDIA, key);
    if (!info) return notFound(c);
    const headers = headersOf(info, etag);
    if (notModified(c.req.raw.headers, etag, info.uploaded.getTime(), Date.now())) return c.body(null, 304, headers);
    if (c.req.method === 'HEAD') return c.body(null, 200, { ...headers, 'content-length': String(info.bytes) });
  }
  const file = await openMedia(c.env.MEDIA, key);
  if (!file) return notFound(c);
  return c.body(file.body, 200, { ...headersOf(file.info, etag), 'content-length': String(file.info.bytes) });
});
