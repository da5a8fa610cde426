import { bestEffort } from '../common/log.ts';
import { placeIn } from '../events/when.ts';
import type { Report } from '../reports/schema.ts';
import type { ReportIndex } from '../reports/report-index.ts';
import { truncate } from '../reports/text.ts';
import { type ArchiveMeta, monthKey, monthPrefix, periodKey, type PeriodMeta, periodPrefix, periodsChangedKey } from './keys.ts';
import { monthOf } from '../reports/dates.ts';
import { everyLanguage, inLanguage, type Scope, scopeId, scopesOf } from '../common/scope.ts';
import { langOfTag } from '../common/i18n/index.ts';

/*
 * The archive's indexes: every report of a scope by month (`month:` keys, whose metadata
 * lists a report with no read), and the months that have reports (`period:` keys, a few
 * hundred at most, so one listing gives every month of a scope). KV lists only by prefix;
 * these prefixes are what the archive pages list, so a page lists what it shows and no more.
 */

const encoder = new TextEncoder();

/** `text` cut (on grapheme and word boundaries) until its JSON is at most `maxBytes` of UTF-8. */
export function fitBytes(text: string, maxBytes: number): string {
  const size = (t: string) => encoder.encode(JSON.stringify(t)).length;
  if (size(text) <= maxBytes) return text;
  // JSON escapes (control characters, lone surrogates) take up to 6 bytes per character.
  let max = Math.max(1, Math.floor(maxBytes / 4));
  let cut = truncate(text, max);
  while (size(cut) > maxBytes && max > 1) {
    max = Math.floor(max * 0.75);
    cut = truncate(text, max);
  }
  return cut;
}

/** The archive listing of a report: title and event line cut to stay far below KV's 1024-byte metadata limit. */
export function archiveMetaOf(report: Report): ArchiveMeta {
  const meta: ArchiveMeta = { s: report.slug, p: Date.parse(report.published), u: Date.parse(report.updated), d: report.draft, t: fitBytes(report.title, 300), l: report.lang, ...(report.translation_key ? { k: report.translation_key } : {}) };
  const event = report.event;
  if (event) {
    const place = placeIn(report.lang, event);
    meta.v = { k: event.kind, n: fitBytes(event.name, 200), s: event.start, ...(event.end ? { e: event.end } : {}), ...(event.timezone ? { z: event.timezone } : {}), ...(place ? { w: fitBytes(place, 200) } : {}) };
  }
  return meta;
}

/** The month index keys of a report, one per scope it is listed in. */
export function monthKeysOf(report: Report): Map<string, ArchiveMeta> {
  const meta = archiveMetaOf(report);
  return new Map(scopesOf(report).map((scope) => [monthKey(scope, meta.p, report.slug), meta]));
}

/** Where a report that is not a draft is in the archive: a month of a scope, at a time, in an interface language (or none). */
interface Place {
  scope: Scope;
  month: string;
  p: number;
  lang: string | null;
}

/** The (scope, month) pairs a report that is not a draft puts in the archive. */
function placesOf(report: Report | null): Map<string, Place> {
  if (!report || report.draft) return new Map();
  const p = Date.parse(report.published);
  const month = monthOf(p);
  const lang = langOfTag(report.lang);
  return new Map(scopesOf(report).map((scope) => [periodKey(scope, month), { scope, month, p, lang }]));
}

/** Records that a scope's months changed, so archive pages built before rebuild their links. */
function markPeriodsChanged(kv: KVNamespace, scope: Scope, now: number): Promise<void> {
  const key = periodsChangedKey(scope);
  return bestEffort(key, kv.put(key, String(now)));
}

/**
 * Keeps the `period:` keys true after `previous` became `next` (either may be null; the
 * report's month keys are already written). A month a report enters costs one read (a write
 * only when the month is new or now public earlier); a month it leaves is listed to learn
 * whether anything remains. Concurrent writes to one month can leave a period key wrong
 * until the month's next write; `reindexPage` (reports) rebuilds them all.
 */
