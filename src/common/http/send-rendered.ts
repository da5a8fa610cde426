import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { type Format, gunzip, type Rendered } from '../rendered.ts';
import { cacheHeaders, notModified } from './conditional.ts';
import { clientTakesGzip } from './encoding.ts';
import { HTML_HEADERS } from './security.ts';

/** The media type each rendered form is served as. */
export const MEDIA_TYPES: Record<Format, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/**
 * Answers with a rendered copy: 304 to a matching conditional GET, the gzip bytes as they
 * are to a client that takes gzip, and the plain body to any other.
 */
export function sendRendered(c: Context<AppEnv>, rendered: Rendered, mediaType: string, maxAge: number, now: number, link?: string): Response {
  const html = mediaType.startsWith('text/html');
  const headers: Record<string, string> = {
    ...cacheHeaders(rendered.meta.etag, rendered.meta.lm, maxAge),
    // Feeds are public: browser-based readers may fetch them from any origin.
    ...(html ? HTML_HEADERS : { 'x-content-type-options': 'nosniff', 'access-control-allow-origin': '*' }),
  };
  if (link) headers.link = link;
  headers.vary = 'Accept-Encoding';
  const gzipped = clientTakesGzip(c.req.raw);
  // The same ETag for both codings would claim the bytes are equal; the gzip one is weak.
  if (gzipped) headers.etag = `W/${rendered.meta.etag}`;
  if (notModified(c.req.raw.headers, rendered.meta.etag, rendered.meta.lm, now)) return new Response(null, { status: 304, headers });
  headers['content-type'] = mediaType;
  if (!gzipped) return new Response(gunzip(rendered.gzipped), { headers });
  headers['content-encoding'] = 'gzip';
  // 'manual': the bytes are gzip already; the runtime must send them as they are.
  return new Response(rendered.gzipped, { headers, encodeBody: 'manual' });
}

