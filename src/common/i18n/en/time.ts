/** An event's day: its year, month (1–12) and day of the month. */
type Day = { year: number; month: number; day: number };

let dayFormat: Intl.DateTimeFormat | undefined;
let dayMonthFormat: Intl.DateTimeFormat | undefined;
const noon = (d: Day) => Date.UTC(d.year, d.month - 1, d.day, 12);
/** A calendar day: "15 December 2026". */
const day = (d: Day) => (dayFormat ??= new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' })).format(noon(d));
/** A day within its year: "30 November". */
const dayMonth = (d: Day) => (dayMonthFormat ??= new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' })).format(noon(d));

/** How an event's time is written (src/common/event-time.ts puts the pieces together). */
export const time = {
  day,
  /** Two days of one event, the first before the second, sharing what they can: "15–17 December 2026", "30 November – 2 December 2026". */
  days: (from: Day, to: Day) =>
    from.year !== to.year ? `${day(from)} – ${day(to)}` : from.month !== to.month ? `${dayMonth(from)} – ${day(to)}` : `${from.day}–${day(to)}`,
  /** A later day of the same event, written after a time on the first: in full, so it is never ambiguous. */
  laterDay: (_first: Day, later: Day) => day(later),
  /** A day and a time of day: "15 December 2026, 09:00". */
  at: (day: string, time: string) => `${day}, ${time}`,
  /** Two times of one day: "09:00–17:00". */
  clocks: (from: string, to: string) => `${from}–${to}`,
  /** From one moment to another on another day. */
  span: (from: string, to: string) => `${from} – ${to}`,
  /** A time and the zone (or offset) it is told in: "09:00–17:00 China Standard Time", "09:00 UTC+08:00". */
  zoned: (text: string, zone: string) => `${text} ${zone}`,
  /** The event's time, then the same time on the reader's own clock. */
  withReaderTime: (text: string, reader: string) => `${text} (${reader} your time)`,
};
