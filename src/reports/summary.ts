import { truncate } from './text.ts';

const SENTENCE_END = /[.!?。！？](?=\s|$)|[。！？]/gu;

/**
 * A plain-text lead taken from the start of a body's text: whole sentences up to about
 * `max` characters, or the first sentence cut at a word if it alone is longer.
 *
 * @example leadOf('One. Two. Three.', 9) // 'One. Two.'
 */
export function leadOf(plain: string, max = 280): string {
  // Only the start matters; cutting first keeps a 1 MiB body from being counted in full.
  const head = plain.slice(0, max * 16);
  const whole = head.length === plain.length;
  const text = head.replace(/\s+/gu, ' ').trim();
  if (whole && Array.from(text).length <= max) return text;
  let end = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const next = match.index + match[0].length;
    if (Array.from(text.slice(0, next)).length > max) break;
    end = next;
  }
  return end > 0 ? text.slice(0, end).trim() : truncate(text, max, whole);
}
