import { type Context, Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { ConfigError } from '../common/config.ts';
import { formatInstant } from '../common/i18n/index.ts';
import { logEvent } from '../common/log.ts';
import { listIndex } from '../reports/index.ts';
import { auditPage, tokensPage } from './admin-pages.tsx';
import { DeskError, type DeskEnv, deskLang, deskStrings, requireAdmin, requireEditor } from './desk-auth.ts';
import { deskPage, DeskTable } from './desk-frame.tsx';
import { editorsPages } from './editors-page.tsx';
import { signInRoutes } from './sign-in-routes.tsx';
import { deliveryPages } from '../reach/desk-routes.tsx';

/** How many reports the desk's list shows (newest first); the next helper adds filters and paging. */
const REPORTS_SHOWN = 200;

/** The state of a report as the desk names it. */
export function reportState(entry: { d: boolean; p: number }, now: number): 'draft' | 'scheduled' | 'public' {
  if (entry.d) return 'draft';
  return entry.p > now ? 'scheduled' : 'public';
}

/** `/desk`: who you are, and every report with its state, language, title and when it was last changed. */
async function reportsPage(c: Context<DeskEnv>): Promise<Response> {
  const t = deskStrings(c);
  const lang = deskLang(c);
  const now = Date.now();
  const { entries } = await listIndex(c.env.REPORTS, { limit: REPORTS_SHOWN });
  const body =
    entries.length === 0 ? (
      <p>{t.reportsEmpty}</p>
    ) : (
      <DeskTable columns={[t.title, t.state, t.language, t.updated]}>
        {entries.map((e) => {
          const state = reportState(e, now);
          return (
            <tr>
              <td>{state === 'public' ? <a href={`/reports/${e.s}`}>{e.t}</a> : e.t}</td>
              <td class="nowrap">
                <span class={`state state-${state}`}>{t.states[state]}</span>
              </td>
              <td class="nowrap">{e.l ?? '—'}</td>
              <td class="nowrap">{formatInstant(e.u, lang, c.var.site.timeZone, true)}</td>
            </tr>
          );
        })}
      </DeskTable>
    );
  return deskPage(c, 200, t.reportsTitle, body, { user: c.var.desk, here: 'reports' });
}

/** The pages inside the desk: every one needs a signed-in editor; the admin sections an admin. */
const pages = new Hono<DeskEnv>();
pages.use('*', requireEditor);
pages.get('/', reportsPage);
for (const path of ['/delivery', '/delivery/*', '/editors', '/editors/*', '/tokens', '/tokens/*', '/audit', '/audit/*']) pages.use(path, requireAdmin);
pages.route('/delivery', deliveryPages);
pages.get('/tokens', tokensPage);
pages.get('/audit', auditPage);
pages.route('/editors', editorsPages);

/**
 * The editors' desk at `/desk`: signing in and out, then the desk's pages. Errors a person
 * meets here are desk pages (400 link, 403, 429, 503), not problem+json.
 */
export const deskRoutes = new Hono<AppEnv>();
deskRoutes.route('/', signInRoutes);
deskRoutes.route('/', pages);
deskRoutes.notFound((c) => deskPage(c, 404, 'Not found', <p>{c.req.path}</p>));

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
deskRoutes.onError(deskErrors);
pages.onError((error, c) => deskErrors(error, c as unknown as Context<AppEnv>));
deliveryPages.onError((error, c) => deskErrors(error, c as unknown as Context<AppEnv>));
signInRoutes.onError(deskErrors);
