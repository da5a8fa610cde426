import { foldChar } from './tokens.ts';
import type { Term } from './query.ts';

/** Folded text with, for each of its UTF-16 units, where its character began in the original. */
interface Folded {
  text: string;
  origin: number[];
}

function foldWithOrigin(original: string): Folded {
  let text = '';
  const origin: number[] = [];
  let at = 0;
  for (const char of original) {
    const out = foldChar(char);
    text += out;
    for (let i = 0; i < out.length; i++) origin.push(at);
    at += char.length;
  }
  origin.push(at);
  return { text, origin };
}

/** Letters and digits outside Han: a word must not continue into one of them. */
const WORD_CHAR = '(?:(?!\\p{Script=Han})[\\p{L}\\p{N}])';
const EDGE_BEFORE = `(?<!${WORD_CHAR})`;
const EDGE_AFTER = `(?!${WORD_CHAR})`;

/**
 * A pattern finding `term` in folded text: its runs in order, with nothing but separators
 * between them (a quoted phrase `due diligence` also finds `due-diligence`), a word only as
 * a whole word; a Chinese run anywhere.
 */
function termPattern(term: Term): string {
  const parts = term.runs.map((run) => (run.han ? run.text : `${EDGE_BEFORE}${run.text}${EDGE_AFTER}`));
  return parts.join('[^\\p{L}\\p{N}]*');
}

/** Where the terms occur in `original`: [start, end) pairs in its UTF-16 offsets, in order, not overlapping. */
export function matchesIn(original: string, terms: Term[]): [number, number][] {
  if (terms.length === 0 || original === '') return [];
  const folded = foldWithOrigin(original);
  // Longer terms first, so a phrase wins over a word inside it.
  const patterns = terms.map(termPattern).sort((a, b) => b.length - a.length);
  const pattern = new RegExp(patterns.join('|'), 'gu');
  const found: [number, number][] = [];
  for (const match of folded.text.matchAll(pattern)) {
    if (match[0].length === 0) continue;
    const start = folded.origin[match.index]!;
    const end = folded.origin[match.index + match[0].length] ?? original.length;
    const last = found.at(-1);
    if (last && start < last[1]) continue;
    found.push([start, end]);
  }
  return found;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** `text` as HTML with each match in `<mark>` and everything else escaped. */
export function highlight(text: string, terms: Term[]): string {
  return markRange(text, matchesIn(text, terms), 0, text.length);
}

function markRange(text: string, matches: [number, number][], from: number, to: number): string {
  let html = '';
  let at = from;
  for (const [start, end] of matches) {
    if (end <= from || start >= to) continue;
    html += escapeHtml(text.slice(at, Math.max(at, start)));
    html += `<mark>${escapeHtml(text.slice(Math.max(at, start), Math.min(end, to)))}</mark>`;
    at = Math.min(end, to);
  }
  return html + escapeHtml(text.slice(at, to));
}

/** Does this stretch of text read as words separated by spaces (English) rather than Chinese? */
const spaced = (text: string) => (text.match(/ /g)?.length ?? 0) * 12 > text.length;

/** Moves `at` to the nearest space at or before it (within 20 characters) so a cut falls between words. */
function wordStart(text: string, at: number): number {
  if (at <= 0) return 0;
  const space = text.lastIndexOf(' ', at);
  return space >= 0 && at - space <= 20 ? space + 1 : at;
}

function wordEnd(text: string, at: number): number {
  if (at >= text.length) return text.length;
  const space = text.indexOf(' ', at);
  return space >= 0 && space - at <= 20 ? space : at;
}

/**
 * A short passage of `text` around the first match of `terms`, as HTML: the matches in
 * `<mark>`, the rest escaped, `…` where the passage was cut. About `width` characters (half
 * that for Chinese, whose characters each carry more); the opening of the text, unmarked,
 * when nothing matches in it (the match was in the title or the speakers).
 *
 * @example snippet('… the Wuzhen Summit …', parseQuery('wuzhen')) // '… the <mark>Wuzhen</mark> Summit …'
 */
export function snippet(text: string, terms: Term[], width = 220): string {
  const matches = matchesIn(text, terms);
  const first = matches[0];
  const chars = (from: number) => (spaced(text.slice(from, from + width)) ? width : Math.round(width / 2));
  let from = 0;
  if (first) {
    const span = chars(Math.max(0, first[0] - width / 2));
    from = first[0] - Math.round(span / 3);
    from = from <= 0 ? 0 : wordStart(text, from);
  }
  const span = chars(from);
  let to = Math.min(text.length, from + span);
  to = to >= text.length ? text.length : wordEnd(text, to);
  // Never cut a surrogate pair in half.
  if (to < text.length && /[\uD800-\uDBFF]/.test(text[to - 1]!)) to++;
  if (from > 0 && /[\uDC00-\uDFFF]/.test(text[from]!)) from++;
  return `${from > 0 ? '…' : ''}${markRange(text, matches, from, to).trim()}${to < text.length ? '…' : ''}`;
}
