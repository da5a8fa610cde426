import type { Format } from '../feeds/model.tsx';
import { type Scope, scopeId } from './keys.ts';

/** What is kept beside a rendered body, so a request needs no other read. */
export interface RenderedMeta {
  etag: string;
  /** Last-Modified, epoch ms: the feed's newest change. */
  lm: number;
  /** After this time (epoch ms) the copy is rebuilt: the next scheduled report, or the refresh bound. */
  staleAt: number;
  /** The SITE_URL its links were built on: a copy built for another address is not used. */
  site: string;
  /** The value is the body gzip-compressed (copies without this mark are rebuilt). */
  gz: true;
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

const renderedKey = (scope: Scope, format: Format) => `render:${scopeId(scope)}:${format}`;

/** The rendered copy of a feed or list page, with its metadata, in one read. */
export async function getRendered(kv: KVNamespace, scope: Scope, format: Format): Promise<Rendered | null> {
  const { value, metadata } = await kv.getWithMetadata<RenderedMeta>(renderedKey(scope, format), 'arrayBuffer');
  return value !== null && metadata?.gz ? { gzipped: value, meta: metadata } : null;
}

export async function putRendered(kv: KVNamespace, scope: Scope, format: Format, rendered: Rendered): Promise<void> {
  await kv.put(renderedKey(scope, format), rendered.gzipped, { metadata: rendered.meta });
}

/** Drops the rendered copies of `scopes`; the next request for each rebuilds it. */
export async function invalidateRendered(kv: KVNamespace, scopes: Scope[]): Promise<void> {
  await Promise.all(scopes.flatMap((scope) => FORMATS.map((format) => kv.delete(renderedKey(scope, format)))));
}

/** Drops every rendered copy, e.g. after the site's address changed (they embed it). */
export async function dropAllRendered(kv: KVNamespace): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix: 'render:', cursor });
    await Promise.all(page.keys.map((key) => kv.delete(key.name)));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
}
