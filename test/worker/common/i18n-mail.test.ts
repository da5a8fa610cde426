import { describe, expect, it } from 'vitest';
import { catalogue } from '../../../src/common/i18n/index.ts';

/** Every leaf of a namespace as text: strings as they are, functions called with sample arguments. */
function texts(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') {
    const fn = value as (...a: unknown[]) => unknown;
    // Lists take a list; counts a number; the rest names, links and language codes.
    const first = /^\(?items/.test(String(fn)) ? ['Wuhan University, Law School', 'Herald'] : /^\(?(count|n)\b/.test(String(fn)) ? 3 : 'Herald';
    const args = [first, 'https://herald.example.org/x', 'zh'].slice(0, fn.length);
    return [[path, String(fn(...args))]];
  }
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, v]) => texts(v, path ? `${path}.${key}` : key));
  return [];
}

/** What is the same in both languages on purpose: each interface language named in itself. */
const SAME = new Set(['subscriptions.uiLangs.en', 'subscriptions.uiLangs.zh']);

describe('the Chinese digest and subscription strings', () => {
  it.each(['digest', 'subscriptions'] as const)('%s: every string is translated, none left in English', (namespace) => {
    const english = new Map(texts(catalogue('en')[namespace], namespace));
    const untranslated = texts(catalogue('zh')[namespace], namespace).filter(([path, text]) => !SAME.has(path) && text === english.get(path));
    expect(untranslated).toEqual([]);
  });

  it('lists names with 、 or ；, labels with a full-width colon and no space, and counts without plurals', () => {
    const t = catalogue('zh').digest;
    expect(t.wordList(['数据', '主权'])).toBe('数据、主权');
    expect(t.list(['Wuhan University, School of Law', '中国国际法学会'])).toBe('Wuhan University, School of Law；中国国际法学会');
    expect(`${t.label(t.when)}${t.afterLabel('2026年11月23日')}`).toBe('时间：2026年11月23日');
    expect(t.more(1)).toBe('网页版另有 1 篇报告');
    expect(t.subjectMany(2, 'Forum on norms')).toBe('2 篇新报告：Forum on norms 等');
    const en = catalogue('en').digest;
    expect(en.more(1)).toBe('1 more report on the web');
    expect(en.more(2)).toBe('2 more reports on the web');
    expect(`${en.label(en.when)}${en.afterLabel('23 November 2026')}`).toBe('When: 23 November 2026');
  });
});
