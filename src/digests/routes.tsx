import { type Context, Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { cacheHeaders, etagOf, notModified } from '../common/http/conditional.ts';
import { clientKey } from '../common/http/client.ts';
import { Problem } from '../common/problem.ts';
import { HTML_HEADERS } from '../common/http/security.ts';
import { notFound } from '../site/not-found.tsx';
import { LANGUAGES } from '../common/i18n/index.ts';
import { localUrl } from '../common/urls.ts';
import { loadPublic, publicationsBetween } from '../reports/index.ts';
import { chooseReports } from './groups.ts';
import { renderArchiveAtom } from './archive-feed.ts';
import { composeDigest, type Digest } from './compose.ts';
import { editionIn, getEdition, listEditions } from './edition-store.ts';
import { parseDigestQuery } from './query.ts';
import { ArchivePage, DigestPage } from './render-page.tsx';
import { renderDigestText } from './render-text.ts';

/**
 * The public digest: /digest (.json, .txt) and the archive of editions (/digests), in
 * English at the root and in Chinese under /zh/.
 */
export const digestRoutes = new Hono<AppEnv>();
const pages = new Hono<AppEnv>();

type Lang = 'en' | 'zh';
/** The interface language of a digest path: Chinese under /zh/. */
const langOf = (c: Context<AppEnv>): Lang => (/^\/zh(?:\/|$)/.test(c.req.path) ? 'zh' : 'en');
const prefixOf = (lang: Lang) => (lang === 'zh' ? '/zh' : '');

type Format = 'html' | 'json' | 'txt';
const TYPES: Record<Format | 'atom', string> = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
};

/** Most reports one web digest lists. */
const MAX_REPORTS = 200;

/**
 * Answers `body` with a strong ETag of its bytes, and 304 to a matching If-None-Match.
 * `lastModified` is given only where the body changes with nothing but the stored data.
 */
async function conditional(c: Context<AppEnv>, body: string, type: keyof typeof TYPES, maxAge: number, lastModified?: number): Promise<Response> {
  const etag = await etagOf(body);
  const validators = lastModified === undefined ? { etag, 'cache-control': `public, max-age=${maxAge}` } : cacheHeaders(etag, lastModified, maxAge);
  const headers: Record<string, string> = { ...validators, ...(type === 'html' ? HTML_HEADERS : { 'x-content-type-options': 'nosniff' }) };
  if (notModified(c.req.raw.headers, etag, lastModified ?? Number.MAX_SAFE_INTEGER, Date.now())) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, 'content-type': TYPES[type] });
}

/** The page at `path` (with the request's query) in each language. */
const alternatesOf = (c: Context<AppEnv>, path: string) => Object.fromEntries(LANGUAGES.map((l) => [l, `${localUrl(c.var.site, l, path)}${new URL(c.req.url).search}`]));

function render(c: Context<AppEnv>, digest: Digest, format: Format, canonical: string): string {
  if (format === 'json') return JSON.stringify(digest);
  if (format === 'txt') return renderDigestText(digest);
  return `<!doctype html>${DigestPage({ digest, site: c.var.site, canonical, alternates: alternatesOf(c, '/digest') })}`;
}

/**
 * The web digest answers any window, so its answers cannot be kept as rendered copies the
 * way feeds are (a client choosing a new `since` each time would miss every copy, and the
 * default window moves with the clock): it is limited per client instead, 20 requests a
 * minute (DIGEST_LIMITER, wrangler.toml), checked before anything is read.
 */
async function limitPerClient(c: Context<AppEnv>): Promise<void> {
  const key = clientKey(c.req.header('cf-connecting-ip'));
  if (!key || !c.env.DIGEST_LIMITER) return;
  const { success } = await c.env.DIGEST_LIMITER.limit({ key });
  if (!success) throw new Problem(429, 'Too many digest requests from your network; try again in a minute.', [], { 'retry-after': '60' });
}

/**
 * The digest of the reports that became public in a window: one D1 query for the window
 * (in proportion to the reports in it), one KV read per report (at most 200).
 */
async function webDigest(c: Context<AppEnv>, format: Format): Promise<Response> {
  await limitPerClient(c);
  const now = Date.now();
  const url = new URL(c.req.url);
  const query = parseDigestQuery(url, now);
  const site = c.var.site;
  const lang = langOf(c);
  const published = await loadPublic(c.env.REPORTS, await publicationsBetween(c.env.DB, query.since, query.until, MAX_REPORTS), now);
  // As a subscriber with these topics and languages would get them: with both, one version
  // per translation group whose first version became public in the window.
  const reports = await chooseReports(c.env.DB, published, { ...query, uiLang: lang }, (v) => v.publicAt !== null && v.publicAt <= query.since, now);
  const canonical = `${site.siteUrl}${prefixOf(lang)}/digest${url.search}`;
  const digest = composeDigest(reports, { siteUrl: site.siteUrl, siteTitle: site.names[lang].title, lang, timeZone: site.timeZone, now, since: query.since, until: query.until, webUrl: canonical });
  // No Last-Modified: the body also changes as the window moves (a report leaving it), which
  // no stored time records; the ETag of the bytes is exact.
  return conditional(c, render(c, digest, format, canonical), format, 60);
}

pages.get('/digest', (c) => webDigest(c, 'html'));
pages.get('/digest.json', (c) => webDigest(c, 'json'));
pages.get('/digest.txt', (c) => webDigest(c, 'txt'));

const PAGE = 30;

pages.get('/digests', async (c) => {
  const beforeText = c.req.query('before');
  const before = beforeText === undefined ? undefined : Number(beforeText);
  if (before !== undefined && (!Number.isSafeInteger(before) || before < 1)) return notFound(c);
  const editions = await listEditions(c.env.DB, PAGE, before);
  const lang = langOf(c);
  const older = editions.length === PAGE ? `${c.var.site.siteUrl}${prefixOf(lang)}/digests?before=${editions[editions.length - 1]!.id}` : null;
  const body = `<!doctype html>${ArchivePage({ editions, site: c.var.site, older, lang, alternates: alternatesOf(c, '/digests') })}`;
  return conditional(c, body, 'html', 300, Math.max(0, ...editions.map((e) => e.createdAt)));
});

pages.get('/digests/atom.xml', async (c) => {
  const editions = await listEditions(c.env.DB, PAGE);
  return conditional(c, renderArchiveAtom(c.var.site, editions, Date.now(), langOf(c)), 'atom', 300, Math.max(0, ...editions.map((e) => e.createdAt)));
});

pages.get('/digests/:id', async (c) => {
  const id = Number(c.req.param('id'));
  const edition = /^[1-9]\d{0,15}$/.test(c.req.param('id')) ? await getEdition(c.env.DB, id) : null;
  if (!edition) return notFound(c);
  const canonical = `${c.var.site.siteUrl}${prefixOf(langOf(c))}/digests/${edition.id}`;
  // A kept edition does not change: a long max-age.
  return conditional(c, `<!doctype html>${DigestPage({ digest: editionIn(edition, langOf(c)), site: c.var.site, canonical, alternates: alternatesOf(c, `/digests/${edition.id}`) })}`, 'html', 3600, edition.createdAt);
});

digestRoutes.route('/', pages);
digestRoutes.route('/zh', pages);
