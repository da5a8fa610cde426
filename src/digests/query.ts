import type { FieldError } from '../common/problem.ts';
import { Problem } from '../common/problem.ts';
import { isIsoDate, isIsoDateTime, toEpoch } from '../reports/dates.ts';
import { isTopic, normalizeTopic } from '../common/scope.ts';
import { checkQuery } from '../search/index.ts';

/** The web digest's window and filters, as asked for in the query string. */
export interface DigestQuery {
  since: number;
  until: number;
  topics: string[];
  /** English reports, Chinese ones, or both (one per translation group): what subscribers choose. */
  lang: 'en' | 'zh' | 'both';
  /** A followed search (the search's `q` rules): only reports matching it; null: every one. */
  query: string | null;
}

const DAY_MS = 86_400_000;
/** The default window, and the longest one may ask for. */
export const DEFAULT_DAYS = 7;
export const MAX_DAYS = 366;

function instant(raw: string, field: string, endOfDay: boolean, errors: FieldError[]): number | undefined {
  // A `+` typed into a query string arrives as a space: `T09:00 08:00` can only mean +08:00.
  const value = raw.replace(/^(\d{4}-\d{2}-\d{2}T[\d:.]+) (\d{2}:\d{2})$/, '$1+$2');
  if (isIsoDate(value)) return toEpoch(value) + (endOfDay ? DAY_MS : 0);
  if (isIsoDateTime(value)) return toEpoch(value);
  errors.push({ field, message: 'must be a date (YYYY-MM-DD) or a date-time with an offset (2026-11-23T07:00:00Z)' });
  return undefined;
}

/**
 * `lang`: en, zh or both (none: both). A language tag of English or Chinese (`zh-Hans`),
 * as links in emails sent before subscribers chose among the three carry, is read as en or zh.
 */
function digestLang(text: string | null): DigestQuery['lang'] | undefined {
  if (!text || text === 'both') return 'both';
  try {
    const primary = Intl.getCanonicalLocales(text)[0]!.split('-')[0];
    return primary === 'en' || primary === 'zh' ? primary : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads `since`, `until` (a date `until` means through the end of that day, UTC), `topic`
 * (repeatable), `lang` and `query` (a followed search, as a subscriber's "and N more" link
 * carries it); the default window is the 7 days up to `now`. Anything invalid is
 * a 400 naming the parameter.
 */
export function parseDigestQuery(url: URL, now: number): DigestQuery {
  const errors: FieldError[] = [];
  const sinceText = url.searchParams.get('since');
  const untilText = url.searchParams.get('until');
  let until = untilText === null ? now : instant(untilText, 'until', true, errors);
  let since = sinceText === null ? undefined : instant(sinceText, 'since', false, errors);
  if (until !== undefined && since === undefined && sinceText === null) since = until - DEFAULT_DAYS * DAY_MS;
  if (since !== undefined && until !== undefined) {
    if (since >= until) errors.push({ field: 'since', message: 'must be before until' });
    else if (until - since > MAX_DAYS * DAY_MS) errors.push({ field: 'since', message: `must be at most ${MAX_DAYS} days before until` });
  }
  const topics: string[] = [];
  for (const raw of url.searchParams.getAll('topic')) {
    const topic = normalizeTopic(raw);
    if (!isTopic(topic)) errors.push({ field: 'topic', message: 'must be a topic name such as "cyber-sovereignty"' });
    else if (!topics.includes(topic)) topics.push(topic);
  }
  if (topics.length > 20) errors.push({ field: 'topic', message: 'must be given at most 20 times' });
  const lang = digestLang(url.searchParams.get('lang'));
  if (lang === undefined) errors.push({ field: 'lang', message: 'must be one of en, zh, both' });
  const queries = url.searchParams.getAll('query');
  if (queries.length > 1) errors.push({ field: 'query', message: 'must be given at most once' });
  const followed = queries[0] === undefined || queries[0].trim() === '' ? null : checkQuery(queries[0], 'query');
  if (followed && 'field' in followed) errors.push(followed);
  if (errors.length > 0) throw new Problem(400, 'The digest query has invalid parameters.', errors);
  until = until!;
  return { since: since!, until, topics, lang: lang!, query: followed && !('field' in followed) ? followed.q : null };
}
