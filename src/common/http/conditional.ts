/**
 * True when a conditional GET can be answered 304. `If-None-Match` wins when present
 * (RFC 9110 §13.2.2); otherwise `If-Modified-Since` is compared as a date, and ignored
 * when it is not a date or lies in the future (some readers send made-up values).
 */
export function notModified(headers: Headers, etag: string, lastModifiedMs: number, now: number): boolean {
  const ifNoneMatch = headers.get('if-none-match');
  if (ifNoneMatch !== null) {
    return ifNoneMatch
      .split(',')
      .map((tag) => tag.trim().replace(/^W\//, ''))
      .some((tag) => tag === '*' || tag === etag);
  }
  const ifModifiedSince = headers.get('if-modified-since');
  if (ifModifiedSince === null) return false;
  const since = Date.parse(ifModifiedSince);
  if (Number.isNaN(since) || since > now) return false;
  return Math.floor(lastModifiedMs / 1000) * 1000 <= since;
}

/** The validators and caching headers of a representation. */
export function cacheHeaders(etag: string, lastModifiedMs: number, maxAge: number): Record<string, string> {
  return {
    etag,
    'last-modified': new Date(lastModifiedMs).toUTCString(),
    'cache-control': `public, max-age=${maxAge}`,
  };
}

/** A strong ETag of a body: the first 128 bits of its SHA-256, in hex. */
export async function etagOf(body: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body));
  return `"${[...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')}"`;
}
