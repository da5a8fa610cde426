import type { FieldError } from '../common/problem.ts';
import { catalogue, type Lang } from '../common/i18n/index.ts';
import { cataloguedTopics, topicLabel } from '../common/topics.ts';
import { EventFields, fieldKit, listOf, objectOf } from './desk-fields.tsx';

const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'image/gif'];

type Json = Record<string, any>;

/** What the editor page shows: the report's fields (as the API gives them, or as posted), the errors at their inputs. */
export interface EditorProps {
  lang: Lang;
  csrf: string;
  /** null for a new report. */
  slug: string | null;
  etag: string;
  report: Json;
  errors: FieldError[];
  /** The site's time zone: the schedule's default zone. */
  timeZone: string;
  notice?: string;
}

/** The date, time and zone a scheduled report's `published` is shown in. */
function scheduleOf(published: string | undefined, zone: string): { date: string; time: string } {
  const ms = published ? Date.parse(published) : NaN;
  if (Number.isNaN(ms)) return { date: '', time: '09:00' };
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(ms).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/**
 * The editor: every field of a report as a form whose names are the API's field paths, the
 * Markdown body beside its live preview, and the publishing buttons. It posts without a
 * script (the desk's POST route saves through the API); with the desk's script it saves
 * through the API itself with `If-Match`, previews as one types and saves on Ctrl/Cmd+S.
 */
export function EditorForm(p: EditorProps) {
  const t = catalogue(p.lang).deskWriting;
  const r = p.report;
  const ev = objectOf(r.event);
  const zone = p.timeZone;
  const sched = scheduleOf(r.draft === false && Date.parse(r.published) > Date.now() ? r.published : undefined, zone);
  const catalogued = cataloguedTopics();
  const topics: string[] = Array.isArray(r.topics) ? r.topics : [];
  const extra = topics.filter((topic) => !catalogued.includes(topic));

  const kit = fieldKit(t, p.errors);
  const { err, input, area, rowsOf } = kit;

  const action = p.slug ? `/desk/reports/${p.slug}/edit` : '/desk/reports/new';
  return (
    <form method="post" action={action} class="desk-editor" id="desk-editor" data-slug={p.slug ?? ''} data-etag={p.etag} data-csrf={p.csrf} data-invalid={t.invalid} data-saving={t.saving} data-saved={t.saved} data-problem={t.problem('')} novalidate>
      <input type="hidden" name="csrf" value={p.csrf} />
      <input type="hidden" name="etag" value={p.etag} />
      <input type="hidden" name="state.draft" value={r.draft === false ? 'false' : 'true'} />
      <input type="hidden" name="published" value={r.published ?? ''} />
      <p class="desk-notice" id="editor-status" role="status" aria-live="polite">
        {p.notice ?? (p.errors.length > 0 ? t.invalid : '')}
      </p>
      {p.errors.length > 0 && (
        <ul class="error-summary">
          {p.errors.map((e) => (
            <li>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
      <div class="editor-grid">
        <div class="editor-fields">
          <fieldset>
            <legend>{t.basics}</legend>
            {input('title', t.title, r.title, { required: true, maxlength: 300 })}
            {input('slug', t.slug, r.slug, { readonly: p.slug !== null, pattern: '[a-z0-9]+(-[a-z0-9]+)*', maxlength: 100 }, p.slug ? undefined : t.slugHint)}
            {area('summary', t.summary, r.summary ?? '', 2, t.summaryHint)}
            <div class="field-row">
              {input('lang', t.language, r.lang ?? p.lang, { maxlength: 35, list: 'desk-langs' })}
              {input('translation_key', t.translationKey, r.translation_key, { maxlength: 80 }, t.translationKeyHint)}
            </div>
            <datalist id="desk-langs">
              <option value="en" />
              <option value="zh-Hans" />
            </datalist>
          </fieldset>
          <fieldset class="topics" data-field="topics.more">
            <legend>{t.topics}</legend>
            <ul class="checks">
              {catalogued.map((topic) => (
                <li>
                  <label>
                    <input type="checkbox" name="topics" value={topic} checked={topics.includes(topic)} /> {topicLabel(topic, p.lang)}
                  </label>
                </li>
              ))}
            </ul>
            {input('topics.more', t.moreTopics, extra.join(' '), {}, t.moreTopicsHint)}
          </fieldset>
          {rowsOf('authors', t.authors, t.addAuthor, listOf(r.authors).map(objectOf), (i, a) => (
            <>
              {input(`authors.${i}.name`, t.authorName, a.name)}
              {input(`authors.${i}.url`, t.authorUrl, a.url, { type: 'url' })}
            </>
          ))}
          <EventFields t={t} kit={kit} event={ev} />
          {rowsOf('attachments', t.attachments, t.addAttachment, listOf(r.attachments).map(objectOf), (i, a) => (
            <>
              {input(`attachments.${i}.url`, t.attachmentUrl, a.url, { type: 'url' })}
              {input(`attachments.${i}.title`, t.attachmentTitle, a.title)}
              <label class="field" data-field={`attachments.${i}.type`}>
                <span>{t.attachmentType}</span>
                <select name={`attachments.${i}.type`}>
                  <option value="" />
                  {ATTACHMENT_TYPES.map((type) => (
                    <option value={type} selected={a.type === type}>
                      {type}
                    </option>
                  ))}
                </select>
                {err(`attachments.${i}.type`)}
              </label>
              {input(`attachments.${i}.length`, t.attachmentLength, a.length, { inputmode: 'numeric' })}
            </>
          ))}
          <fieldset class="upload" id="desk-upload">
            <legend>{t.upload}</legend>
            <p class="no-script-note">{t.uploadNeedsScript}</p>
            <div class="field-row" data-upload hidden>
              <label class="field">
                <span>{t.uploadFile}</span>
                <input type="file" id="upload-file" accept="image/png,image/jpeg,image/webp,image/gif,application/pdf" />
              </label>
              <label class="field">
                <span>{t.uploadAlt}</span>
                <input id="upload-alt" maxlength={300} aria-describedby="upload-alt-hint" />
                <small id="upload-alt-hint">{t.uploadAltHint}</small>
              </label>
              <button type="button" id="upload-button" data-inserted={t.uploadInsert} data-attached={t.uploadAttached}>
                {t.uploadButton}
              </button>
            </div>
            <p id="upload-status" role="status" />
          </fieldset>
        </div>
        <div class="editor-body">
          {area('body', t.body, r.body ?? '', 24, t.bodyHint)}
          <section class="live-preview" aria-labelledby="live-preview-heading">
            <h2 id="live-preview-heading">{t.livePreview}</h2>
            <p>
              <small>{t.previewNote}</small>
            </p>
            <div class="prose report-body" id="live-preview" lang={r.lang ?? undefined} />
          </section>
        </div>
      </div>
      <fieldset class="publishing">
        <legend>{t.publishing}</legend>
        <div class="field-row">
          {input('schedule.date', t.scheduleDate, sched.date, { type: 'date' })}
          {input('schedule.time', t.scheduleTime, sched.time, { type: 'time' })}
          {input('schedule.zone', t.scheduleZone, zone, { list: 'desk-zones' })}
        </div>
        <datalist id="desk-zones">
          {['UTC', 'Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Tokyo', 'Asia/Singapore', 'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'Europe/Geneva', 'America/New_York', 'America/Los_Angeles'].map((z) => (
            <option value={z} />
          ))}
        </datalist>
        <div class="editor-buttons">
          <button type="submit" name="action" value="save">
            {t.save}
          </button>
          <button type="submit" name="action" value="draft" class="secondary">
            {t.saveDraft}
          </button>
          <button type="submit" name="action" value="schedule" class="secondary">
            {t.schedule}
          </button>
          <button type="submit" name="action" value="publish" class="secondary">
            {t.publishNow}
          </button>
          {p.slug && r.draft === false && (
            <button type="submit" name="action" value="unpublish" class="secondary">
              {t.unpublish}
            </button>
          )}
          <button type="submit" formaction="/desk/preview" formtarget="_blank" class="secondary">
            {t.previewAll}
          </button>
        </div>
        <p>
          <small>{t.shortcut}</small>
        </p>
      </fieldset>
    </form>
  );
}
