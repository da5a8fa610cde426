import { type Context, Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { type ArchivePeriod, parsePeriod, periodId } from './period.ts';
import { archiveMaxAge, type ArchiveFormat, loadArchive } from './serve.ts';
import { ALL, inLanguage, type Scope } from '../common/scope.ts';
import type { Lang } from '../common/i18n/index.ts';
import { notFound } from '../site/not-found.tsx';
import { MEDIA_TYPES, sendRendered } from '../common/http/send-rendered.ts';
import { topicScope } from '../common/http/topic-route.ts';
import { archiveUrls } from '../common/urls.ts';

async function serveArchive(c: Context<AppEnv>, scope: Scope | null, period: ArchivePeriod | null, format: ArchiveFormat): Promise<Response> {
  if (!scope || !period) return notFound(c);
  const now = Date.now();
  const rendered = await loadArchive(c.env.REPORTS, c.var.site, scope, period, format, now);
  if (!rendered) return notFound(c);
  return sendRendered(c, rendered, MEDIA_TYPES[format], archiveMaxAge(period, format, now), now);
}

/**
 * The archive: pages in English at `/archive`, `/archive/2022`, `/archive/2022/08` and in
 * Chinese under `/zh/`; a month's feeds in every language (`/archive/2022/08/atom.xml`) and
 * in each (`/en/archive/2022/08/atom.xml`, `/zh/…`); the same under `/topics/:topic`.
 */
export const archive = new Hono<AppEnv>();

type PeriodOf = (c: Context<AppEnv>) => ArchivePeriod | null;
const PAGES: [string, PeriodOf][] = [
  ['/archive', () => parsePeriod(undefined)],
  ['/archive/:year', (c) => parsePeriod(c.req.param('year'))],
  ['/archive/:year/:month', (c) => parsePeriod(c.req.param('year'), c.req.param('month'))],
];
const FEEDS: [string, PeriodOf, ArchiveFormat][] = [
  ['/archive/:year/:month/atom.xml', (c) => parsePeriod(c.req.param('year'), c.req.param('month')), 'atom'],
  ['/archive/:year/:month/feed.json', (c) => parsePeriod(c.req.param('year'), c.req.param('month')), 'json'],
];

/**
 * Serves `scope` (or a topic named in the path), in `lang` (null: every language). A topic
 * named in another case or Unicode form is moved for good to its canonical address, so a
 * feed's self link always equals the URL it was fetched from.
 */
function route(path: string, period: PeriodOf, format: ArchiveFormat, lang: Lang | null) {
  archive.get(path, (c) => serveArchive(c, inLanguage(ALL, lang), period(c), format));
  const prefix = lang === null || (lang === 'en' && format === 'html') ? '' : `/${lang}`;
  archive.get(`${prefix}/topics/:topic${path.slice(prefix.length)}`, async (c): Promise<Response> => {
    const raw = c.req.param('topic') ?? '';
    const topic = topicScope(raw);
    const scope = topic && inLanguage(topic, lang);
    const asked = period(c);
    if (scope?.kind === 'topic' && scope.topic !== raw && asked) {
      const urls = archiveUrls(c.var.site, scope, periodId(asked));
      return c.redirect(format === 'html' ? urls.page : urls[format], 301);
    }
    return serveArchive(c, scope, asked, format);
  });
}

for (const [path, period] of PAGES) {
  route(path, period, 'html', 'en');
  route(`/zh${path}`, period, 'html', 'zh');
}
for (const [path, period, format] of FEEDS) {
  route(path, period, format, null);
  route(`/en${path}`, period, format, 'en');
  route(`/zh${path}`, period, format, 'zh');
}
