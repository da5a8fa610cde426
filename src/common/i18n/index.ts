import { type Catalogue, en } from './en/index.ts';
import { zh } from './zh/index.ts';

/**
 * Every reader-facing string of the pages and emails, per language. Adding a language is
 * adding a catalogue of the same shape (`src/common/i18n/<lang>/`), listing it here and in
 * {@link LANGUAGES}.
 */
export type { Catalogue };

/** The interface languages, the first being the one served at the site's root. */
export const LANGUAGES = ['en', 'zh'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** What `<html lang>`, `hreflang` and feeds say for each interface language (never a script-only tag). */
export const LANGUAGE_TAGS: Record<Lang, string> = { en: 'en', zh: 'zh-Hans' };

const CATALOGUES: Record<Lang, Catalogue> = { en, zh };

/** The languages that have a catalogue. */
export const UI_LANGUAGES: readonly string[] = LANGUAGES;

/** True for an interface language's code (`en`, `zh`). */
export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The interface language a BCP 47 tag is written in, by its primary subtag (`zh-Hans` and
 * `zh-CN` are `zh`), or null for a language the site has no interface in.
 */
export function langOfTag(tag: string | null | undefined): Lang | null {
  const primary = tag?.split('-')[0]?.toLowerCase();
  return isLang(primary) ? primary : null;
}

/**
 * The catalogue for `lang` (a BCP 47 tag): exact, then by primary language (`zh-Hans` →
 * `zh`), then English.
 */
export function catalogue(lang: string | null | undefined): Catalogue {
  return CATALOGUES[langOfTag(lang) ?? 'en'];
}

/** The language a catalogue serves for `lang`: what `<html lang>` and `Intl` should use. */
export function uiLanguage(lang: string | null | undefined): Lang {
  return langOfTag(lang) ?? 'en';
}

/**
 * A date (and, with `withTime`, the time) as a reader in `lang` and `timeZone` reads it.
 *
 * @example formatInstant(Date.UTC(2026, 10, 23, 7), 'en', 'Asia/Shanghai', true) // '23 November 2026 at 15:00'
 */
export function formatInstant(ms: number, lang: string, timeZone: string, withTime = false): string {
  return new Intl.DateTimeFormat(uiLanguage(lang) === 'en' ? 'en-GB' : LANGUAGE_TAGS[uiLanguage(lang)], {
    timeZone,
    dateStyle: 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
  }).format(ms);
}
