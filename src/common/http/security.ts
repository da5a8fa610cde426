/**
 * Headers for every HTML page: no inline script may run, whatever a report contains (only
 * the site's own /assets/subscribe.js, which fills in the reader's time zone); forms post
 * only to the site; the page cannot be framed.
 */
export const HTML_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src https: http: data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};
