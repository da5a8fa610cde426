import { stripForbidden } from '../report/text.ts';

/*
 * Inputs prepared for the `feed` package, which has three defects for our content:
 * it passes characters XML forbids straight through, it splits only the first `]]>` of a
 * CDATA section, and it un-escapes `&amp;` in text before escaping `&` again (so a literal
 * "&amp;" would come out as "&"). Reports are validated on the way in; these helpers make
 * the renderers safe on their own as well.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Plain text as HTML text, for fields `feed` emits as HTML in CDATA (titles, summaries). */
export function textAsHtml(text: string): string {
  return stripForbidden(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** HTML for a CDATA section: `]]>` cannot occur in it, and neither can forbidden characters. */
export function htmlForCdata(html: string): string {
  return stripForbidden(html).replaceAll(']]>', ']]&gt;');
}

/** Plain text for an XML text node written by `feed` (see the note above on `&amp;`). */
export function xmlText(text: string): string {
  return stripForbidden(text).replaceAll('&amp;', '&amp;amp;');
}
