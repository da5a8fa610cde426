import type { Scope } from '../common/scope.ts';

/**
 * The events index in the REPORTS namespace (only `store.ts` of this folder writes it):
 * - `event:<inverted start>:<slug>`    every report with an event, latest event first
 * - `etopic:<topic>:<inverted start>:<slug>`  the same, per topic
 * Both carry the report's index metadata plus the event's start and last moment.
 */

/** Event starts run from the 17th century to the 26th: one fixed width sorts them all. */
const EVENT_INVERT_FROM = 20_000_000_000_000;

/** An event index key prefix: every event, or one topic's. */
export function eventPrefix(scope: Scope): string {
  return scope.kind === 'all' ? 'event:' : `etopic:${scope.topic}:`;
}

/** The event index key of a report whose event starts at `startMs`; later events sort first. */
export function eventKey(scope: Scope, startMs: number, slug: string): string {
  const clamped = Math.min(EVENT_INVERT_FROM - 1, Math.max(-EVENT_INVERT_FROM / 2, startMs));
  return `${eventPrefix(scope)}${String(EVENT_INVERT_FROM - clamped).padStart(17, '0')}:${slug}`;
}

