/**
 * The fixed clock of the tests: a Monday, 07:00 UTC, the hour the daily and weekly digests
 * go out in the site's default zone. Tests that need another moment derive it from NOW.
 */
export const NOW = Date.parse('2026-11-23T07:00:00Z');
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
