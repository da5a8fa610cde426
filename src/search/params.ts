import { zoneOffsetAt } from '../common/event-time.ts';
import { Problem, type FieldError } from '../common/problem.ts';
import { isTopic, normalizeTopic } from '../common/scope.ts';
import { isIsoDate } from '../reports/dates.ts';
import { EVENT_KINDS } from '../reports/schema.ts';
import { hasForbiddenChar, oneLine } from '../reports/text.ts';
import { MAX_QUERY_LENGTH, parseQuery, type Term } from './query.ts';

/** The most results one page of a search holds. */
export const MAX_PER_PAGE = 50;
export const DEFAULT_PER_PAGE = 20;

/** A reader's search, checked: the query and its filters. */
export interface SearchRequest {
  /** The query as the reader wrote it, whitespace collapsed. */
  q: string;
  terms: Term[];
  /** Any of these topics (sorted, each once). */
  topics: string[];
  /** A primary language subtag: `en`, `zh`. */
  lang?: string;
  /** Publication dates, `YYYY-MM-DD`, inclusive, in the site's time zone. */
  from?: string;
  to?: string;
  kind?: string;
}

/** One page of a search. */
export interface Paging {
  page: number;
  perPage: number;
}

/** The query of a search, checked: an error names `q`. */
export function checkQuery(raw: string | undefined, field = 'q'): { q: string; terms: Term[] } | FieldError {
  if (raw === undefined || raw.trim() === '') return { field, message: 'is required: the words to search for' };
  if ([...raw].length > MAX_QUERY_LENGTH) return { field, message: `must be at most ${MAX_QUERY_LENGTH} characters` };
  if (hasForbiddenChar(raw)) return { field, message: 'must not contain control characters' };
  const q = oneLine(raw);
  const terms = parseQuery(q);
  if (terms.length === 0) return { field, message: 'has no letters or digits to search for' };
  return { q, terms };
}

function single(params: URLSearchParams, name: string, errors: FieldError[]): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) errors.push({ field: name, message: 'must be given at most once' });
  const value = values[0]?.trim();
  return value === '' ? undefined : value;
}

function positive(params: URLSearchParams, name: string, fallback: number, max: number, errors: FieldError[]): number {
  const value = single(params, name, errors);
  if (value === undefined) return fallback;
  if (!/^[1-9]\d{0,5}$/.test(value) || Number(value) > max) {
    errors.push({ field: name, message: `must be a whole number from 1 to ${max}` });
    return fallback;
  }
  return Number(value);
}

/**
 * The search a request asks for (`q`, `topic` repeatable, `lang`, `from`, `to`, `kind`),
 * and its page (`page`, `per_page`). Anything malformed is a 400 naming each parameter at
 * fault; `requireQuery: false` lets a page without `q` show an empty search box (null).
 */
export function readSearch(params: URLSearchParams, options: { requireQuery: boolean } = { requireQuery: true }): { search: SearchRequest | null; paging: Paging } {
  const errors: FieldError[] = [];
  const rawQ = single(params, 'q', errors);
  const query = rawQ === undefined && !options.requireQuery ? null : checkQuery(rawQ);
  if (query && 'field' in query) errors.push(query);
  const topics = [...new Set(params.getAll('topic').map((t) => normalizeTopic(t)))].filter((t) => t !== '').sort();
  topics.forEach((t, i) => {
    if (!isTopic(t)) errors.push({ field: 'topic', message: `"${t.slice(0, 60)}" is not a topic: lower-case letters and digits joined by hyphens` });
    if (i === 20) errors.push({ field: 'topic', message: 'must be given at most 20 times' });
  });
  const langRaw = single(params, 'lang', errors)?.toLowerCase();
  const lang = langRaw?.split('-')[0];
  if (langRaw !== undefined && !/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/.test(langRaw)) errors.push({ field: 'lang', message: 'must be a language tag such as "en" or "zh"' });
  const from = single(params, 'from', errors);
  const to = single(params, 'to', errors);
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (value !== undefined && !isIsoDate(value)) errors.push({ field: name, message: 'must be a date written YYYY-MM-DD' });
  }
  if (from && to && isIsoDate(from) && isIsoDate(to) && to < from) errors.push({ field: 'to', message: 'must not be before from' });
  const kind = single(params, 'kind', errors);
  if (kind !== undefined && !(EVENT_KINDS as readonly string[]).includes(kind)) errors.push({ field: 'kind', message: `must be one of ${EVENT_KINDS.join(', ')}` });
  const page = positive(params, 'page', 1, 10_000, errors);
  const perPage = positive(params, 'per_page', DEFAULT_PER_PAGE, MAX_PER_PAGE, errors);
  if (errors.length > 0) throw new Problem(400, 'The search has invalid parameters.', errors);
  const search = query && !('field' in query) ? { q: query.q, terms: query.terms, topics, lang, from, to, kind } : null;
  return { search, paging: { page, perPage } };
}

/**
 * The search as URL parameters in one order and one encoding (q, topic…, lang, kind, from,
 * to; `%20` for a space), so the same search always has the same address: a feed's self
 * link is exactly the link the results page gives to it.
 */
export function canonicalParams(search: SearchRequest): string {
  const pairs: [string, string][] = [['q', search.q], ...search.topics.map((t): [string, string] => ['topic', t])];
  if (search.lang) pairs.push(['lang', search.lang]);
  if (search.kind) pairs.push(['kind', search.kind]);
  if (search.from) pairs.push(['from', search.from]);
  if (search.to) pairs.push(['to', search.to]);
  return pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

/** Midnight at the start of `day` (YYYY-MM-DD) in `zone`, epoch ms. */
export function startOfDay(day: string, zone: string): number {
  const utc = Date.parse(`${day}T00:00:00Z`);
  // The offset at the guessed instant, then again at the corrected one (a day that starts at a change of offset).
  const first = utc - zoneOffsetAt(zone, utc) * 60_000;
  return utc - zoneOffsetAt(zone, first) * 60_000;
}

/** The day after `day` (YYYY-MM-DD). */
export const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
