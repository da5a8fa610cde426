import { type Context, Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { type EventFormat, loadEvents } from './serve.ts';
import { ALL, type Scope } from '../common/scope.ts';
import { notFound } from '../site/not-found.tsx';
import { sendRendered } from '../common/http/send-rendered.ts';
import { withTopic } from '../common/http/topic-route.ts';

async function serveEvents(c: Context<AppEnv>, scope: Scope | null, format: EventFormat): Promise<Response> {
  if (!scope) return notFound(c);
  const now = Date.now();
  const rendered = await loadEvents(c.env.REPORTS, c.var.site, scope, format, now);
  if (!rendered) return notFound(c);
  // Calendar apps poll for hours; pages change as events pass.
  return sendRendered(c, rendered, format === 'html' ? 'text/html; charset=utf-8' : 'text/calendar; charset=utf-8', format === 'ics' ? 3600 : 300, now);
}

/** Events pages and calendars: all, and per topic. */
export const events = new Hono<AppEnv>();

events.get('/events', (c) => serveEvents(c, ALL, 'html'));
events.get('/events.ics', (c) => serveEvents(c, ALL, 'ics'));
events.get('/topics/:topic/events', (c) => withTopic(c, '/events', (scope) => serveEvents(c, scope, 'html')));
events.get('/topics/:topic/events.ics', (c) => withTopic(c, '/events.ics', (scope) => serveEvents(c, scope, 'ics')));
