/**
 * Characters that XML 1.0 forbids or that carry no meaning in a report: C0 controls other
 * than tab, LF and CR; DEL and C1 controls; the non-characters U+FFFE and U+FFFF; and
 * unpaired surrogates (which would not survive UTF-8 encoding).
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
const FORBIDDEN_GLOBAL = new RegExp(FORBIDDEN.source, 'gu');

/** True when `text` holds a character no report may contain. */
export function hasForbiddenChar(text: string): boolean {
  return FORBIDDEN.test(text);
}

/** Any character that might be forbidden; surrogates count, paired or not. Cheap to test. */
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Removes forbidden characters: a last line of defence before text enters XML. */
export function stripForbidden(text: string): string {
  // The precise pattern (with look-around for unpaired surrogates) is slow on long HTML;
  // most text has no suspect character at all and is returned as it is.
  return SUSPECT.test(text) ? text.replace(FORBIDDEN_GLOBAL, '') : text;
}

/** One line of text: runs of whitespace (newlines included) become one space, ends trimmed. */
export function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** Multi-line text with Unix line ends and no trailing whitespace at the end. */
export function normalizeLines(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\s+$/u, '');
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** True for a URL-safe slug: lower-case ASCII letters and digits joined by single hyphens. */
export function isSlug(value: string): boolean {
  return SLUG.test(value);
}

/**
 * Derives a slug from a date and a title, or null when most of the title's letters are
 * outside the Latin alphabet (Chinese, Arabic), or it has none: such a report takes its translation
 * group's key and language (`2022-rule-of-law-workshop-zh`), see `slugFor`.
 *
 * @example deriveSlug('2022-08-12T00:00:00.000Z', 'Workshop on Law') // '2022-08-12-workshop-on-law'
 */
export function deriveSlug(publishedIso: string, title: string): string | null {
  const date = publishedIso.slice(0, 10);
  const folded = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  // A title mostly in another script (Chinese, Arabic…) gives no slug a reader could make sense of.
  const letters = folded.replace(/[^\p{L}]/gu, '');
  const latin = letters.replace(/[^a-z]/gi, '').length;
  if (latin === 0 || latin <= letters.length - latin) return null;
  let words = folded
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (words.length > 80) words = words.slice(0, 80).replace(/-[^-]*$/, '');
  return words ? `${date}-${words}`.replace(/-+$/, '') : null;
}

/** Kept here for the modules that import it from the reports core. */
export { fnv1a } from '../common/hash.ts';

/**
 * Truncates `text` to at most `max` characters (graphemes: an emoji with its modifiers or
 * a flag counts as one and is never split) at a word boundary, adding an ellipsis.
 * `complete` false says `text` is only the start of a longer text (cut anywhere).
 */
export function truncate(text: string, max: number, complete = true): string {
  // Only the start matters; a grapheme is rarely longer than 16 UTF-16 units.
  const window = text.slice(0, max * 16);
  const whole = complete && window.length === text.length;
  const graphemes = Array.from(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(window), (s) => s.segment);
  if (whole && graphemes.length <= max) return text;
  // Where the text goes on, the window's last grapheme may have been cut: never use it.
  if (!whole) graphemes.pop();
  const cut = graphemes.slice(0, max - 1).join('');
  const atSpace = cut.replace(/\s+\S*$/u, '');
  return `${Array.from(atSpace).length > max / 2 ? atSpace : cut}…`;
}

/** UTF-8 bytes of `text`, counted without encoding it (a lone surrogate counts as the 3 bytes of U+FFFD). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a pair: two units, four bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}
