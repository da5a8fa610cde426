import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import { ConfigError, readConfig } from './config.ts';
import { logEvent } from './log.ts';
import { Problem, problemResponse } from './problem.ts';
import { api } from './routes/api.ts';
import { feeds, notFound } from './routes/feeds.tsx';
import { pages } from './routes/pages.tsx';
import { events } from './routes/events.tsx';
import { archive } from './routes/archive.tsx';
import { digestRoutes } from './digest/routes.tsx';
import { subscriptionRoutes } from './subscriptions/routes.tsx';

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

  app.route('/api', api);
  app.route('/', feeds);
  app.route('/', pages);
  app.route('/', events);
  app.route('/', archive);
  app.route('/', digestRoutes);
  app.route('/', subscriptionRoutes);

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/') || c.req.path === '/api') return problemResponse(new Problem(404, `Nothing is at ${c.req.path}.`));
    return notFound(c);
  });

  app.onError((error, c) => {
    if (error instanceof Problem) return problemResponse(error, c.req.path);
    if (error instanceof ConfigError) {
      logEvent('config-error', { message: error.message });
      return problemResponse(new Problem(503, `Herald is misconfigured: ${error.message}.`));
    }
    const requestId = c.req.header('cf-ray') ?? crypto.randomUUID();
    logEvent('unhandled-error', { requestId, path: c.req.path, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    return problemResponse(new Problem(500, `Something went wrong on our side (request ${requestId}).`));
  });

  return app;
}
