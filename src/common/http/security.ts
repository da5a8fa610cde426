/**
 * Headers for every HTML page: no inline script may run, whatever a report contains (only
 * the site's own scripts: /assets/subscribe.js, which fills in the reader's time zone, and
 * /assets/follow.js, the copy buttons of /follow); styles from the site's stylesheet
 * (`'unsafe-inline'` stays while a form still carries a `style` attribute); forms post only
 * to the site; the page cannot be framed.
 */
export const HTML_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: http: data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};
