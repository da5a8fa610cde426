/**
 * The search text of Herald: one pure function turns a report's text into the tokens the
 * index holds, and the same function turns a reader's query into the tokens it asks for,
 * so the two can never disagree.
 *
 * - Text is NFKC-folded (full-width ＡＡＬＣＯ is AALCO), lower-cased, and Latin, Greek and
 *   Cyrillic letters lose their diacritics (Genève is geneve).
 * - A run of letters and digits outside Han is one word.
 * - A run of Han characters becomes its overlapping two-character pairs (网络主权: 网络 络主
 *   主权), in order, so a many-character word is a phrase of pairs; every character is also
 *   a token of its own, kept apart (see {@link indexText}), so a one-character query finds
 *   any report holding that character. A lone Han character is its own pair.
 *
 * SQLite's `unicode61` tokenizer then only has to split on the spaces between tokens: it
 * would keep a whole Chinese run as one word, and `trigram` cannot find two characters.
 */

const HAN = /\p{Script=Han}/u;
const DIACRITIC_BASE = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;
const MARK = /\p{M}/u;
/** A word character that is not Han: letters and digits of every other script. */
const WORD = /[\p{L}\p{N}]/u;

const folded = new Map<string, string>();

/**
 * One code point folded: NFKC, lower case, and a Latin, Greek or Cyrillic letter without
 * its accents. Folding code point by code point (rather than the whole text at once) lets
 * a snippet map every folded character back to where it was in the original.
 */
export function foldChar(char: string): string {
  const code = char.codePointAt(0)!;
  if (code < 0x80) return char.toLowerCase();
  if (code >= 0x4e00 && code <= 0x9fff) return char;
  let known = folded.get(char);
  if (known === undefined) {
    const nfkc = char.normalize('NFKC').toLowerCase();
    let out = '';
    for (const part of nfkc) {
      const decomposed = part.normalize('NFD');
      const base = decomposed.codePointAt(0)!;
      out += DIACRITIC_BASE.test(String.fromCodePoint(base)) ? [...decomposed].filter((c) => !MARK.test(c)).join('') : part;
    }
    // A combining mark on its own (after a letter written decomposed) belongs to that letter: drop it.
    known = MARK.test(char) && !WORD.test(char) ? '' : out;
    if (folded.size < 10_000) folded.set(char, known);
  }
  return known;
}

/** `text` folded (see {@link foldChar}). */
export function fold(text: string): string {
  let out = '';
  for (const char of text) out += foldChar(char);
  return out;
}

/** A run of text of one kind: Latin-like word, or Han. */
export interface Run {
  han: boolean;
  text: string;
}

/** The words and Han runs of folded text, in order; everything else separates them. */
export function runsOf(foldedText: string): Run[] {
  const runs: Run[] = [];
  let current: Run | null = null;
  for (const char of foldedText) {
    const han = HAN.test(char);
    if (!han && !WORD.test(char)) {
      current = null;
      continue;
    }
    if (!current || current.han !== han) {
      current = { han, text: '' };
      runs.push(current);
    }
    current.text += char;
  }
  return runs;
}

/** The tokens a run stands for in the phrase stream: a word as itself, a Han run as its pairs. */
export function pairsOf(run: Run): string[] {
  if (!run.han) return [run.text];
  const chars = [...run.text];
  if (chars.length === 1) return chars;
  return chars.slice(1).map((char, i) => chars[i]! + char);
}

/** The tokens of `text` in order (words and Han pairs): what a phrase is matched against. */
export function phraseTokens(text: string): string[] {
  return runsOf(fold(text)).flatMap(pairsOf);
}

/**
 * What the index holds for one field of a report: its phrase tokens in order, then every
 * Han character on its own. The single characters come after the phrase tokens rather than
 * between them, so that the pairs of a run stay next to each other and a phrase of pairs
 * (网络 络主 主权) matches only where the characters are next to each other in the text.
 *
 * @example indexText('AALCO 网络治理') // 'aalco 网络 络治 治理 网 络 治 理'
 */
export function indexText(text: string): string {
  const runs = runsOf(fold(text));
  const phrase = runs.flatMap(pairsOf);
  const singles = runs.flatMap((run) => (run.han && [...run.text].length > 1 ? [...run.text] : []));
  return [...phrase, ...singles].join(' ');
}
