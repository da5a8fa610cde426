import { type Context, Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { etagOf } from '../common/http/conditional.ts';
import { HTML_HEADERS } from '../common/http/security.ts';
import { LANGUAGES, type Lang } from '../common/i18n/index.ts';
import { topicsInUse } from '../subscriptions/topics.ts';
import { FOLLOW_SCRIPT_PATH, FollowPage, TopicsPage } from './follow-page.tsx';
import { FOLLOW_SCRIPT } from './follow-script.ts';
import { renderOpml } from './opml.ts';

/** The pages change when a topic first gets a public report (topicsInUse is remembered five minutes). */
const PAGE_HEADERS = { ...HTML_HEADERS, 'cache-control': 'public, max-age=300' };

/**
 * Ways to follow the site: `/follow` (feeds, email and calendars explained, every address
 * with a copy button), `/topics` (every topic with a public report, by label, with its
 * introduction), both in English at the root and in Chinese under `/zh/`; `/feeds.opml`
 * (every feed) and `/en/feeds.opml`, `/zh/feeds.opml` (one language's) for a one-step import
 * into a feed reader; and the copy buttons' script.
 */
export const following = new Hono<AppEnv>();

const prefix = (lang: Lang) => (lang === LANGUAGES[0] ? '' : `/${lang}`);

for (const lang of LANGUAGES) {
  following.get(`${prefix(lang)}/follow`, async (c) => {
    const topics = await topicsInUse(c.env.REPORTS);
    return c.html(`<!doctype html>${FollowPage({ site: c.var.site, lang, topicsInUse: topics })}`, 200, PAGE_HEADERS);
  });
  following.get(`${prefix(lang)}/topics`, async (c) => {
    const topics = await topicsInUse(c.env.REPORTS);
    return c.html(`<!doctype html>${TopicsPage({ site: c.var.site, lang, topicsInUse: topics })}`, 200, PAGE_HEADERS);
  });
  following.get(`/${lang}/feeds.opml`, (c) => opml(c, lang));
}
following.get('/feeds.opml', (c) => opml(c, null));

/** An OPML file, with an ETag so a reader that checks it again costs one list of topics. */
async function opml(c: Context<AppEnv>, lang: Lang | null): Promise<Response> {
  const body = renderOpml(c.var.site, await topicsInUse(c.env.REPORTS), lang);
  const etag = await etagOf(body);
  const headers = { etag, 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' };
  const match = c.req.header('if-none-match');
  if (match !== undefined && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, 'content-type': 'text/x-opml; charset=utf-8', 'content-disposition': `inline; filename="feeds${lang ? `-${lang}` : ''}.opml"` });
}

following.get(FOLLOW_SCRIPT_PATH, (c) => c.body(FOLLOW_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' }));
