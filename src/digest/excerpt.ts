/**
 * A summary of a few sentences, cut where a reader expects a cut: after a whole sentence,
 * or, when even the first sentence is too long, between two graphemes (a Chinese
 * character or an emoji with its modifiers is never split), with an ellipsis.
 *
 * @example excerpt('One. Two. Three.', 10) // 'One. Two.'
 */
export function excerpt(text: string, max = 320, lang = 'en'): string {
  const clean = text.replace(/\s+/gu, ' ').trim();
  const graphemes = [...new Intl.Segmenter(lang, { granularity: 'grapheme' }).segment(clean.slice(0, max * 4))].map((s) => s.segment);
  if (graphemes.length <= max && clean.length <= max * 4) return clean;
  let kept = '';
  let count = 0;
  for (const { segment } of new Intl.Segmenter(lang, { granularity: 'sentence' }).segment(clean.slice(0, max * 4))) {
    const length = [...new Intl.Segmenter(lang, { granularity: 'grapheme' }).segment(segment.trimEnd())].length;
    if (count + length > max) break;
    kept += segment;
    count += [...new Intl.Segmenter(lang, { granularity: 'grapheme' }).segment(segment)].length;
  }
  if (kept.trim() !== '') return kept.trim();
  return `${graphemes.slice(0, max - 1).join('').trimEnd()}…`;
}
