/**
 * The editor's form as a report, and back. The form's field names are the API's field paths
 * (`title`, `event.location.city`, `event.speakers.2.role`), so a 400 from the API names the
 * very input at fault, on the server (the no-JS post) and in the browser alike.
 *
 * {@link reportFromForm} is self-contained on purpose: the desk's script carries its source
 * (`reportFromForm.toString()`), so the browser and the no-JS post build the same JSON from
 * the same form, with one piece of code.
 */

/** A form as its fields: every value a name was sent with, in order. */
export type FormFields = Record<string, string[]>;

/** What the editor asked for with the button they pressed (Ctrl/Cmd+S is `save`). */
export type DeskAction = 'save' | 'draft' | 'schedule' | 'publish' | 'unpublish';

/** The form's JSON and the errors found before the API is asked (a schedule in the past). */
export interface FormResult {
  json: Record<string, unknown>;
  errors: { field: string; message: string }[];
}

/**
 * Builds the report JSON a `PUT /api/reports/:slug` takes from the editor's form. Empty
 * inputs are left out (the API's defaults apply); lists are one entry per line; rows
 * (authors, speakers, attachments) whose inputs are all empty are dropped. `action` decides
 * `draft` and `published`: `schedule` reads `schedule.date`, `schedule.time` and
 * `schedule.zone` into a time with that zone's offset (it must be after `now`), `publish`
 * makes a draft public now, `unpublish` and `draft` make it a draft, `save` keeps its state.
 */
export function reportFromForm(fields: FormFields, action: DeskAction, now: number): FormResult {
  const errors: { field: string; message: string }[] = [];
  const one = (name: string): string => (fields[name] && fields[name][0] !== undefined ? String(fields[name][0]).trim() : '');
  const lines = (name: string): string[] =>
    one(name)
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '');
  const rows = (prefix: string, keys: string[]): Record<string, string>[] => {
    const indexes: number[] = [];
    for (const name of Object.keys(fields)) {
      const m = new RegExp('^' + prefix.replace(/\./g, '\\.') + '\\.(\\d+)\\.').exec(name);
      if (m && indexes.indexOf(Number(m[1])) < 0) indexes.push(Number(m[1]));
    }
    indexes.sort((a, b) => a - b);
    const out: Record<string, string>[] = [];
    for (const i of indexes) {
      const row: Record<string, string> = {};
      for (const key of keys) {
        const value = one(prefix + '.' + i + '.' + key);
        if (value !== '') row[key] = value;
      }
      if (Object.keys(row).length > 0) out.push(row);
    }
    return out;
  };
  const pad = (n: number) => (n < 10 ? '0' : '') + n;
  const offsetOf = (zone: string, ms: number): number => {
    const parts: Record<string, number> = {};
    const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    for (const p of format.formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    return Math.round((Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!) - ms) / 60000);
  };

  const json: Record<string, unknown> = {};
  for (const name of ['slug', 'title', 'summary', 'lang', 'translation_key', 'body']) {
    const value = name === 'body' ? (fields.body && fields.body[0]) || '' : one(name);
    if (value !== '') json[name] = value;
  }
  const topics = (fields.topics || []).map((t) => t.trim()).filter((t) => t !== '');
  for (const t of one('topics.more').split(/[\s,，、]+/)) if (t !== '' && topics.indexOf(t) < 0) topics.push(t);
  json.topics = topics;
  json.authors = rows('authors', ['name', 'url']);
  const attachments = rows('attachments', ['url', 'title', 'type', 'length']).map((a) => {
    const out: Record<string, unknown> = Object.assign({}, a);
    if (a.length !== undefined) out.length = /^\d+$/.test(a.length) ? Number(a.length) : a.length;
    return out;
  });
  if (attachments.length > 0) json.attachments = attachments;

  const kind = one('event.kind');
  if (kind !== '') {
    const event: Record<string, unknown> = { kind };
    for (const key of ['name', 'start', 'end', 'timezone']) if (one('event.' + key) !== '') event[key] = one('event.' + key);
    const location: Record<string, unknown> = {};
    for (const key of ['name', 'city', 'country']) if (one('event.location.' + key) !== '') location[key] = one('event.location.' + key);
    if (one('event.location.online') !== '') location.online = true;
    if (Object.keys(location).length > 0) event.location = location;
    event.organizers = lines('event.organizers');
    event.participants = lines('event.participants');
    event.speakers = rows('event.speakers', ['name', 'role', 'affiliation']);
    json.event = event;
  }

  const wasDraft = one('state.draft') === 'true';
  const published = one('published');
  if (published !== '') json.published = published;
  json.draft = wasDraft;
  if (action === 'draft' || action === 'unpublish') json.draft = true;
  if (action === 'publish') {
    json.draft = false;
    // A draft goes out now: its creation time would backdate it (and past 30 days, quietly).
    if (wasDraft || published === '' || Date.parse(published) > now) json.published = new Date(now).toISOString();
  }
  if (action === 'schedule') {
    json.draft = false;
    const date = one('schedule.date');
    const time = one('schedule.time') || '09:00';
    const zone = one('schedule.zone') || 'UTC';
    const dm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    const tm = /^(\d{2}):(\d{2})$/.exec(time);
    let valid = true;
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
    } catch {
      valid = false;
      errors.push({ field: 'schedule.zone', message: 'must be an IANA time zone such as "Asia/Shanghai"' });
    }
    if (!dm) errors.push({ field: 'schedule.date', message: 'must be a date (YYYY-MM-DD)' });
    else if (!tm) errors.push({ field: 'schedule.time', message: 'must be a time (hh:mm)' });
    else if (valid) {
      const wall = Date.UTC(Number(dm[1]), Number(dm[2]) - 1, Number(dm[3]), Number(tm[1]), Number(tm[2]));
      let offset = offsetOf(zone, wall);
      offset = offsetOf(zone, wall - offset * 60000);
      const at = wall - offset * 60000;
      const abs = Math.abs(offset);
      json.published = date + 'T' + time + ':00' + (offset < 0 ? '-' : '+') + pad(Math.floor(abs / 60)) + ':' + pad(abs % 60);
      if (at <= now) errors.push({ field: 'schedule.date', message: 'must be in the future: a scheduled report goes out then' });
    }
  }
  return { json, errors };
}

/** A URL-encoded or multipart form body as {@link FormFields}. */
export function fieldsOf(form: FormData | URLSearchParams): FormFields {
  const fields: FormFields = {};
  form.forEach((value, name) => {
    if (typeof value !== 'string') return;
    (fields[name] ??= []).push(value);
  });
  return fields;
}

/**
 * The input an API error names: `topics.2` is the topics' fieldset, `published` the
 * schedule, `event` the event's kind; anything else is the input of that very name.
 */
export function inputOf(field: string): string {
  if (/^topics(\.\d+)?$/.test(field)) return 'topics.more';
  if (field === 'published' || field === 'draft') return 'schedule.date';
  if (field === 'event') return 'event.kind';
  if (/^(authors|attachments|event\.speakers)\.\d+$/.test(field)) return `${field}.name`.replace(/^attachments\.(\d+)\.name$/, 'attachments.$1.url');
  return field;
}
