import type { Catalogue } from '../en/index.ts';

type Day = { year: number; month: number; day: number };

let dayFormat: Intl.DateTimeFormat | undefined;
/** 2026年12月15日 */
const day = (d: Day) => (dayFormat ??= new Intl.DateTimeFormat('zh-Hans', { dateStyle: 'long', timeZone: 'UTC' })).format(Date.UTC(d.year, d.month - 1, d.day, 12));

/** 同一活动的后一天：与前一天同年省去年份，同月再省去月份（“17日”“12月2日”）。 */
const laterDay = (first: Day, later: Day) =>
  first.year !== later.year ? day(later) : first.month !== later.month ? `${later.month}月${later.day}日` : `${later.day}日`;

/** 活动时间的中文写法。 */
export const time: Catalogue['time'] = {
  day,
  // 2026年12月15日至17日；2026年11月30日至12月2日；跨年则两端写全。
  days: (from: Day, to: Day) => `${day(from)}至${laterDay(from, to)}`,
  laterDay,
  at: (day: string, time: string) => `${day} ${time}`,
  clocks: (from: string, to: string) => `${from}–${to}`,
  span: (from: string, to: string) => `${from}至${to}`,
  // 2026年12月15日 09:00–17:00（中国标准时间）
  zoned: (text: string, zone: string) => `${text}（${zone}）`,
  // ……（UTC+08:00），即您当地时间 01:00–09:00
  withReaderTime: (text: string, reader: string) => `${text}，即您当地时间 ${reader}`,
};
