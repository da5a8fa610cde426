import { describe, expect, it } from 'vitest';
import { catalogue, LANGUAGES } from '../../../src/common/i18n/index.ts';

/** Every key path of a catalogue, with what kind of value it holds (a function with its arity). */
function shape(value: unknown, path = ''): string[] {
  if (typeof value === 'function') return [`${path} (function/${value.length})`];
  if (Array.isArray(value)) return [`${path} (list/${value.length})`];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, v]) => shape(v, path ? `${path}.${key}` : key));
  return [`${path} (${typeof value})`];
}

describe('string catalogues', () => {
  const english = shape(catalogue('en'));

  it.each(LANGUAGES.filter((lang) => lang !== 'en'))('%s has exactly the keys of English, each of the same kind', (lang) => {
    expect(shape(catalogue(lang)).sort()).toEqual([...english].sort());
  });

  it('has no empty string in any language', () => {
    for (const lang of LANGUAGES) {
      const empty = shape(catalogue(lang)).filter((entry) => entry.endsWith('(string)')).filter((entry) => {
        const value = entry.split(' ')[0]!.split('.').reduce<any>((node, key) => node[key], catalogue(lang));
        return typeof value === 'string' && value.trim() === '';
      });
      expect(empty, lang).toEqual([]);
    }
  });

  it('serves Chinese for zh-Hans and zh-CN, and English for a language without a catalogue', () => {
    expect(catalogue('zh-Hans').site.languageName).toBe('中文');
    expect(catalogue('zh-CN')).toBe(catalogue('zh'));
    expect(catalogue('fr')).toBe(catalogue('en'));
  });
});
