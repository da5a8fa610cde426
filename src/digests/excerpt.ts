const graphemesOf = (text: string, lang: string) => Array.from(new Intl.Segmenter(lang, { granularity: 'grapheme' }).segment(text), (s) => s.segment);

/**
 * A summary of a few sentences, cut where a reader expects a cut: after a whole sentence,
 * or, when even the first sentence is too long, between two graphemes (a Chinese
 * character or an emoji with its modifiers is never split), with an ellipsis. `complete`
 * false says `text` is only the start of a longer text: its end is then never kept as if
 * it were whole.
 *
 * @example excerpt('One. Two. Three.', 10) // 'One. Two.'
 */
export function excerpt(text: string, max = 320, lang = 'en', complete = true): string {
  const clean = text.replace(/\s+/gu, ' ').trim();
  // Only the start matters; a grapheme is rarely longer than 16 UTF-16 units.
  const window = clean.slice(0, max * 16);
  const whole = complete && window.length === clean.length;
  const graphemes = graphemesOf(window, lang);
  // Where the text goes on, its last grapheme here may have been cut: never use it.
  if (!whole) graphemes.pop();
  if (whole && graphemes.length <= max) return clean;
  const head = graphemes.slice(0, max).join('');
  let kept = '';
  for (const { segment } of new Intl.Segmenter(lang, { granularity: 'sentence' }).segment(head)) {
    // The head's last sentence may continue past the cut: only whole sentences are kept.
    if (kept.length + segment.length >= head.length) break;
    kept += segment;
  }
  if (kept.trim() !== '') return kept.trim();
  const cut = graphemes.slice(0, max - 1).join('').trimEnd();
  return cut === '' ? '' : `${cut}…`;
}
