import { type Context, Hono } from 'hono';
import { MEDIA_TYPES, sendRendered } from '../common/http/send-rendered.ts';
import { withTopic } from '../common/http/topic-route.ts';
import { notFound } from '../site/not-found.tsx';
import type { AppEnv } from '../common/app-env.ts';
import { type Format } from './model.tsx';
import { loadRendered } from './serve.ts';
import { scopeUrls } from '../common/urls.ts';
import type { Scope } from '../common/scope.ts';
import { ALL } from '../common/scope.ts';

/** Feed readers schedule their next poll from max-age; pages change more often. */
const MAX_AGE: Record<Format, number> = { rss: 300, atom: 300, json: 300, html: 60 };

async function serve(c: Context<AppEnv>, scope: Scope | null, format: Format): Promise<Response> {
  if (!scope) return notFound(c);
  const now = Date.now();
  const rendered = await loadRendered(c.env.REPORTS, c.var.site, scope, format, now);
  if (!rendered) return notFound(c);
  const hub = c.var.site.hub;
  const link = hub && format !== 'html' ? `<${hub}>; rel="hub", <${scopeUrls(c.var.site, scope)[format]}>; rel="self"` : undefined;
  return sendRendered(c, rendered, MEDIA_TYPES[format], MAX_AGE[format], now, link);
}

/** Feeds in three formats, and the list pages built from the same reports. */
export const feeds = new Hono<AppEnv>();

const FILES: [string, Format][] = [
  ['feed.xml', 'rss'],
  ['atom.xml', 'atom'],
  ['feed.json', 'json'],
];

feeds.get('/', (c) => serve(c, ALL, 'html'));

function serveTopic(c: Context<AppEnv>, format: Format, file = ''): Promise<Response> | Response {
  return withTopic(c, file ? `/${file}` : '', (scope) => serve(c, scope, format));
}

feeds.get('/topics/:topic', (c) => serveTopic(c, 'html'));
for (const [file, format] of FILES) {
  feeds.get(`/${file}`, (c) => serve(c, ALL, format));
  feeds.get(`/topics/:topic/${file}`, (c) => serveTopic(c, format, file));
}
