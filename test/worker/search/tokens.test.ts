import { describe, expect, it } from 'vitest';
import { fold, indexText, phraseTokens } from '../../../src/search/tokens.ts';
import { matchExpression, parseQuery } from '../../../src/search/query.ts';
import { highlight, snippet } from '../../../src/search/snippet.ts';

describe('the search text of a report', () => {
  it('keeps Latin text as lower-cased words without diacritics', () => {
    expect(indexText('Due Diligence in Genève, São Paulo and Zürich')).toBe('due diligence in geneve sao paulo and zurich');
  });

  it('turns a run of Chinese into its overlapping pairs, then every character on its own', () => {
    expect(indexText('网络主权')).toBe('网络 络主 主权 网 络 主 权');
  });

  it('keeps a lone Chinese character as itself, once', () => {
    expect(indexText('中')).toBe('中');
    expect(indexText('A 和 B')).toBe('a 和 b');
  });

  it('keeps Latin words and Chinese pairs of mixed text in their order', () => {
    expect(indexText('AALCO网络治理研讨会 2022年')).toBe('aalco 网络 络治 治理 理研 研讨 讨会 2022 年 网 络 治 理 研 讨 会');
  });

  it('folds full-width letters and digits to their ordinary forms (NFKC)', () => {
    expect(indexText('ＡＡＬＣＯ　２０２２')).toBe('aalco 2022');
    expect(fold('ﬁnance')).toBe('finance');
  });

  it('folds a letter written with a separate combining accent like a precomposed one', () => {
    expect(indexText('Gene\u0300ve')).toBe(indexText('Genève'));
  });

  it('drops emoji and punctuation, which only separate words', () => {
    expect(indexText('🌐 Cyber—governance!!! 「治理」…')).toBe('cyber governance 治理 治 理');
  });

  it('keeps right-to-left words as words', () => {
    expect(phraseTokens('مؤتمر الأمن السيبراني')).toHaveLength(3);
  });
});

describe('a reader’s query', () => {
  it('requires every word, each as a quoted token', () => {
    expect(matchExpression(parseQuery('due diligence'))).toBe('"due" AND "diligence"');
  });

  it('asks for a Chinese word as the phrase of its pairs', () => {
    expect(matchExpression(parseQuery('网络主权'))).toBe('"网络 络主 主权"');
    expect(matchExpression(parseQuery('治理'))).toBe('"治理"');
    expect(matchExpression(parseQuery('治'))).toBe('"治"');
  });

  it('keeps a mixed part together and separate parts apart', () => {
    expect(matchExpression(parseQuery('AALCO治理 Wuzhen'))).toBe('"aalco 治理" AND "wuzhen"');
  });

  it('takes words in double quotes (straight, curly or corner quotes) as one phrase', () => {
    expect(matchExpression(parseQuery('"due diligence" 2022'))).toBe('"due diligence" AND "2022"');
    expect(matchExpression(parseQuery('“due diligence”'))).toBe('"due diligence"');
    expect(matchExpression(parseQuery('「网络 主权」'))).toBe('"网络 主权"');
  });

  it('lets an unclosed quote run to the end', () => {
    expect(matchExpression(parseQuery('forum "rule of law'))).toBe('"forum" AND "rule of law"');
  });

  it('never lets FTS5 syntax through: operators, prefixes, columns and stray quotes become words or nothing', () => {
    for (const hostile of ['NEAR(a b)', 'gov*', '-china', '^title', 'title:wuzhen', '"a" OR "b"', 'a AND NOT b', '(((', '"', '***', "'; DROP TABLE x; --"]) {
      const expression = matchExpression(parseQuery(hostile));
      // Each term is one quoted run of letters, digits and spaces, joined by AND.
      expect(expression, hostile).toMatch(/^("[\p{L}\p{N} ]+"( AND "[\p{L}\p{N} ]+")*)?$/u);
    }
    expect(parseQuery('***')).toEqual([]);
    expect(matchExpression(parseQuery('title:wuzhen'))).toBe('"title wuzhen"');
  });

  it('asks for the same term once', () => {
    expect(matchExpression(parseQuery('Wuzhen wuzhen WUZHEN'))).toBe('"wuzhen"');
  });
});

describe('snippets', () => {
  it('marks the matched words in the original text, accents and case as written', () => {
    expect(highlight('The Genève Forum', parseQuery('geneve'))).toBe('The <mark>Genève</mark> Forum');
    expect(highlight('ＡＡＬＣＯ meets', parseQuery('aalco'))).toBe('<mark>ＡＡＬＣＯ</mark> meets');
  });

  it('marks a whole Chinese word and a whole-word English match only', () => {
    expect(highlight('网络主权与网络治理', parseQuery('网络主权'))).toBe('<mark>网络主权</mark>与网络治理');
    expect(highlight('forum forums', parseQuery('forum'))).toBe('<mark>forum</mark> forums');
  });

  it('escapes the text around the marks', () => {
    expect(highlight('<script>alert(1)</script> Wuzhen ]]>', parseQuery('wuzhen'))).toBe('&lt;script&gt;alert(1)&lt;/script&gt; <mark>Wuzhen</mark> ]]&gt;');
  });

  it('cuts a passage around the first match of a long text, with ellipses where it was cut', () => {
    const text = `${'Opening words of the report. '.repeat(30)}The delegates met in Wuzhen to discuss norms. ${'Closing words. '.repeat(40)}`;
    const cut = snippet(text, parseQuery('wuzhen'));
    expect(cut).toContain('<mark>Wuzhen</mark>');
    expect(cut.startsWith('…')).toBe(true);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThan(300);
  });

  it('cuts Chinese shorter, around the match', () => {
    const text = `${'会议开幕致辞。'.repeat(40)}与会专家讨论了网络主权问题。${'闭幕。'.repeat(60)}`;
    const cut = snippet(text, parseQuery('网络主权'));
    expect(cut).toContain('<mark>网络主权</mark>');
    expect([...cut.replace(/<\/?mark>/g, '')].length).toBeLessThan(130);
  });

  it('shows the opening, unmarked, when the match is elsewhere', () => {
    expect(snippet('A short summary.', parseQuery('wuzhen'))).toBe('A short summary.');
  });

  it('never cuts an emoji in half', () => {
    const text = `${'🌐'.repeat(300)} Wuzhen ${'🌐'.repeat(300)}`;
    const cut = snippet(text, parseQuery('wuzhen'));
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});

describe('the text snippets are cut from', () => {
  it('marks where a heading ends, so a snippet does not run it into the next sentence', async () => {
    const { excerptText } = await import('../../../src/search/document.ts');
    expect(excerptText('Programme\nThe morning session.\n议程\n上午讨论。')).toBe('Programme ·\nThe morning session.\n议程 ·\n上午讨论。');
  });
});
