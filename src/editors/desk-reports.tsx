import type { Context } from 'hono';
import { catalogue, formatInstant } from '../common/i18n/index.ts';
import { topicLabel } from '../common/topics.ts';
import { listIndex } from '../reports/index.ts';
import type { DeskEnv } from './desk-auth.ts';
import { deskLang } from './desk-auth.ts';
import { deskPage, DeskTable } from './desk-frame.tsx';
import { choicesOf, filterOf, filterReports, REPORT_STATES, reportState } from './desk-list.ts';
import { DESK_SCRIPT_PATH } from './desk-script.ts';

/** The most reports the desk lists (one KV list call); past it, the filters narrow the newest. */
const LISTED = 1000;

/**
 * `/desk`: every report, newest first, with its state, language, topics and times; filtered
 * by state, language and topic and found by title through a GET form that works without a
 * script; with the desk's script, the title search narrows the rows as one types.
 */
export async function reportList(c: Context<DeskEnv>): Promise<Response> {
  const t = catalogue(deskLang(c)).deskWriting;
  const d = catalogue(deskLang(c)).desk;
  const lang = deskLang(c);
  const now = Date.now();
  const { entries } = await listIndex(c.env.REPORTS, { limit: LISTED });
  const filter = filterOf(c.req.query());
  const shown = filterReports(entries, filter, now);
  const choices = choicesOf(entries);
  const when = (ms: number) => formatInstant(ms, lang, c.var.site.timeZone, true);
  const body = (
    <>
      <p class="desk-actions">
        <a class="button" href="/desk/reports/new">
          {t.newReport}
        </a>
      </p>
      <form class="desk-form desk-filters" method="get" action="/desk" role="search" aria-label={t.filters}>
        <label>
          {t.find}
          <input type="search" name="q" value={filter.q ?? ''} data-find="desk-reports" autocomplete="off" />
        </label>
        <label>
          {d.state}
          <select name="state">
            <option value="">{t.anyState}</option>
            {REPORT_STATES.map((s) => (
              <option value={s} selected={filter.state === s}>
                {d.states[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {d.language}
          <select name="lang">
            <option value="">{t.anyLanguage}</option>
            {choices.langs.map((l) => (
              <option value={l} selected={filter.lang === l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.topic}
          <select name="topic">
            <option value="">{t.anyTopic}</option>
            {choices.topics.map((topic) => (
              <option value={topic} selected={filter.topic === topic}>
                {topicLabel(topic, lang)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t.apply}</button>
        <a href="/desk">{t.clear}</a>
      </form>
      <p class="desk-count" id="desk-count" role="status" data-all={t.shown(shown.length, shown.length)} data-some={t.shown(-1, shown.length)}>
        {t.shown(shown.length, entries.length)}
      </p>
      {entries.length === 0 ? (
        <p>{d.reportsEmpty}</p>
      ) : (
        <>
          <DeskTable id="desk-reports" columns={[d.title, d.state, d.language, t.topics, t.published, d.updated]}>
            {shown.map((e) => {
              const state = reportState(e, now);
              return (
                <tr data-title={e.t ?? e.s}>
                  <td>
                    <a href={`/desk/reports/${e.s}`}>{e.t ?? e.s}</a>
                  </td>
                  <td class="nowrap">
                    <span class={`state state-${state}`}>{d.states[state]}</span>
                  </td>
                  <td class="nowrap">{e.l ?? '—'}</td>
                  <td>{(e.g ?? []).map((topic) => topicLabel(topic, lang)).join(', ')}</td>
                  <td class="nowrap">{when(e.p)}</td>
                  <td class="nowrap">{when(e.u)}</td>
                </tr>
              );
            })}
          </DeskTable>
          {shown.length === 0 && <p>{t.noMatch}</p>}
        </>
      )}
      <script src={DESK_SCRIPT_PATH} defer />
    </>
  );
  return deskPage(c, 200, d.reportsTitle, body, { user: c.var.desk, here: 'reports' });
}
