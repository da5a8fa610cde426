import { bestEffort } from './log.ts';
import { type Scope, scopeId } from './scope.ts';

/** What is kept beside a rendered body, so a request needs no other read. */
/** The forms a scope's list is rendered in: three feeds and the HTML page. */
export type Format = 'rss' | 'atom' | 'json' | 'html';

export interface RenderedMeta {
  etag: string;
  /** Last-Modified, epoch ms: the feed's newest change. */
  lm: number;
  /** After this time (epoch ms) the copy is rebuilt: the next scheduled report, or the refresh bound. */
  staleAt: number;
  /** The site settings it was built with (see `siteFingerprint`): a copy built for another address, title or hub is not used. */
  site: string;
  /** The Worker version that rendered it: a new deploy (new templates) rebuilds every copy once. */
  ver: string;
  /** The value is the body gzip-compressed (copies without this mark are rebuilt). */
  gz: true;
  /** Archive copies: when the scope's months had last changed (their period links depend on it). */
  gen?: number;
}

/** A rendered body, kept and served gzip-compressed: a fifteenth of the bytes for a full feed. */
export interface Rendered {
  gzipped: ArrayBuffer;
  meta: RenderedMeta;
}

/** Compresses a rendered body for storing and serving. */
export async function gzip(text: string): Promise<ArrayBuffer> {
  return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
}

/** The plain body of a gzip-compressed one, as a stream, for clients that do not take gzip. */
export function gunzip(bytes: ArrayBuffer): ReadableStream<Uint8Array> {
  return new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
}

const FORMATS: Format[] = ['rss', 'atom', 'json', 'html'];

/** Where the rendered copy of a scope's feed or list page is kept. */
export const renderedKey = (scope: Scope, format: Format) => `render:${scopeId(scope)}:${format}`;

/**
 * Copies this isolate read or built in the last half minute: a feed polled by many readers
 * costs no KV read at all then. Half a minute is within KV's own delay in showing a write
 * to other locations (up to a minute), so the memory adds no new kind of staleness; writes
 * through this isolate drop their scopes from it at once.
 */
const MEMORY_MS = 30_000;
const MEMORY_ENTRIES = 64;
const memory = new Map<string, { rendered: Rendered; until: number }>();

function remember(key: string, rendered: Rendered, now: number): void {
  memory.delete(key);
  memory.set(key, { rendered, until: Math.min(rendered.meta.staleAt, now + MEMORY_MS) });
  if (memory.size > MEMORY_ENTRIES) memory.delete(memory.keys().next().value!);
}

/**
 * Topics this isolate found without a public report, until when: bots probing random topic
 * names cost one listing per name and refresh bound, not one per request. Bounded; a write
 * through this isolate to a topic forgets it at once.
 */
const ABSENT_ENTRIES = 1000;
const absent = new Map<string, number>();

/** What is absent: the scope's reports (feeds, pages), its events, or its archive. */
export type Absence = 'reports' | 'events' | 'archive';
const ABSENCES: Absence[] = ['reports', 'events', 'archive'];
const absentId = (scope: Scope, what: Absence) => `${what}:${scopeId(scope)}`;

/** Remembers that `scope` has no public report (or event, or archive month) until `until`. */
export function rememberAbsent(scope: Scope, until: number, what: Absence = 'reports'): void {
  const id = absentId(scope, what);
  absent.delete(id);
  absent.set(id, until);
  if (absent.size > ABSENT_ENTRIES) absent.delete(absent.keys().next().value!);
}

/** True while `scope` is remembered to have no public report (or event, or archive month). */
export function knownAbsent(scope: Scope, now: number, what: Absence = 'reports'): boolean {
  const until = absent.get(absentId(scope, what));
  return until !== undefined && now < until;
}

/** Empties this isolate's memory of rendered copies (KV keeps them) and of absent topics. */
export function forgetRendered(): void {
  memory.clear();
  absent.clear();
}

/** The rendered copy of a feed or list page, with its metadata: from memory, or in one read. */
export function getRendered(kv: KVNamespace, scope: Scope, format: Format, now: number): Promise<Rendered | null> {
  return getRenderedAt(kv, renderedKey(scope, format), now);
}

/** The rendered copy stored at `key` (a `render:` key), from memory or in one read. */
export async function getRenderedAt(kv: KVNamespace, key: string, now: number): Promise<Rendered | null> {
  const remembered = memory.get(key);
  if (remembered && now < remembered.until) return remembered.rendered;
  const { value, metadata } = await kv.getWithMetadata<RenderedMeta>(key, 'arrayBuffer');
  if (value === null || !metadata?.gz) return null;
  const rendered = { gzipped: value, meta: metadata };
  remember(key, rendered, now);
  return rendered;
}


export async function putRenderedAt(kv: KVNamespace, key: string, rendered: Rendered, now: number): Promise<void> {
  remember(key, rendered, now);
  // Two readers rebuilding the same copy at once both write it; one refused write loses nothing.
  await bestEffort(key, kv.put(key, rendered.gzipped, { metadata: rendered.meta }));
}

/**
 * Stores a rebuilt copy unless a write landed while it was being built: the copy is put
 * first, then `written()` (one read of the write marker) is asked, and a copy built from
 * reads made before a write is dropped again. Either the rebuild sees the write's marker,
 * or the write's own drop of the copies comes after this put: a stale copy never stands.
 * The reader who asked still gets the copy (their request began before the write).
 */
export async function putRebuilt(kv: KVNamespace, key: string, rendered: Rendered, now: number, written: () => Promise<boolean>): Promise<void> {
  await putRenderedAt(kv, key, rendered, now);
  if (!(await written())) return;
  memory.delete(key);
  await bestEffort(key, kv.delete(key));
}

/** Drops the rendered copies of `scopes` (and `more` copies by key); the next request for each rebuilds it. */
export async function invalidateRendered(kv: KVNamespace, scopes: Scope[], more: string[] = []): Promise<void> {
  const keys = [...scopes.flatMap((scope) => FORMATS.map((format) => renderedKey(scope, format))), ...more];
  for (const key of keys) memory.delete(key);
  for (const scope of scopes) for (const what of ABSENCES) absent.delete(absentId(scope, what));
  // Concurrent writes to one scope delete the same keys; a delete refused for the rate limit
  // is one another request has just made.
  await Promise.all(keys.map((key) => bestEffort(key, kv.delete(key))));
}

/** Drops every rendered copy, e.g. when local templates changed under an unchanged version id. */
export async function dropAllRendered(kv: KVNamespace): Promise<void> {
  forgetRendered();
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix: 'render:', cursor });
    await Promise.all(page.keys.map((key) => kv.delete(key.name)));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
}
