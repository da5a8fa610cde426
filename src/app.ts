import { Hono } from 'hono';
import type { AppEnv } from './common/app-env.ts';
import { ConfigError, readConfig } from './common/config.ts';
import { logEvent } from './common/log.ts';
import { Problem, problemResponse } from './common/problem.ts';
import { apiAccess, auditTrail } from './editors/index.ts';
import { auditAdmin, tokenAdmin } from './editors/admin.ts';
import { createDeskRoutes } from './editors/desk-routes.tsx';
import { deskScript } from './editors/desk-script.ts';
import { editorAdmin } from './editors/editors-api.ts';
import { reportAdmin } from './reports/admin-routes.ts';
import { revisionAdmin } from './reports/revision-routes.ts';
import { digestAdmin } from './digests/admin.ts';
import { subscriberAdmin } from './subscriptions/admin.ts';
import { searchAdmin } from './search/admin.ts';
import { searchFeeds } from './search/feed-routes.ts';
import { searchRoutes } from './search/routes.tsx';
import { channelAdmin, deliveryAdmin } from './crossposts/admin.ts';
import { feeds } from './feeds/routes.tsx';
import { following } from './feeds/follow-routes.tsx';
import { notFound } from './site/not-found.tsx';
import { siteAssets } from './site/assets.ts';
import { reportPages } from './reports/page-routes.tsx';
import { events } from './events/routes.tsx';
import { archive } from './archive/routes.tsx';
import { digestRoutes } from './digests/routes.tsx';
import { subscriptionRoutes } from './subscriptions/routes.tsx';
import { mediaAdmin, mediaFiles } from './media/routes.ts';
import { recordReach } from './reach/record.ts';
import { reachAdmin } from './reach/api.ts';

export type { AppEnv };

/**
 * The Worker's HTTP app: health check, admin API, feeds and pages. Every error becomes
 * one problem+json shape; nothing unexpected leaks a stack.
 *
 * @example await createApp().request('/healthz', {}, env) // 200 {"status":"ok"}
 */
export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.use('*', async (c, next) => {
    c.set('site', readConfig(c.env));
    await next();
  });
  // After any feed answered: the subscriber count a feed reader states, once a day (src/reach).
  app.use('*', recordReach);

  // The admin API: JSON, errors as problem+json. A bearer token names the actor (the owner's
  // ADMIN_TOKEN, or an API token; 503 without ADMIN_TOKEN), whose scopes must open the route
  // (editors/api-routes.ts); every successful change is then recorded in the audit log.
  const api = new Hono<AppEnv>();
  api.use('*', apiAccess);
  api.use('*', auditTrail);
  api.route('/tokens', tokenAdmin);
  api.route('/audit', auditAdmin);
  api.route('/editors', editorAdmin);
  api.route('/subscribers', subscriberAdmin);
  api.route('/digests', digestAdmin);
  api.route('/channels', channelAdmin);
  api.route('/deliveries', deliveryAdmin);
  api.route('/search', searchAdmin);
  api.route('/media', mediaAdmin);
  api.route('/reach', reachAdmin);
  api.route('/', revisionAdmin);
  api.route('/', reportAdmin);
  app.route('/api', api);
  // The desk's pages write through the admin API above, as the desk's script does.
  app.route('/desk', createDeskRoutes((request, env, ctx) => app.fetch(request, env, ctx)));
  app.route('/', deskScript);
  app.route('/', siteAssets);
  app.route('/', searchFeeds);
  app.route('/', mediaFiles);
  app.route('/', feeds);
  app.route('/', following);
  app.route('/', reportPages);
  app.route('/', events);
  app.route('/', archive);
  app.route('/', digestRoutes);
  app.route('/', subscriptionRoutes);
  app.route('/', searchRoutes);

  // English pages live at the root: an English page asked for under `/en/` (a reader who
  // swapped `/zh/` for `/en/`) moves there for good. Feeds and calendars under `/en/` are
  // routes of their own, matched above; a file address that none of them took is not a page.
  app.get('/en/*', (c) => {
    const rest = c.req.path.slice('/en'.length);
    if (/\.(xml|json|ics|txt)$/.test(rest)) return notFound(c);
    const url = new URL(c.req.url);
    return c.redirect(`${c.var.site.siteUrl}${rest}${url.search}`, 301);
  });

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/') || c.req.path === '/api') return problemResponse(new Problem(404, `Nothing is at ${c.req.path}.`));
    return notFound(c);
  });

  app.onError((error, c) => {
    if (error instanceof Problem) return problemResponse(error, c.req.path);
    if (error instanceof ConfigError) {
      logEvent('config-error', { message: error.message }, 'error');
      return problemResponse(new Problem(503, `Herald is misconfigured: ${error.message}.`));
    }
    const requestId = c.req.header('cf-ray') ?? crypto.randomUUID();
    logEvent('unhandled-error', { requestId, path: c.req.path, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 'error');
    return problemResponse(new Problem(500, `Something went wrong on our side (request ${requestId}).`));
  });

  return app;
}
