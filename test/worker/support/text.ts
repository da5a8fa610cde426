/** Text split into graphemes, as a reader's screen splits it. */
export function graphemes(text: string, lang = 'en'): string[] {
  return Array.from(new Intl.Segmenter(lang, { granularity: 'grapheme' }).segment(text), (s) => s.segment);
}

/**
 * True when `cut` (a summary, its ellipsis removed) is `source` up to a grapheme boundary of
 * `source`: nothing was split.
 */
export function cutAtGrapheme(source: string, cut: string, lang = 'en'): boolean {
  const kept = cut.endsWith('…') ? cut.slice(0, -1).trimEnd() : cut;
  if (!source.startsWith(kept)) return false;
  let at = 0;
  for (const g of graphemes(source, lang)) {
    if (at === kept.length) return true;
    at += g.length;
    if (at > kept.length) return false;
  }
  return at === kept.length;
}
