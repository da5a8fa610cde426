import { type Context, Hono } from 'hono';
import { MEDIA_TYPES, sendRendered } from '../common/http/send-rendered.ts';
import { topicScope } from '../common/http/topic-route.ts';
import { notFound } from '../site/not-found.tsx';
import type { AppEnv } from '../common/app-env.ts';
import { type Format } from './model.tsx';
import { loadRendered } from './serve.ts';
import { homeUrl, scopeUrls } from '../common/urls.ts';
import { ALL, inLanguage, type Scope } from '../common/scope.ts';
import { LANGUAGES, type Lang } from '../common/i18n/index.ts';

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

/**
 * A topic's page or feed in `lang` (null: the feeds of every language). A topic named in
 * another case or Unicode form (`/topics/Sovereignty`) is moved for good to its canonical
 * address, so a feed's self link always equals the URL it was fetched from.
 */
function serveTopic(c: Context<AppEnv>, lang: Lang | null, format: Format): Promise<Response> | Response {
  const raw = c.req.param('topic') ?? '';
  const topic = topicScope(raw);
  const scope = topic && inLanguage(topic, lang);
  if (scope?.kind === 'topic' && scope.topic !== raw) {
    const urls = scopeUrls(c.var.site, scope);
    return c.redirect(format === 'html' ? urls.home : urls[format], 301);
  }
  return serve(c, scope, format);
}

/**
 * The feeds in three formats and the list pages built from the same reports. Pages: English
 * at the root (`/`, `/topics/t`), every other language under its code (`/zh/`,
 * `/zh/topics/t`); `/en/…` pages move to the root. Feeds: every language's at the root
 * (`/feed.xml`, `/topics/t/feed.xml`), each language's under its code (`/en/feed.xml`,
 * `/zh/topics/t/atom.xml`).
 */
export const feeds = new Hono<AppEnv>();

const FILES: [string, Format][] = [
  ['feed.xml', 'rss'],
  ['atom.xml', 'atom'],
  ['feed.json', 'json'],
];

const [ROOT_LANG] = LANGUAGES;

feeds.get('/', (c) => serve(c, inLanguage(ALL, ROOT_LANG), 'html'));
feeds.get('/topics/:topic', (c) => serveTopic(c, ROOT_LANG, 'html'));
for (const [file, format] of FILES) {
  feeds.get(`/${file}`, (c) => serve(c, ALL, format));
  feeds.get(`/topics/:topic/${file}`, (c) => serveTopic(c, null, format));
}

for (const lang of LANGUAGES) {
  const scope = inLanguage(ALL, lang);
  if (lang === ROOT_LANG) {
    // The root language's pages live at the root: its prefix is an alias, moved for good.
    feeds.get(`/${lang}`, (c) => c.redirect(homeUrl(c.var.site, lang), 301));
    feeds.get(`/${lang}/`, (c) => c.redirect(homeUrl(c.var.site, lang), 301));
    feeds.get(`/${lang}/topics/:topic`, (c) => {
      const topic = topicScope(c.req.param('topic'));
      return topic?.kind === 'topic' ? c.redirect(scopeUrls(c.var.site, inLanguage(topic, lang)).home, 301) : notFound(c);
    });
  } else {
    feeds.get(`/${lang}`, (c) => c.redirect(homeUrl(c.var.site, lang), 301));
    feeds.get(`/${lang}/`, (c) => serve(c, scope, 'html'));
    feeds.get(`/${lang}/topics/:topic`, (c) => serveTopic(c, lang, 'html'));
  }
  for (const [file, format] of FILES) {
    feeds.get(`/${lang}/${file}`, (c) => serve(c, scope, format));
    feeds.get(`/${lang}/topics/:topic/${file}`, (c) => serveTopic(c, lang, format));
  }
}
