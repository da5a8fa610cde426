import type { Context } from 'hono';
import { listChannels, listDeliveries } from '../crossposts/index.ts';
import { sendsOfReport } from '../digests/index.ts';
import { catalogue, formatInstant } from '../common/i18n/index.ts';
import { groupOf, publicationOf } from '../reports/index.ts';
import { type DeskEnv, deskLang } from './desk-auth.ts';
import { DeskForm, deskPage, DeskTable } from './desk-frame.tsx';
import { type ApiFetch, callApi } from './desk-api.ts';
import { reportState } from './desk-list.ts';

/** A revision as `GET /api/reports/:slug/revisions` lists it. */
interface RevisionView {
  n: number;
  at: string;
  author: string;
  kind: string;
  title: string;
  current: boolean;
}

/** The report as the admin API answers it (the fields this page shows). */
export interface ReportView {
  slug: string;
  title: string;
  lang: string;
  draft: boolean;
  published: string;
  updated: string;
  source?: string;
  translation_key?: string;
  became_public: string | null;
  quiet: boolean | null;
}

/**
 * `/desk/reports/:slug`: the report's state, where it went (its emails and cross-posts), its
 * other language versions, its revisions with a restore button each, and its Markdown file.
 */
export async function reportPage(c: Context<DeskEnv>, api: ApiFetch, notice?: string): Promise<Response> {
  const lang = deskLang(c);
  const t = catalogue(lang).deskWriting;
  const d = catalogue(lang).desk;
  const slug = c.req.param('slug') ?? '';
  const res = await callApi(c, api, 'GET', `/reports/${encodeURIComponent(slug)}`);
  if (res.status === 404 || res.status === 400) return deskPage(c, 404, t.notFound(slug), <p>{t.notFound(slug)}</p>, { user: c.var.desk, here: 'reports' });
  if (!res.ok) throw new Error(`report read failed: ${res.status}`);
  const report = (await res.json()) as ReportView;
  const now = Date.now();
  const when = (ms: number) => formatInstant(ms, lang, c.var.site.timeZone, true);
  const state = reportState({ d: report.draft, p: Date.parse(report.published) }, now);

  const [revisions, versions, publication, deliveries, channels] = await Promise.all([
    callApi(c, api, 'GET', `/reports/${slug}/revisions?limit=50`).then(async (r) => (r.ok ? ((await r.json()) as { revisions: RevisionView[] }).revisions : [])),
    report.translation_key ? groupOf(c.env.REPORTS, report.translation_key) : Promise.resolve([]),
    publicationOf(c.env.DB, slug),
    listDeliveries(c.env.DB, { slug, limit: 50 }),
    listChannels(c.env.DB),
  ]);
  const sends = publication ? await sendsOfReport(c.env.DB, publication.seq) : [];
  const channelName = new Map(channels.map((ch) => [ch.id, `${ch.id} (${ch.type})`]));
  const others = versions.filter((v) => v.slug !== slug);

  const body = (
    <>
      <p class="desk-actions">
        <a class="button" href={`/desk/reports/${slug}/edit`}>
          {t.edit}
        </a>
        <a href={`/desk/reports/${slug}/preview`}>{t.preview}</a>
        <a href={`/desk/reports/${slug}/markdown`} download={`${slug}.md`}>
          {t.downloadMarkdown}
        </a>
        {state === 'public' && <a href={`/reports/${slug}`}>{t.viewOnSite}</a>}
      </p>
      {notice && (
        <p class="desk-notice" role="status">
          {notice}
        </p>
      )}
      <h2>{t.stateHeading}</h2>
      <p>
        <span class={`state state-${state}`}>{d.states[state]}</span>{' '}
        {state === 'draft' ? t.draftNote : state === 'scheduled' ? t.scheduledFor(when(Date.parse(report.published))) : t.publicSince(when(Date.parse(report.became_public ?? report.published)))}{' '}
        {report.quiet === true && t.quiet} {report.source === 'desk' ? t.source.desk : t.source.file}. {d.updated}: {when(Date.parse(report.updated))}.
      </p>
      <h2>{t.deliveries}</h2>
      <h3>{t.emails}</h3>
      {sends.length === 0 ? (
        <p>{t.noEmails}</p>
      ) : (
        <ul class="desk-facts">
          {sends.map((s) => (
            <li>
              {s.kind === 'instant' ? t.instantEmails : t.digestEmails}: {s.count} {s.status}
            </li>
          ))}
        </ul>
      )}
      <h3>{t.crossposts}</h3>
      {deliveries.length === 0 ? (
        <p>{t.noCrossposts}</p>
      ) : (
        <DeskTable columns={[t.channel, t.status, t.attempts, d.updated, t.post]}>
          {deliveries.map((x) => (
            <tr>
              <td>{channelName.get(x.channel_id) ?? x.channel_id}</td>
              <td class="nowrap">{x.status}</td>
              <td>{x.attempts}</td>
              <td class="nowrap">{when(x.updated_at)}</td>
              <td>{x.remote_url ? <a href={x.remote_url}>{x.remote_url}</a> : (x.last_error ?? '')}</td>
            </tr>
          ))}
        </DeskTable>
      )}
      <h2>{t.translations}</h2>
      {others.length === 0 ? (
        <p>{t.noTranslations}</p>
      ) : (
        <ul class="desk-facts">
          {others.map((v) => (
            <li lang={v.lang}>
              <a href={`/desk/reports/${v.slug}`}>{v.title}</a> ({v.lang}, {d.states[reportState({ d: v.draft, p: v.published }, now)]})
            </li>
          ))}
        </ul>
      )}
      <h2>{t.revisions}</h2>
      {revisions.length === 0 ? (
        <p>{t.noRevisions}</p>
      ) : (
        <DeskTable id="revisions" columns={[t.revision, d.when, t.author, t.kind, d.title, <span class="visually-hidden">{t.restore}</span>]}>
          {revisions.map((r) => (
            <tr>
              <td>{r.n}</td>
              <td class="nowrap">{when(Date.parse(r.at))}</td>
              <td>{r.author}</td>
              <td>{r.kind}</td>
              <td>{r.title}</td>
              <td>
                {r.current ? (
                  <em>{t.current}</em>
                ) : (
                  <DeskForm action={`/desk/reports/${slug}/revisions/${r.n}/restore`} csrf={c.var.desk.csrf}>
                    <button type="submit" aria-label={t.restoreLabel(r.n)}>
                      {t.restore}
                    </button>
                  </DeskForm>
                )}
              </td>
            </tr>
          ))}
        </DeskTable>
      )}
    </>
  );
  return deskPage(c, 200, report.title, body, { user: c.var.desk, here: 'reports' });
}