export async function updatePeriods(kv: KVNamespace, previous: Report | null, next: Report | null, now: number): Promise<void> {
  const before = placesOf(previous);
  const after = placesOf(next);
  const work: Promise<void>[] = [];
  for (const [key, place] of after) {
    const was = before.get(key);
    // Moved later within the month, or into another language: the earliest times may have been this report's own.
    if (was && (was.p < place.p || was.lang !== place.lang)) work.push(recountPeriod(kv, place.scope, place.month, now));
    else work.push(enterPeriod(kv, key, place, now));
  }
  for (const [key, place] of before) if (!after.has(key)) work.push(recountPeriod(kv, place.scope, place.month, now));
  await Promise.all(work);
}

async function enterPeriod(kv: KVNamespace, key: string, place: Place, now: number): Promise<void> {
  const { scope, p, lang } = place;
  const existing = await kv.getWithMetadata<PeriodMeta>(key);
  const meta = existing.value !== null ? existing.metadata : null;
  // A period key from before languages were tracked says nothing of the month's other languages.
  if (meta && !meta.n) return recountPeriod(kv, scope, place.month, now);
  if (meta && meta.p <= p && (lang === null || (meta.n?.[lang] ?? Number.POSITIVE_INFINITY) <= p)) return;
  const n = { ...meta?.n, ...(lang === null ? {} : { [lang]: Math.min(p, meta?.n?.[lang] ?? p) }) };
  await bestEffort(key, kv.put(key, '', { metadata: { p: Math.min(p, meta?.p ?? p), n } satisfies PeriodMeta }));
  await markPeriodsChanged(kv, scope, now);
}

/** Sets a month's period key from its month keys: the earliest non-draft time, overall and per language, or none. */
async function recountPeriod(kv: KVNamespace, scope: Scope, month: string, now: number): Promise<void> {
  const reports = await listPeriod(kv, scope, month, Number.POSITIVE_INFINITY, 1000);
  const key = periodKey(scope, month);
  if (reports.items.length === 0) await bestEffort(key, kv.delete(key));
  else await bestEffort(key, kv.put(key, '', { metadata: periodMetaOf(reports.items) }));
  await markPeriodsChanged(kv, scope, now);
}

/** A period key's metadata from the month's listed reports (at least one). */
export function periodMetaOf(items: ArchiveMeta[]): PeriodMeta {
  const n: Partial<Record<string, number>> = {};
  for (const item of items) {
    const lang = langOfTag(item.l);
    if (lang) n[lang] = Math.min(item.p, n[lang] ?? item.p);
  }
  return { p: Math.min(...items.map((item) => item.p)), n };
}

/** A month of a scope that has a report that is not a draft. */
export interface Period {
  /** `YYYY-MM` */
  month: string;
  /** When its first report is (or was) public, epoch ms. */
  p: number;
  /** The same per interface language; absent on a period key written before languages were tracked. */
  n?: Partial<Record<string, number>>;
}

/** Every month of a scope with a report that is not a draft, oldest first: one listing per thousand months. */
export async function listPeriods(kv: KVNamespace, scope: Scope): Promise<Period[]> {
  const periods: Period[] = [];
  let cursor: string | undefined;
  const prefix = periodPrefix(scope);
  do {
    const page = await kv.list<PeriodMeta>({ prefix, cursor, limit: 1000 });
    cursor = page.list_complete ? undefined : page.cursor;
    for (const key of page.keys) if (key.metadata) periods.push({ month: key.name.slice(prefix.length), p: key.metadata.p, ...(key.metadata.n ? { n: key.metadata.n } : {}) });
  } while (cursor);
  return periods;
}

/** When a scope's months last changed (epoch ms, 0 if never). */
export async function periodsChangedAt(kv: KVNamespace, scope: Scope): Promise<number> {
  return Number((await kv.get(periodsChangedKey(scope))) ?? 0) || 0;
}

