import { describe, expect, it } from 'vitest';
import { leadOf } from '../../../src/reports/summary.ts';
import { truncate, utf8Length } from '../../../src/reports/text.ts';

const graphemes = (text: string) => Array.from(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text), (s) => s.segment);
const FAMILY = '👩🏽‍💻';
const FLAG = '🇨🇳';

describe('shortening text for summaries and index titles', () => {
  it('never splits an emoji with modifiers or a flag', () => {
    const text = `${FAMILY}${FLAG}`.repeat(200);
    const cut = truncate(text, 25);
    expect(cut.endsWith('…')).toBe(true);
    for (const g of graphemes(cut.slice(0, -1))) expect([FAMILY, FLAG]).toContain(g);
    expect(graphemes(cut)).toHaveLength(25);
  });

  it('cuts a long first sentence of a feed summary between graphemes, at a word where it can', () => {
    const lead = leadOf(`Opening ${`${FAMILY} `.repeat(400)}end.`, 50);
    for (const g of graphemes(lead.slice(0, -1))) expect(g).not.toMatch(/^\p{Extended_Pictographic}\u200D?$/u);
    expect(lead.endsWith('…')).toBe(true);
  });

  it('keeps short text as it is, and cuts Chinese by character', () => {
    expect(truncate('Short title', 120)).toBe('Short title');
    expect(truncate('网络空间国际法治研讨会'.repeat(10), 12)).toBe(`${'网络空间国际法治研讨会'.slice(0, 11)}…`);
  });
});

describe('utf8Length', () => {
  it('counts the bytes TextEncoder would write, for ASCII, CJK, emoji, right-to-left text and a lone surrogate', () => {
    for (const text of ['plain', '中文网络主权', '👩🏽‍💻🛰️', 'السيادة', 'é', 'a\ud800b', '\udc00', '']) {
      expect(utf8Length(text), JSON.stringify(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});
