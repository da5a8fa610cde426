import { stripForbidden } from '../reports/text.ts';

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

/** Characters a validator may read as markup in text. */
export const MARKUP_CHARS = /[&<>]/;

/**
 * The RSS Profile's way to write `&`, `<` and `>` in an element that is text and not markup:
 * as hexadecimal character references. Feed validators (the W3C's among them) take an
 * entity such as `&amp;lt;` in a title, name or category for HTML unless it is written so.
 * `xml` is the element's XML-escaped text (or a CDATA section's content, which is raw).
 */
export function hexReferences(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&#x26;' : c === '<' ? '&#x3C;' : '&#x3E;'));
}

const XML_UNESCAPES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

/**
 * Rewrites the text of every `<tag>…</tag>` in `xml` (as `feed` writes it: escaped text, or one
 * CDATA section) with {@link hexReferences}. Only for elements whose text cannot contain markup
 * (titles, names): the content of items is CDATA, where no such start tag can occur as text.
 * `withAttributes` takes start tags with attributes too (RSS `<category domain="…">`).
 */
export function hexReferencesIn(xml: string, tag: string, withAttributes = false): string {
  const element = new RegExp(`<${tag}(${withAttributes ? '\\s[^>]*' : ''})?>(?:<!\\[CDATA\\[([^]*?)\\]\\]>|([^<]*))</${tag}>`, 'g');
  return xml.replace(element, (_match, attributes: string | undefined, cdata: string | undefined, escaped: string | undefined) => {
    const text = cdata ?? escaped!.replace(/&(?:amp|lt|gt|quot|apos);/g, (e) => XML_UNESCAPES[e]!);
    return `<${tag}${attributes ?? ''}>${hexReferences(text)}</${tag}>`;
  });
}

/** A value for an XML attribute written between double quotes: forbidden characters dropped, `&`, `"` and `<` escaped. */
export const attr = (value: string) => stripForbidden(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * Text for an attribute that is text and not markup (an enclosure's title): `&`, `<` and `>`
 * as hexadecimal references, as {@link hexReferences} writes elements, since validators read
 * `&copy;` in a decoded attribute as an HTML entity unless it is written so.
 */
export const textAttr = (text: string) => hexReferences(stripForbidden(text)).replace(/"/g, '&quot;');

/** `xml` with `edit` applied to the markup between its CDATA sections (where every report's text is), never inside one. */
export function outsideCdata(xml: string, edit: (markup: string) => string): string {
  return xml.split(/(<!\[CDATA\[[^]*?\]\]>)/).map((part, i) => (i % 2 === 1 ? part : edit(part))).join('');
}

/**
 * `xml` with `lines(i)` (each line already indented by one level) added before the end tag
 * of its `i`th element `tag` (`</entry>`, `</item>`), as `feed` indents them: what `feed` cannot
 * write in an item, written after it did.
 */
export function beforeEachEnd(xml: string, tag: string, lines: (i: number) => string[]): string {
  let closed = 0;
  const end = new RegExp(`\\n( *)</${tag}>`, 'g');
  return outsideCdata(xml, (markup) =>
    markup.replace(end, (_end, indent: string) => {
      const added = lines(closed++).map((line) => `\n${indent}    ${line}`);
      return `${added.join('')}\n${indent}</${tag}>`;
    }),
  );
}
