import { type Context, Hono } from 'hono';
import type { FieldError } from '../common/problem.ts';
import { catalogue } from '../common/i18n/index.ts';
import { reportUrl } from '../common/urls.ts';
import { listChannels } from '../crossposts/index.ts';
import { getReport, loadPublic, publicationsSince } from '../reports/index.ts';
import { prepareReport } from '../reports/prepare.ts';
import { renderBody } from '../reports/rendering.ts';
import { MAX_BODY_BYTES, parseReportInput } from '../reports/schema.ts';
import { type ApiFetch, callApi, problemOf } from './desk-api.ts';
import { checkCsrf, type DeskEnv, DeskError, deskLang } from './desk-auth.ts';
import { conflictRows, mergeVersions } from './desk-merge.ts';
import { ConflictForm } from './desk-conflict.tsx';
import { EditorForm } from './desk-editor.tsx';
import { type DeskAction, fieldsOf, type FormFields, reportFromForm } from './desk-form.ts';
import { deskPage } from './desk-frame.tsx';
import { previewOf } from './desk-preview.ts';
import { PreviewBody } from './desk-preview-page.tsx';
import { reportPage } from './desk-report-page.tsx';
import { reportList } from './desk-reports.tsx';
import { DESK_SCRIPT_PATH } from './desk-script.ts';

type C = Context<DeskEnv>;

const ACTIONS: readonly DeskAction[] = ['save', 'draft', 'schedule', 'publish', 'unpublish'];
/** A desk form is at most a report and its fields: 2 MiB covers a 1 MiB body written in any script. */
const MAX_FORM_BYTES = 2 * MAX_BODY_BYTES;

/** The posted form, its CSRF token checked first (403 page otherwise). */
async function postedForm(c: C): Promise<FormFields> {
  const length = Number(c.req.header('content-length') ?? 0);
  if (length > MAX_FORM_BYTES) throw new DeskError(413, 'Too large', 'The form is larger than 2 MiB.');
  const fields = fieldsOf(await c.req.formData());
  await checkCsrf(c, c.var.desk, fields.csrf?.[0]);
  return fields;
}

const t = (c: C) => catalogue(deskLang(c)).deskWriting;

/** The editor page, for a new report (slug null) or a stored one. */
function editorPage(c: C, status: number, slug: string | null, etag: string, report: Record<string, unknown>, errors: FieldError[] = [], notice?: string): Response {
  const title = slug ? t(c).editTitle(String(report.title ?? slug)) : t(c).newTitle;
  const body = (
    <>
      <EditorForm lang={deskLang(c)} csrf={c.var.desk.csrf} slug={slug} etag={etag} report={report} errors={errors} timeZone={c.var.site.timeZone} notice={notice} />
      <script src={DESK_SCRIPT_PATH} defer />
    </>
  );
  return deskPage(c, status, title, body, { user: c.var.desk, here: 'reports' });
}

/** The side-by-side page of a 412: what the editor meant to save beside what is stored now. */
async function conflictPage(c: C, api: ApiFetch, slug: string, mine: Record<string, unknown>): Promise<Response> {
  const res = await callApi(c, api, 'GET', `/reports/${slug}`);
  if (!res.ok) throw new DeskError(404, t(c).notFound(slug), t(c).notFound(slug));
  const theirs = (await res.json()) as Record<string, unknown>;
  const body = <ConflictForm lang={deskLang(c)} csrf={c.var.desk.csrf} slug={slug} etag={res.headers.get('etag') ?? ''} mine={mine} rows={conflictRows(mine, theirs)} />;
  return deskPage(c, 409, t(c).conflictTitle, body, { user: c.var.desk, here: 'reports' });
}

/**
 * Saves `json` through the admin API (`PUT` with `If-Match`, or `POST` for a new report) and
 * answers as a browser expects: 303 to the editor on success, the editor again with the
 * errors at their fields on a 400 or 409, the side-by-side page on a 412.
 */
async function save(c: C, api: ApiFetch, slug: string | null, etag: string, json: Record<string, unknown>): Promise<Response> {
  const res = slug
    ? await callApi(c, api, 'PUT', `/reports/${slug}`, { body: json, headers: etag ? { 'if-match': etag } : {} })
    : await callApi(c, api, 'POST', '/reports', { body: json });
  if (res.ok) {
    const saved = (await res.json()) as { slug: string };
    return c.redirect(`/desk/reports/${saved.slug}/edit?saved=1`, 303);
  }
  if (res.status === 412 && slug) return conflictPage(c, api, slug, json);
  const problem = await problemOf(res);
  const errors = problem.errors.length > 0 ? problem.errors : [{ field: 'title', message: problem.detail }];
  return editorPage(c, res.status === 409 ? 409 : 400, slug, etag, json, errors, t(c).problem(problem.detail));
}

/** The report page's stored form (`Report`) for the preview; 404 page when there is none. */
async function storedReport(c: C, slug: string) {
  const report = await getReport(c.env.REPORTS, slug);
  if (!report) throw new DeskError(404, t(c).notFound(slug), t(c).notFound(slug));
  return report;
}

/** The preview page of `report`, with the enabled channels and the day's other public reports. */
async function previewPage(c: C, report: Awaited<ReturnType<typeof storedReport>>, unsaved: boolean, backTo?: string): Promise<Response> {
  const now = Date.now();
  const [channels, neighbours] = await Promise.all([listChannels(c.env.DB), publicationsSince(c.env.DB, now - 86_400_000, 20).then((p) => loadPublic(c.env.REPORTS, p, now))]);
  const preview = previewOf(report, c.var.site, channels, now, neighbours);
  const body = <PreviewBody preview={preview} lang={deskLang(c)} unsaved={unsaved} backTo={backTo} />;
  return deskPage(c, 200, t(c).previewTitle(report.title), body, { user: c.var.desk, here: 'reports' });
}

