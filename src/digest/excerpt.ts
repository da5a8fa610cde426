/**
 * A summary of a few sentences, cut where a reader expects a cut: after a whole sentence,
 * or, when even the first sentence is too long, between two graphemes (a Chinese
 * character or an emoji with its modifiers is never split), with an ellipsis.
 *
 * @example excerpt('One. Two. Three.', 10) // 'One. Two.'
 */
export function excerpt(text: string, max = 320, lang = 'en'): string {
  const clean = text.replace(/\s+/gu, ' ').trim();
  // Only the start matters; a grapheme is rarely longer than 16 UTF-16 units.
  const window = clean.slice(0, max * 16);
  const graphemes = [...new Intl.Segmenter(lang, { granularity: 'grapheme' }).segment(window)].map((s) => s.segment);
  // The window's last grapheme may have been cut by the slice: never use it.
  if (window.length < clean.length) graphemes.pop();
  if (graphemes.length <= max && window.length === clean.length) return clean;
  const head = graphemes.slice(0, max).join('');
  let kept = '';
  for (const { segment } of new Intl.Segmenter(lang, { granularity: 'sentence' }).segment(head)) {
    // The head's last sentence may continue past the cut: only whole sentences are kept.
    if (kept.length + segment.length >= head.length) break;
    kept += segment;
  }
  if (kept.trim() !== '') return kept.trim();
  return `${graphemes.slice(0, max - 1).join('').trimEnd()}…`;
}
