import { type Context, Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { ConfigError } from '../common/config.ts';
import { logEvent } from '../common/log.ts';
import { auditPage, tokensPage } from './admin-pages.tsx';
import { DeskError, type DeskEnv, deskStrings, requireAdmin, requireEditor } from './desk-auth.ts';
import { deskPage } from './desk-frame.tsx';
import { editorsPages } from './editors-page.tsx';
import type { ApiFetch } from './desk-api.ts';
import { writingPages } from './desk-writing.tsx';
import { signInRoutes } from './sign-in-routes.tsx';
import { deliveryPages } from '../reach/desk-routes.tsx';

/**
 * The editors' desk at `/desk`: signing in and out, then the desk's pages, every one for a
 * signed-in editor (the admin sections for admins): the reports, their editor and preview
 * (desk-writing.tsx, which writes through `api`, the Worker's own admin API), then the admin
 * sections. Errors a person meets here are desk pages (400 link, 403, 429, 503), not problem+json.
 */
export function createDeskRoutes(api: ApiFetch): Hono<AppEnv> {
  const pages = new Hono<DeskEnv>();
  pages.use('*', requireEditor);
  for (const path of ['/delivery', '/delivery/*', '/editors', '/editors/*', '/tokens', '/tokens/*', '/audit', '/audit/*']) pages.use(path, requireAdmin);
  pages.route('/', writingPages(api));
  pages.route('/delivery', deliveryPages);
  pages.get('/tokens', tokensPage);
  pages.get('/audit', auditPage);
  pages.route('/editors', editorsPages);
  pages.onError((error, c) => deskErrors(error, c as unknown as Context<AppEnv>));

  const deskRoutes = new Hono<AppEnv>();
  deskRoutes.route('/', signInRoutes);
  deskRoutes.route('/', pages);
  deskRoutes.notFound((c) => deskPage(c, 404, 'Not found', <p>{c.req.path}</p>));
  deskRoutes.onError(deskErrors);
  return deskRoutes;
}

/** The desk's error pages, in the frame (with the editor's sections when one is signed in). */
export function deskErrors(error: Error, c: Context<AppEnv>): Response {
  const user = (c as unknown as Context<DeskEnv>).var.desk;
  if (error instanceof DeskError) return deskPage(c, error.status, error.title, <p>{error.message}</p>, { user, headers: error.headers });
  if (error instanceof ConfigError) {
    logEvent('config-error', { message: error.message }, 'error');
    const t = deskStrings(c);
    return deskPage(c, 503, t.closedTitle, <p>{t.closed}</p>);
  }
  throw error;
}
deliveryPages.onError((error, c) => deskErrors(error, c as unknown as Context<AppEnv>));
signInRoutes.onError(deskErrors);