/**
 * The desk's writing side, inside the desk's session (desk-routes.tsx): the report list, a
 * report's page, the editor and its no-JS posts, the conflict merge, restoring a revision,
 * the Markdown download, the live preview of the body and the preview of everything. Every
 * write goes through the admin API as the signed-in editor (`callApi`), with `If-Match`.
 */
export function writingPages(api: ApiFetch): Hono<DeskEnv> {
  const pages = new Hono<DeskEnv>();

  pages.get('/', reportList);

  pages.get('/reports/new', (c) => editorPage(c, 200, null, '', { lang: deskLang(c) === 'zh' ? 'zh-Hans' : 'en', draft: true }));

  pages.post('/reports/new', async (c) => {
    const fields = await postedForm(c);
    const action = ACTIONS.find((a) => a === fields.action?.[0]) ?? 'draft';
    const { json, errors } = reportFromForm(fields, action, Date.now());
    if (errors.length > 0) return editorPage(c, 400, null, '', json, errors, t(c).invalid);
    return save(c, api, null, '', json);
  });

  pages.get('/reports/:slug', (c) => reportPage(c, api, c.req.query('restored') ? t(c).restored(Number(c.req.query('restored'))) : undefined));

  pages.get('/reports/:slug/edit', async (c) => {
    const slug = c.req.param('slug');
    const res = await callApi(c, api, 'GET', `/reports/${encodeURIComponent(slug)}`);
    if (!res.ok) throw new DeskError(404, t(c).notFound(slug), t(c).notFound(slug));
    return editorPage(c, 200, slug, res.headers.get('etag') ?? '', (await res.json()) as Record<string, unknown>, [], c.req.query('saved') ? t(c).saved : undefined);
  });

  pages.post('/reports/:slug/edit', async (c) => {
    const slug = c.req.param('slug');
    const fields = await postedForm(c);
    const action = ACTIONS.find((a) => a === fields.action?.[0]) ?? 'save';
    const { json, errors } = reportFromForm(fields, action, Date.now());
    const etag = fields.etag?.[0] ?? '';
    if (errors.length > 0) return editorPage(c, 400, slug, etag, json, errors, t(c).invalid);
    return save(c, api, slug, etag, json);
  });

  pages.post('/reports/:slug/merge', async (c) => {
    const slug = c.req.param('slug');
    const fields = await postedForm(c);
    let mine: unknown;
    try {
      mine = JSON.parse(fields.mine?.[0] ?? '');
    } catch {
      mine = null;
    }
    if (!mine || typeof mine !== 'object' || Array.isArray(mine)) throw new DeskError(400, t(c).conflictTitle, 'The form lost your version: open the editor again.');
    const current = await callApi(c, api, 'GET', `/reports/${slug}`);
    if (!current.ok) throw new DeskError(404, t(c).notFound(slug), t(c).notFound(slug));
    const theirs = (await current.json()) as Record<string, unknown>;
    const take = new Set(Object.keys(fields).filter((name) => fields[name]?.[0] === 'theirs').map((name) => name.replace(/^take\./, '')));
    return save(c, api, slug, fields.etag?.[0] ?? '', mergeVersions(mine as Record<string, unknown>, theirs, take));
  });

  pages.post('/reports/:slug/revisions/:n/restore', async (c) => {
    const { slug, n } = c.req.param();
    await postedForm(c);
    const res = await callApi(c, api, 'POST', `/reports/${slug}/revisions/${n}/restore`);
    if (!res.ok) throw new DeskError(res.status, t(c).restore, (await problemOf(res)).detail);
    return c.redirect(`/desk/reports/${slug}?restored=${Number(n)}`, 303);
  });

  pages.get('/reports/:slug/markdown', async (c) => {
    const res = await callApi(c, api, 'GET', `/reports/${c.req.param('slug')}/markdown`);
    if (!res.ok) throw new DeskError(404, t(c).notFound(c.req.param('slug')), t(c).notFound(c.req.param('slug')));
    return new Response(res.body, { headers: { 'content-type': res.headers.get('content-type') ?? 'text/markdown; charset=utf-8', 'content-disposition': res.headers.get('content-disposition') ?? 'attachment', 'cache-control': 'no-store' } });
  });

  pages.get('/reports/:slug/preview', async (c) => previewPage(c, await storedReport(c, c.req.param('slug')), false, `/desk/reports/${c.req.param('slug')}/edit`));

  // The preview of an unsaved draft: the editor's form, as it stands, shown as everything it would become.
  pages.post('/preview', async (c) => {
    const fields = await postedForm(c);
    const { json } = reportFromForm(fields, 'save', Date.now());
    const parsed = parseReportInput(json);
    if (!parsed.ok) return editorPage(c, 400, fields.etag?.[0] ? (json.slug as string) : null, fields.etag?.[0] ?? '', json, parsed.errors, t(c).invalid);
    const slug = parsed.value.slug ?? 'preview';
    const report = await prepareReport(parsed.value, null, { now: Date.now(), siteUrl: c.var.site.siteUrl, slug });
    return previewPage(c, report, true);
  });

  // The live preview: the body as the site renders it (the same pipeline as a save), for the desk's script.
  pages.post('/preview/body', async (c) => {
    const fields = await postedForm(c);
    const one = (name: string) => fields[name]?.[0] ?? '';
    const slug = /^[a-z0-9]+(-[a-z0-9]+)*$/.test(one('slug')) ? one('slug') : 'preview';
    const rendered = renderBody({ title: one('title'), body: one('body'), lang: one('lang') || 'en' }, reportUrl(c.var.site, slug));
    return c.html(rendered.html, 200, { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  });

  return pages;
}
