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

/** A scope: every public report, or one topic's. Feeds, archive pages and events lists are kept per scope. */
export type Scope = { kind: 'all' } | { kind: 'topic'; topic: string };

export const ALL: Scope = { kind: 'all' };

/** Every scope a report is listed in: all reports, and each of its topics. */
export function scopesOf(report: { topics: string[] }): Scope[] {
  return [ALL, ...report.topics.map((topic): Scope => ({ kind: 'topic', topic }))];
}

/** The scope's name inside keys: `all` or `topic:<topic>`. */
export function scopeId(scope: Scope): string {
  return scope.kind === 'all' ? 'all' : `topic:${scope.topic}`;
}
