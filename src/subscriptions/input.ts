import type { Context } from 'hono';
import { isTimeZone } from '../common/config.ts';
import type { FieldError } from '../common/problem.ts';
import { Problem } from '../common/problem.ts';
import { readBodyText } from '../common/http/json-body.ts';
import { isTopic, normalizeTopic } from '../common/scope.ts';
import { checkQuery } from '../search/index.ts';
import { normalizeAddress } from './address.ts';
import { type Frequency, FREQUENCIES, INTERFACE_LANGS, type InterfaceLang, SUBSCRIBER_LANGS, type SubscriberLang } from './types.ts';

/** Largest subscription request body: a form or JSON of a few fields. */
export const MAX_FORM_BYTES = 16 * 1024;

/** What a reader asks for: validated, normalized. */
export interface Preferences {
  frequency: Frequency;
  topics: string[];
  lang: SubscriberLang;
  uiLang: InterfaceLang;
  timeZone: string;
  /** A followed search (the search's `q` rules), whitespace collapsed; null: none. */
  query: string | null;
}

export type Fields = Record<string, string | string[] | unknown>;

/** The request body as fields: JSON, or an HTML form (repeated fields become lists). */
export async function readFields(c: Context): Promise<{ fields: Fields; form: boolean }> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  const text = await readBodyText(c, MAX_FORM_BYTES, `The request body is larger than ${MAX_FORM_BYTES} bytes.`);
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const fields: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(text)) {
      const previous = fields[key];
      fields[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
    }
    return { fields, form: true };
  }
  if (/^application\/(?:[\w.+-]+\+)?json/.test(type)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new Problem(400, 'The request body is not valid JSON.', [{ field: '(body)', message: 'must be valid JSON' }]);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Problem(400, 'The request body must be a JSON object.', [{ field: '(body)', message: 'must be an object' }]);
    return { fields: value as Fields, form: false };
  }
  throw new Problem(415, 'Send JSON (application/json) or an HTML form (application/x-www-form-urlencoded).');
}

const list = (value: unknown): unknown[] => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]);

/** What a `lang` error says: the choices, so a program's author can fix the call. */
export const LANG_CHOICES = `must be one of ${SUBSCRIBER_LANGS.join(', ')}`;
export const UI_LANG_CHOICES = `must be one of ${INTERFACE_LANGS.join(', ')}`;

/**
 * A `lang` field: en, zh or both. Empty and null are both (what "no language" meant before
 * there were three choices); anything else is unknown.
 */
function subscriberLang(value: unknown): SubscriberLang | undefined {
  if (value === null || value === '') return 'both';
  return typeof value === 'string' && (SUBSCRIBER_LANGS as readonly string[]).includes(value) ? (value as SubscriberLang) : undefined;
}

/**
 * A `query` field: the words of a followed search, checked as the search's `q` is (at most
 * 200 characters, some letters or digits, no control characters); empty or null clears it.
 */
export function followedQuery(value: unknown): { query: string | null } | FieldError {
  if (value === null || (typeof value === 'string' && value.trim() === '')) return { query: null };
  if (typeof value !== 'string') return { field: 'query', message: 'must be text: the words to follow' };
  const checked = checkQuery(value, 'query');
  return 'field' in checked ? checked : { query: checked.q };
}

/**
 * Validates preferences from fields; each problem names its field. `defaults` fill what is
 * absent (the site's time zone for a new subscriber, the stored ones for an update).
 */
export function parsePreferences(fields: Fields, defaults: Preferences): { ok: true; value: Preferences } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const frequency = fields.frequency === undefined || fields.frequency === '' ? defaults.frequency : fields.frequency;
  if (typeof frequency !== 'string' || !(FREQUENCIES as readonly string[]).includes(frequency)) errors.push({ field: 'frequency', message: 'must be instant, daily or weekly' });
  const topics: string[] = [];
  const rawTopics = fields.topics === undefined && fields.topic === undefined ? defaults.topics : [...list(fields.topics), ...list(fields.topic)];
  if (rawTopics.length > 20) errors.push({ field: 'topics', message: 'must have at most 20 topics' });
  for (const raw of rawTopics.slice(0, 20)) {
    const topic = typeof raw === 'string' ? normalizeTopic(raw) : '';
    if (!isTopic(topic)) errors.push({ field: 'topics', message: 'must be topic names such as "cyber-sovereignty"' });
    else if (!topics.includes(topic)) topics.push(topic);
  }
  const lang = fields.lang === undefined ? defaults.lang : subscriberLang(fields.lang);
  if (lang === undefined) errors.push({ field: 'lang', message: LANG_CHOICES });
  const uiLang = fields.ui_lang === undefined || fields.ui_lang === '' ? defaults.uiLang : fields.ui_lang;
  if (typeof uiLang !== 'string' || !(INTERFACE_LANGS as readonly string[]).includes(uiLang)) errors.push({ field: 'ui_lang', message: UI_LANG_CHOICES });
  const timeZone = fields.timezone === undefined || fields.timezone === '' ? defaults.timeZone : fields.timezone;
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) errors.push({ field: 'timezone', message: 'must be an IANA time zone such as "Asia/Shanghai"' });
  const query = fields.query === undefined ? { query: defaults.query } : followedQuery(fields.query);
  if ('field' in query) errors.push(query);
  if (errors.length > 0 || 'field' in query) return { ok: false, errors };
  return { ok: true, value: { frequency: frequency as Frequency, topics, lang: lang!, uiLang: uiLang as InterfaceLang, timeZone: timeZone as string, query: query.query } };
}

/**
 * The `lang` and `ui_lang` cells of an imported CSV row, as `parsePreferences` takes them.
 * A file exported before subscribers chose en, zh or both holds a language tag or nothing:
 * it is read as migration 0008 read the stored ones (nothing: both; en-*: en; zh-*: zh;
 * another tag: both), and with no `ui_lang` a Chinese reader gets the Chinese interface.
 * What is not a language tag at all stays as it is, to be refused with the choices.
 */
export function importedLanguages(lang: string | undefined, uiLang: string | undefined): { lang: string; ui_lang: string } {
  let value = (lang ?? '').trim();
  if (value !== '' && !(SUBSCRIBER_LANGS as readonly string[]).includes(value)) {
    try {
      const primary = Intl.getCanonicalLocales(value)[0]!.split('-')[0]!;
      value = primary === 'en' || primary === 'zh' ? primary : 'both';
    } catch {
      // not a tag: refused below
    }
  }
  const ui = (uiLang ?? '').trim();
  return { lang: value === '' ? 'both' : value, ui_lang: ui !== '' ? ui : value === 'zh' ? 'zh' : 'en' };
}

/** The email field, normalized, or its error. */
export function parseEmail(fields: Fields): { ok: true; email: string } | { ok: false; errors: FieldError[] } {
  const address = normalizeAddress(fields.email);
  return address.ok ? { ok: true, email: address.email } : { ok: false, errors: [{ field: 'email', message: address.message }] };
}
