import { type Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { calendarEventOf } from '../calendar/event.ts';
import { renderCalendar } from '../calendar/ics.ts';
import { reportUrl } from '../feeds/urls.ts';
import { cacheHeaders, etagOf, notModified } from '../http/conditional.ts';
import { HTML_HEADERS } from '../http/security.ts';
import { EventsPage } from '../pages/events-page.tsx';
import { listEvents } from '../store/events.ts';
import { ALL, type Scope } from '../store/keys.ts';
import { notFound, withTopic } from './feeds.tsx';

/** Past events listed on a page and in a calendar, besides every upcoming one. */
const PAST_LIMIT = 200;

async function serveEvents(c: Context<AppEnv>, scope: Scope | null, format: 'html' | 'ics'): Promise<Response> {
  if (!scope) return notFound(c);
  const now = Date.now();
  const site = c.var.site;
  const listing = await listEvents(c.env.REPORTS, scope, now, PAST_LIMIT);
  const all = [...listing.upcoming, ...listing.past];
  if (scope.kind === 'topic' && all.length === 0) return notFound(c);
  const body =
    format === 'html'
      ? `<!doctype html>${EventsPage({ listing, site, scope })}`
      : renderCalendar({ name: scope.kind === 'all' ? `${site.title} events` : `${site.title} events: ${scope.topic}`, events: all.map((r) => calendarEventOf(r, reportUrl(site, r.slug))) });
  const etag = await etagOf(body);
  const lastModified = Math.max(0, ...all.map((r) => Math.max(Date.parse(r.updated), Date.parse(r.published))));
  // Calendar apps poll for hours; pages change as events pass.
  const headers = { ...cacheHeaders(etag, lastModified, format === 'ics' ? 3600 : 300), ...(format === 'html' ? HTML_HEADERS : { 'x-content-type-options': 'nosniff', 'access-control-allow-origin': '*' }) };
  if (notModified(c.req.raw.headers, etag, lastModified, now)) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, 'content-type': format === 'html' ? 'text/html; charset=utf-8' : 'text/calendar; charset=utf-8' });
}


/** Events pages and calendars: all, and per topic. */
export const events = new Hono<AppEnv>();

events.get('/events', (c) => serveEvents(c, ALL, 'html'));
events.get('/events.ics', (c) => serveEvents(c, ALL, 'ics'));
events.get('/topics/:topic/events', (c) => withTopic(c, '/events', (scope) => serveEvents(c, scope, 'html')));
events.get('/topics/:topic/events.ics', (c) => withTopic(c, '/events.ics', (scope) => serveEvents(c, scope, 'ics')));
