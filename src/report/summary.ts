import { markdownToText } from './markdown.ts';
import { truncate } from './text.ts';

const SENTENCE_END = /[.!?。！？](?=\s|$)|[。！？]/gu;

/**
 * A plain-text lead derived from the body's first sentences: whole sentences up to about
 * `max` characters, or the first sentence cut at a word if it alone is longer.
 *
 * @example deriveSummary('One. Two. Three.', 9) // 'One. Two.'
 */
export function deriveSummary(body: string, max = 280): string {
  const text = markdownToText(body).replace(/\s+/gu, ' ').trim();
  if (Array.from(text).length <= max) return text;
  let end = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const next = match.index + match[0].length;
    if (Array.from(text.slice(0, next)).length > max) break;
    end = next;
  }
  return end > 0 ? text.slice(0, end).trim() : truncate(text, max);
}

/** The summary an editor wrote, or one derived from the body. */
export function summaryOf(report: { summary?: string; body: string }): string {
  return report.summary || deriveSummary(report.body);
}
