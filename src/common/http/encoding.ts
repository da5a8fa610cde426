/** True when an Accept-Encoding value takes gzip (listed, and not with q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === 'x-gzip') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/**
 * True when the client that sent `request` takes gzip. Cloudflare (and wrangler dev)
 * rewrite every request's Accept-Encoding to "br, gzip" and keep what the client sent in
 * `cf.clientAcceptEncoding`: the decision is made on the client's own word.
 */
export function clientTakesGzip(request: Request): boolean {
  const clientEncoding = (request.cf as { clientAcceptEncoding?: string } | undefined)?.clientAcceptEncoding;
  return acceptsGzip(clientEncoding ?? request.headers.get('accept-encoding') ?? undefined);
}