export interface PeriodListing {
  /** The period's reports public at `now`, oldest first, at most the limit asked for. */
  items: ArchiveMeta[];
  /** More public reports follow the last one listed. */
  more: boolean;
  /** The earliest time after `now` a report of the period becomes public, or null. */
  nextChange: number | null;
}

/**
 * The reports of a scope in a period (`2022-08`, or `2022-` for a year) public at `now`,
 * oldest first, from the month keys alone: no read per report. Listing stops after `limit`.
 * A report whose month key is stale (it moved, and the old key is not yet deleted) is
 * listed once, under its latest key.
 */
export async function listPeriod(kv: KVNamespace, scope: Scope, period: string, now: number, limit: number): Promise<PeriodListing> {
  const prefix = `${monthPrefix(scope, period)}${period.length === 7 ? ':' : ''}`;
  const bySlug = new Map<string, ArchiveMeta>();
  let nextChange: number | null = null;
  let more = false;
  let cursor: string | undefined;
  do {
    const page = await kv.list<ArchiveMeta>({ prefix, cursor, limit: Math.min(1000, limit + 1) });
    cursor = page.list_complete ? undefined : page.cursor;
    for (const { metadata: meta } of page.keys) {
      if (!meta || meta.d) continue;
      if (meta.p > now) {
        nextChange = nextChange === null ? meta.p : Math.min(nextChange, meta.p);
        continue;
      }
      if (bySlug.size >= limit && !bySlug.has(meta.s)) {
        more = true;
        cursor = undefined;
        break;
      }
      bySlug.delete(meta.s);
      bySlug.set(meta.s, meta);
    }
  } while (cursor);
  const items = [...bySlug.values()].sort((a, b) => a.p - b.p || (a.s < b.s ? -1 : 1));
  return { items, more, nextChange };
}

/** Where the rendered archive page or feed of a period is kept. */
export const archiveCopyKey = (scope: Scope, id: string, format: 'html' | 'atom' | 'json') => `render:archive:${scopeId(scope)}:${id}:${format}`;

/**
 * The rendered archive copies a report appears in, in every language (a version's change can
 * change which version another language lists), to drop when it changes: its month's feeds
 * in every language, and in each language its month's page, feeds and its year's page.
 */
export function archiveCopiesOf(report: Report | null): string[] {
  if (!report) return [];
  const month = monthOf(Date.parse(report.published));
  return scopesOf(report).flatMap(everyLanguage).flatMap((scope) => [
    ...(scope.lang ? (['html', 'atom', 'json'] as const) : (['atom', 'json'] as const)).map((format) => archiveCopyKey(scope, month, format)),
    ...(scope.lang ? [archiveCopyKey(scope, month.slice(0, 4), 'html')] : []),
  ]);
}

/** When each scope's months last changed, as this isolate last read it (half a minute, like rendered copies). */
const generations = new Map<string, { gen: number; until: number }>();

export async function generation(kv: KVNamespace, scope: Scope, now: number): Promise<number> {
  const id = scopeId(inLanguage(scope, null));
  const known = generations.get(id);
  if (known && now < known.until) return known.gen;
  const gen = await periodsChangedAt(kv, scope);
  generations.delete(id);
  generations.set(id, { gen, until: now + 30_000 });
  if (generations.size > 1000) generations.delete(generations.keys().next().value!);
  return gen;
}

/** Forgets the month generations this isolate read: of `scopes` (after a write through it), or all. */
export function forgetGenerations(scopes?: Scope[]): void {
  if (!scopes) generations.clear();
  else for (const scope of scopes) generations.delete(scopeId(inLanguage(scope, null)));
}

/** The archive's index: month keys written with the report, then its months kept true. */
export const archiveIndex: ReportIndex = { keysOf: monthKeysOf, settle: updatePeriods };

/** True when a report (slug, publication time) is listed in a scope's months: one read of its month key. */
export async function inScopeMonths(kv: KVNamespace, scope: Scope, p: number, slug: string): Promise<boolean> {
  return (await kv.get(monthKey(scope, p, slug))) !== null;
}
