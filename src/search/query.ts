import { fold, pairsOf, runsOf, type Run } from './tokens.ts';

/**
 * One required part of a query: a word, a Chinese word, or a phrase in double quotes. Its
 * runs (words and Han runs, folded) must appear in this order, next to each other.
 */
export interface Term {
  runs: Run[];
  quoted: boolean;
}

/** The longest query a reader may send, in characters. */
export const MAX_QUERY_LENGTH = 200;

/** Quote marks a reader may type: ASCII, and the curly and corner quotes of English and Chinese keyboards. */
const QUOTES = new Set(['"', '“', '”', '„', '«', '»', '「', '」', '『', '』', '＂']);

/**
 * The terms of a reader's query. Outside quotes, each whitespace-separated part is a term
 * (`due diligence` is two, both required; `网络主权` is one, a phrase of its pairs;
 * `AALCO治理` is one, the word next to the Chinese word). Text in double quotes is one term; a
 * quote left open runs to the end. Everything that is not a letter or digit (FTS5 operators
 * such as `NEAR`, `*`, `-`, `^`, `:` included) only separates words: it never reaches the
 * index as syntax. A part with no letter or digit is dropped.
 */
export function parseQuery(q: string): Term[] {
  const terms: Term[] = [];
  const push = (text: string, quoted: boolean) => {
    const runs = runsOf(fold(text));
    if (runs.length > 0) terms.push({ runs, quoted });
  };
  let quoted = false;
  let part = '';
  for (const char of q) {
    if (QUOTES.has(char)) {
      push(part, quoted);
      part = '';
      quoted = !quoted;
    } else if (!quoted && /\s/u.test(char)) {
      push(part, false);
      part = '';
    } else {
      part += char;
    }
  }
  push(part, quoted);
  // The same term twice asks for nothing more.
  const seen = new Set<string>();
  return terms.filter((term) => {
    const key = JSON.stringify(term.runs);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The tokens of a term, in the order the index holds them (see tokens.ts). */
export function termTokens(term: Term): string[] {
  return term.runs.flatMap(pairsOf);
}

/**
 * The FTS5 MATCH expression of `terms`: each term a quoted phrase of its tokens, all of them
 * required. Tokens are only letters and digits, so the quotes can hold nothing else: no
 * input becomes FTS5 syntax.
 *
 * @example matchExpression(parseQuery('网络主权 AALCO')) // '"网络 络主 主权" AND "aalco"'
 */
export function matchExpression(terms: Term[]): string {
  return terms.map((term) => `"${termTokens(term).join(' ')}"`).join(' AND ');
}
