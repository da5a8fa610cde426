import type { DigestConfig } from '../common/config.ts';
import type { Frequency } from '../subscriptions/types.ts';

const DAY_MS = 86_400_000;

/** The wall-clock date and time at instant `ms` in `timeZone`. */
export function localParts(ms: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    weekday: 'short',
  }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { year: Number(get('year')), month: Number(get('month')), day: Number(get('day')), hour: Number(get('hour')) % 24, minute: Number(get('minute')), weekday };
}

/** The instant (epoch ms) at which the wall clock in `timeZone` shows the given date and hour:00. */
export function instantAt(year: number, month: number, day: number, hour: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, hour);
  let guess = wall;
  // Two corrections settle the offset, across a daylight-saving change too.
  for (let i = 0; i < 2; i += 1) {
    const p = localParts(guess, timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    guess += wall - shown;
  }
  return guess;
}

/**
 * When a subscriber's next daily or weekly digest is due after `after`: the next time the
 * wall clock in their time zone shows `config.hour`:00 (on `config.weekday` for weekly).
 * Instant subscribers have no due time (null).
 *
 * @example nextDueAt('daily', 'Asia/Shanghai', Date.parse('2026-11-23T00:00:00Z'), { hour: 7, weekday: 1, from }) // 2026-11-23T23:00:00Z
 */
export function nextDueAt(frequency: Frequency, timeZone: string, after: number, config: Pick<DigestConfig, 'hour' | 'weekday'>): number | null {
  if (frequency === 'instant') return null;
  const today = localParts(after, timeZone);
  const base = Date.UTC(today.year, today.month - 1, today.day);
  for (let d = 0; d <= 8; d += 1) {
    const date = new Date(base + d * DAY_MS);
    if (frequency === 'weekly' && date.getUTCDay() !== config.weekday) continue;
    const due = instantAt(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), config.hour, timeZone);
    if (due > after) return due;
  }
  throw new Error(`no due time found for ${frequency} in ${timeZone}`);
}

/**
 * The last time at or before `at` that the wall clock in `timeZone` showed `config.hour`:00
 * (on `config.weekday` for weekly): where the latest daily or weekly window closed.
 *
 * @example lastDueAt('daily', 'Asia/Kolkata', Date.parse('2026-11-23T12:00:00Z'), { hour: 7, weekday: 1 }) // 2026-11-23T01:30:00Z
 */
export function lastDueAt(frequency: 'daily' | 'weekly', timeZone: string, at: number, config: Pick<DigestConfig, 'hour' | 'weekday'>): number {
  const today = localParts(at, timeZone);
  const base = Date.UTC(today.year, today.month - 1, today.day);
  for (let d = 0; d <= 8; d += 1) {
    const date = new Date(base - d * DAY_MS);
    if (frequency === 'weekly' && date.getUTCDay() !== config.weekday) continue;
    const due = instantAt(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), config.hour, timeZone);
    if (due <= at) return due;
  }
  throw new Error(`no past due time found for ${frequency} in ${timeZone}`);
}
