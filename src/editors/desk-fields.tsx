import type { Child } from 'hono/jsx';
import type { FieldError } from '../common/problem.ts';
import type { Catalogue } from '../common/i18n/index.ts';
import { inputOf } from './desk-form.ts';

type Json = Record<string, any>;

/** A posted value as a list of rows or lines, whatever was sent (a merge's "mine" is the editor's own JSON). */
export const listOf = (value: unknown): any[] => (Array.isArray(value) ? value.filter((v) => v !== null && v !== undefined) : []);
/** A posted value as an object, whatever was sent. */
export const objectOf = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});

/**
 * The editor's inputs, each labelled, with its hint and its error (from the API's field
 * errors, mapped to the input they name) wired by `aria-describedby`; and rows of a list of
 * objects (authors, speakers, attachments) with the buttons the desk's script shows.
 */
export function fieldKit(t: Catalogue['deskWriting'], errors: FieldError[]) {
  const byInput = new Map<string, string[]>();
  for (const e of errors) byInput.set(inputOf(e.field), [...(byInput.get(inputOf(e.field)) ?? []), e.message]);
  const err = (name: string) => {
    const messages = byInput.get(name);
    return messages ? (
      <span class="field-error" id={`err-${name}`}>
        {messages.join('; ')}
      </span>
    ) : (
      <span class="field-error" id={`err-${name}`} hidden />
    );
  };
  const input = (name: string, label: string, value: unknown, extraProps: Record<string, unknown> = {}, hint?: string) => (
    <label class="field" data-field={name}>
      <span>{label}</span>
      <input name={name} value={value === undefined || value === null ? '' : String(value)} aria-invalid={byInput.has(name) ? 'true' : undefined} aria-describedby={`err-${name}`} {...extraProps} />
      {hint && <small>{hint}</small>}
      {err(name)}
    </label>
  );
  const area = (name: string, label: string, value: string, rows: number, hint?: string) => (
    <label class="field" data-field={name}>
      <span>{label}</span>
      <textarea name={name} rows={rows} aria-invalid={byInput.has(name) ? 'true' : undefined} aria-describedby={`err-${name}`}>
        {value}
      </textarea>
      {hint && <small>{hint}</small>}
      {err(name)}
    </label>
  );
  /** Rows of a list of objects (authors, speakers, attachments): the stored ones and one empty row to fill. */
  const rowsOf = (prefix: string, legend: string, add: string, items: Json[], cells: (i: number, item: Json) => Child) => (
    <fieldset class="rows" data-rows={prefix}>
      <legend>{legend}</legend>
      <ol>
        {[...items, {}].map((item, i) => (
          <li class="row" data-row={i}>
            {cells(i, item)}
            <button type="button" class="row-remove" data-remove-row hidden>
              {t.remove}
            </button>
          </li>
        ))}
      </ol>
      <button type="button" data-add-row={prefix} hidden>
        {add}
      </button>
    </fieldset>
  );
  return { err, input, area, rowsOf };
}

export type FieldKit = ReturnType<typeof fieldKit>;

const EVENT_KINDS = ['workshop', 'conference', 'forum', 'lecture', 'seminar', 'meeting', 'other'];

/** The event's fields: kind and name, times and zone, the place, organizers and participants a line each, speakers as rows. */
export function EventFields({ t, kit, event }: { t: Catalogue['deskWriting']; kit: FieldKit; event: Json }) {
  const { err, input, area, rowsOf } = kit;
  const ev = event;
  const loc = objectOf(ev.location);
  return (
  <fieldset class="event-fields">
    <legend>{t.event}</legend>
    <div class="field-row">
      <label class="field" data-field="event.kind">
        <span>{t.eventKind}</span>
        <select name="event.kind" aria-describedby="err-event.kind">
          <option value="">{t.noEvent}</option>
          {EVENT_KINDS.map((k) => (
            <option value={k} selected={ev.kind === k}>
              {t.eventKinds[k]}
            </option>
          ))}
        </select>
        {err('event.kind')}
      </label>
      {input('event.name', t.eventName, ev.name)}
    </div>
    <div class="field-row">
      {input('event.start', t.start, ev.start, { placeholder: '2026-11-20T09:30+08:00' })}
      {input('event.end', t.end, ev.end)}
      {input('event.timezone', t.timeZone, ev.timezone, { list: 'desk-zones' }, t.timeZoneHint)}
    </div>
    <small>{t.timeHint}</small>
    <fieldset>
      <legend>{t.place}</legend>
      <div class="field-row">
        {input('event.location.name', t.placeName, loc.name)}
        {input('event.location.city', t.city, loc.city)}
        {input('event.location.country', t.country, loc.country)}
      </div>
      <label class="check">
        <input type="checkbox" name="event.location.online" value="true" checked={loc.online === true} /> {t.online}
      </label>
    </fieldset>
    <div class="field-row">
      {area('event.organizers', t.organizers, listOf(ev.organizers).map(String).join('\n'), 3, t.oneALine)}
      {area('event.participants', t.participants, listOf(ev.participants).map(String).join('\n'), 3, t.oneALine)}
    </div>
    {rowsOf('event.speakers', t.speakers, t.addSpeaker, listOf(ev.speakers).map(objectOf), (i, s) => (
      <>
        {input(`event.speakers.${i}.name`, t.speakerName, s.name)}
        {input(`event.speakers.${i}.role`, t.speakerRole, s.role)}
        {input(`event.speakers.${i}.affiliation`, t.speakerAffiliation, s.affiliation)}
      </>
    ))}
  </fieldset>
  );
}
