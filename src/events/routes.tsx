import { type Context, Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { type EventFormat, loadEvents } from './serve.ts';
import { ALL, inLanguage, type Scope } from '../common/scope.ts';
import type { Lang } from '../common/i18n/index.ts';
import { notFound } from '../site/not-found.tsx';
import { sendRendered } from '../common/http/send-rendered.ts';
import { topicScope } from '../common/http/topic-route.ts';
import { eventUrls } from './page.tsx';

async function serveEvents(c: Context<AppEnv>, scope: Scope | null, format: EventFormat): Promise<Response> {
  if (!scope) return notFound(c);
  const now = Date.now();
  const rendered = await loadEvents(c.env.REPORTS, c.var.site, scope, format, now);
  if (!rendered) return notFound(c);
  // Calendar apps poll for hours; pages change as events pass.
  return sendRendered(c, rendered, format === 'html' ? 'text/html; charset=utf-8' : 'text/calendar; charset=utf-8', format === 'ics' ? 3600 : 300, now);
}

/**
 * Events pages in English (`/events`) and Chinese (`/zh/events`), calendars in every language
 * (`/events.ics`) and in each (`/en/events.ics`, `/zh/events.ics`); the same per topic
 * (`/topics/:topic/events`, `/zh/topics/:topic/events.ics` …).
 */
export const events = new Hono<AppEnv>();

/** Serves `prefix` + `/events…` in `lang` (null: every language), and the same under a topic. */
function route(prefix: string, file: string, format: EventFormat, lang: Lang | null) {
  events.get(`${prefix}${file}`, (c) => serveEvents(c, inLanguage(ALL, lang), format));
  events.get(`${prefix}/topics/:topic${file}`, async (c): Promise<Response> => {
    const raw = c.req.param('topic') ?? '';
    const topic = topicScope(raw);
    const scope = topic && inLanguage(topic, lang);
    // Another case or Unicode form of a topic moves for good to its canonical address.
    if (scope?.kind === 'topic' && scope.topic !== raw) return c.redirect(eventUrls(c.var.site, scope)[format === 'html' ? 'page' : 'ics'], 301);
    return serveEvents(c, scope, format);
  });
}

route('', '/events', 'html', 'en');
route('/zh', '/events', 'html', 'zh');
route('', '/events.ics', 'ics', null);
route('/en', '/events.ics', 'ics', 'en');
route('/zh', '/events.ics', 'ics', 'zh');
