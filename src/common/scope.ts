import { LANGUAGES, type Lang } from './i18n/index.ts';

const TOPIC = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u;

/** Longest topic name, in characters. */
export const MAX_TOPIC_LENGTH = 48;

/** A topic name as stored: trimmed, NFC, lower-case. */
export function normalizeTopic(value: string): string {
  return value.trim().normalize('NFC').toLowerCase();
}

/** True for a normalized topic: letters and digits of any script joined by single hyphens. */
export function isTopic(value: string): boolean {
  return value.length <= MAX_TOPIC_LENGTH && TOPIC.test(value);
}

/**
 * A scope: every public report, or one topic's. Feeds, archive pages and events lists are
 * kept per scope. With `lang`, the scope lists one version per translation group, in that
 * language where there is one (`/zh/`, `/en/feed.xml`); without it, every public report
 * in every language (`/feed.xml`). Index keys are kept per scope without `lang`.
 */
export type Scope = { kind: 'all'; lang?: Lang } | { kind: 'topic'; topic: string; lang?: Lang };

export const ALL: Scope = { kind: 'all' };

/** Every scope a report is listed in: all reports, and each of its topics. */
export function scopesOf(report: { topics: string[] }): Scope[] {
  return [ALL, ...report.topics.map((topic): Scope => ({ kind: 'topic', topic }))];
}

/** The scope's name inside keys: `all` or `topic:<topic>`, then `@<lang>` for a language's scope. */
export function scopeId(scope: Scope): string {
  const base = scope.kind === 'all' ? 'all' : `topic:${scope.topic}`;
  return scope.lang ? `${base}@${scope.lang}` : base;
}

/** The scope in one language (or, with null, in every language). */
export function inLanguage(scope: Scope, lang: Lang | null): Scope {
  const base: Scope = scope.kind === 'all' ? { kind: 'all' } : { kind: 'topic', topic: scope.topic };
  return lang ? { ...base, lang } : base;
}

/** The scope in every language and in each one: what a change to a report's scope reaches. */
export function everyLanguage(scope: Scope): Scope[] {
  return [inLanguage(scope, null), ...LANGUAGES.map((lang) => inLanguage(scope, lang))];
}
