import { type Context, Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { type ArchivePeriod, parsePeriod } from './period.ts';
import { archiveMaxAge, type ArchiveFormat, loadArchive } from './serve.ts';
import { ALL, type Scope } from '../common/scope.ts';
import { notFound } from '../site/not-found.tsx';
import { MEDIA_TYPES, sendRendered } from '../common/http/send-rendered.ts';
import { withTopic } from '../common/http/topic-route.ts';

async function serveArchive(c: Context<AppEnv>, scope: Scope | null, period: ArchivePeriod | null, format: ArchiveFormat): Promise<Response> {
  if (!scope || !period) return notFound(c);
  const now = Date.now();
  const rendered = await loadArchive(c.env.REPORTS, c.var.site, scope, period, format, now);
  if (!rendered) return notFound(c);
  return sendRendered(c, rendered, MEDIA_TYPES[format], archiveMaxAge(period, format, now), now);
}

/** The archive: `/archive`, `/archive/2022`, `/archive/2022/08` and its feeds, and the same under `/topics/:topic`. */
export const archive = new Hono<AppEnv>();

const ROUTES: [string, (c: Context<AppEnv>) => ArchivePeriod | null, ArchiveFormat][] = [
  ['/archive', () => parsePeriod(undefined), 'html'],
  ['/archive/:year', (c) => parsePeriod(c.req.param('year')), 'html'],
  ['/archive/:year/:month', (c) => parsePeriod(c.req.param('year'), c.req.param('month')), 'html'],
  ['/archive/:year/:month/atom.xml', (c) => parsePeriod(c.req.param('year'), c.req.param('month')), 'atom'],
  ['/archive/:year/:month/feed.json', (c) => parsePeriod(c.req.param('year'), c.req.param('month')), 'json'],
];

/** `/archive/2022` of `/topics/t/archive/2022`. */
const afterTopic = (path: string) => path.slice(path.indexOf('/', '/topics/'.length));

for (const [path, period, format] of ROUTES) {
  archive.get(path, (c) => serveArchive(c, ALL, period(c), format));
  archive.get(`/topics/:topic${path}`, (c) => withTopic(c, afterTopic(c.req.path), (scope) => serveArchive(c, scope, period(c), format)));
}
