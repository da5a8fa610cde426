import { en } from './en/index.ts';
import { zh } from './zh/index.ts';

/**
 * Every reader-facing string of the digest and subscription pages and emails, per
 * language. Adding a language is adding a catalogue of the same shape (`src/i18n/<lang>/`)
 * and listing it here.
 */
export type Catalogue = typeof en;

const CATALOGUES: Record<string, Catalogue> = { en, zh };

/** The languages that have a catalogue. */
export const UI_LANGUAGES = Object.keys(CATALOGUES);

/**
 * The catalogue for `lang` (a BCP 47 tag): exact, then by primary language (`zh-Hans` →
 * `zh`), then English.
 */
export function catalogue(lang: string | null | undefined): Catalogue {
  if (!lang) return en;
  return CATALOGUES[lang] ?? CATALOGUES[lang.split('-')[0]!.toLowerCase()] ?? en;
}

/** The language a catalogue serves for `lang`: what `<html lang>` and `Intl` should use. */
export function uiLanguage(lang: string | null | undefined): string {
  if (lang && CATALOGUES[lang]) return lang;
  const primary = lang?.split('-')[0]?.toLowerCase();
  return primary && CATALOGUES[primary] ? primary : 'en';
}

/**
 * A date (and, with `withTime`, the time) as a reader in `lang` and `timeZone` reads it.
 *
 * @example formatInstant(Date.UTC(2026, 10, 23, 7), 'en', 'Asia/Shanghai', true) // '23 November 2026 at 15:00'
 */
export function formatInstant(ms: number, lang: string, timeZone: string, withTime = false): string {
  return new Intl.DateTimeFormat(uiLanguage(lang) === 'en' ? 'en-GB' : uiLanguage(lang), {
    timeZone,
    dateStyle: 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
  }).format(ms);
}
