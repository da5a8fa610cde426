import { describe, expect, it } from 'vitest';
import { catalogue } from '../../../src/common/i18n/index.ts';

/** A sample argument by its parameter's name: lists take a list, counts a number, times an instant and a zone; the rest names, links and language codes. */
function sample(name: string, i: number): unknown {
  if (/^(items|parts)/.test(name)) return ['Wuhan University, Law School', 'Herald'];
  if (/^(count|n|weekday)$/.test(name)) return 3;
  if (name === 'ms') return Date.UTC(2026, 11, 3, 7);
  if (/zone/i.test(name)) return 'Asia/Shanghai';
  if (name === 'upcomingFirst') return true;
  if (name === 'when') return 'tomorrow';
  return ['Herald', 'https://herald.example.org/x', 'zh'][i] ?? 'Herald';
}

/** Every leaf of a namespace as text: strings as they are, functions called with sample arguments. */
function texts(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') {
    const fn = value as (...a: unknown[]) => unknown;
    const names = /^\(?([^)=]*)\)?\s*=>/.exec(String(fn))?.[1]?.split(',').map((name) => name.trim()) ?? [];
    return [[path, String(fn(...names.map((name, i) => sample(name, i))))]];
  }
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, v]) => texts(v, path ? `${path}.${key}` : key));
  return [];
}

/** What is the same in both languages on purpose: each interface language named in itself, a 24-hour clock time, and a followed search in “ ” (Chinese quotes it with the same marks). */
const SAME = new Set(['subscriptions.uiLangs.en', 'subscriptions.uiLangs.zh', 'digest.clock', 'subscriptions.quoted']);

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
