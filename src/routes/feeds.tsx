import { type Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { type Format } from '../feeds/model.tsx';
import { loadRendered } from '../feeds/serve.ts';
import { cacheHeaders, notModified } from '../http/conditional.ts';
import { clientTakesGzip } from '../http/encoding.ts';
import { HTML_HEADERS } from '../http/security.ts';
import { isTopic, normalizeTopic } from '../report/text.ts';
import { gunzip, type Rendered } from '../store/rendered.ts';
import { scopeUrls } from '../feeds/urls.ts';
import type { Scope } from '../store/keys.ts';
import { ALL } from '../store/keys.ts';
import { NotFoundPage } from '../pages/not-found.tsx';

export const MEDIA_TYPES: Record<Format, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** Feed readers schedule their next poll from max-age; pages change more often. */
const MAX_AGE: Record<Format, number> = { rss: 300, atom: 300, json: 300, html: 60 };

export function topicScope(raw: string): Scope | null {
  const topic = normalizeTopic(raw);
  return isTopic(topic) ? { kind: 'topic', topic } : null;
}

/** The page shown when a scope or report does not exist. */
export function notFound(c: Context<AppEnv>): Response {
  return c.html(`<!doctype html>${NotFoundPage({ site: c.var.site })}`, 404, { ...HTML_HEADERS, 'cache-control': 'public, max-age=60' });
}

async function serve(c: Context<AppEnv>, scope: Scope | null, format: Format): Promise<Response> {
  if (!scope) return notFound(c);
  const now = Date.now();
  const rendered = await loadRendered(c.env.REPORTS, c.var.site, scope, format, now);
  if (!rendered) return notFound(c);
  const hub = c.var.site.hub;
  const link = hub && format !== 'html' ? `<${hub}>; rel="hub", <${scopeUrls(c.var.site, scope)[format]}>; rel="self"` : undefined;
  return sendRendered(c, rendered, MEDIA_TYPES[format], MAX_AGE[format], now, link);
}

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

/** Feeds in three formats, and the list pages built from the same reports. */
export const feeds = new Hono<AppEnv>();

const FILES: [string, Format][] = [
  ['feed.xml', 'rss'],
  ['atom.xml', 'atom'],
  ['feed.json', 'json'],
];

feeds.get('/', (c) => serve(c, ALL, 'html'));
/**
 * A topic named in another case or Unicode form (`/topics/Sovereignty`) is moved for good to
 * its canonical address (with the rest of the path, `rest`), so a feed's self link always
 * equals the URL it was fetched from; otherwise `handle` answers for the topic (null: not a topic).
 */
export function withTopic(c: Context<AppEnv>, rest: string, handle: (scope: Scope | null) => Promise<Response>): Promise<Response> | Response {
  const raw = c.req.param('topic') ?? '';
  const scope = topicScope(raw);
  if (scope?.kind === 'topic' && scope.topic !== raw) return c.redirect(`${scopeUrls(c.var.site, scope).home}${rest}`, 301);
  return handle(scope);
}

function serveTopic(c: Context<AppEnv>, format: Format, file = ''): Promise<Response> | Response {
  return withTopic(c, file ? `/${file}` : '', (scope) => serve(c, scope, format));
}

feeds.get('/topics/:topic', (c) => serveTopic(c, 'html'));
for (const [file, format] of FILES) {
  feeds.get(`/${file}`, (c) => serve(c, ALL, format));
  feeds.get(`/topics/:topic/${file}`, (c) => serveTopic(c, format, file));
}
