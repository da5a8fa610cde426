import { env } from 'cloudflare:workers';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { announcementOf, plainText } from '../../src/crossposts/announcement.ts';
import { getReport } from '../../src/reports/index.ts';
import { addSubscriber, consume, FREQUENT, recordingEmail, recordingQueue, runCron } from './digests/helpers.ts';
import { SITE } from './support/site.ts';
import { create, get } from './support/worker.ts';

/*
 * One event, one time, on every surface: the report page, the lists, the events page, the
 * archive, the feeds, the calendar, a cross-post and an email all say the same.
 */

const SEMINAR = {
  kind: 'seminar',
  name: 'Seminar on due diligence in cyberspace',
  start: '2030-12-15T09:00+08:00',
  end: '2030-12-15T17:00+08:00',
  location: { name: 'Luojia Hall', city: 'Wuhan', country: 'China' },
  organizers: ['Wuhan University'],
};
const NAMED = '15 December 2030, 09:00–17:00 China Standard Time';
const NAMED_ZH = '2030年12月15日 09:00–17:00（中国标准时间）';

/** A report published now (so it is new, and in every list), with the Wuhan seminar as its event. */
const seminar = (event: Record<string, unknown> = {}, more: Record<string, unknown> = {}) =>
  create({ published: new Date(Date.now() - 60_000).toISOString(), topics: ['due-diligence'], event: { ...SEMINAR, ...event }, ...more });

const text = async (path: string) => {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  return res.text();
};

/** Parses a calendar with ical.js, registering its VTIMEZONEs so times in them are read as the zone says. */
function parseCalendar(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
  return calendar;
}

describe('an event’s time, the same on every surface', () => {
  it('report page: in the event’s zone, named, in the report’s language', async () => {
    const en = await seminar({ timezone: 'Asia/Shanghai' });
    const page = await text(`/reports/${en.slug}`);
    expect(page).toContain(NAMED);
    // "Add to calendar" in Google Calendar: the times in UTC, shown in the event's zone.
    expect(page).toContain('dates=20301215T010000Z%2F20301215T090000Z');
    expect(page).toContain('ctz=Asia%2FShanghai');
    const zh = await seminar({ timezone: 'Asia/Shanghai', name: '网络空间尽职调查研讨会' }, { lang: 'zh-Hans', title: '网络空间尽职调查研讨会', slug: `due-diligence-seminar-zh-${Date.now()}` });
    expect(await text(`/reports/${zh.slug}`)).toContain(NAMED_ZH);
  });

  it('list pages, events page and archive: the same words', async () => {
    const report = await seminar({ timezone: 'Asia/Shanghai' });
    expect(await text('/')).toContain(NAMED);
    expect(await text('/topics/due-diligence')).toContain(NAMED);
    expect(await text('/events')).toContain(NAMED);
    const month = report.published.slice(0, 7).replace('-', '/');
    expect(await text(`/archive/${month}`)).toContain(NAMED);
  });

  it('feeds: the item’s content says it too', async () => {
    await seminar({ timezone: 'Asia/Shanghai' });
    const feed = JSON.parse(await text('/feed.json')) as { items: { content_html: string }[] };
    expect(feed.items[0]!.content_html).toContain(NAMED);
    expect(await text('/atom.xml')).toContain(NAMED);
    expect(await text('/feed.xml')).toContain(NAMED);
  });

  it('calendar: DTSTART with TZID and a VTIMEZONE that ical.js reads to the same instant', async () => {
    const report = await seminar({ timezone: 'Asia/Shanghai' });
    const ics = await text(`/reports/${report.slug}/event.ics`);
    expect(ics).toContain('DTSTART;TZID=Asia/Shanghai:20301215T090000\r\n');
    expect(ics).toContain('DTEND;TZID=Asia/Shanghai:20301215T170000\r\n');
    expect(ics).toContain('BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n');
    const event = new ICAL.Event(parseCalendar(ics).getFirstSubcomponent('vevent')!);
    expect(event.startDate.zone.tzid).toBe('Asia/Shanghai');
    expect(event.startDate.toUnixTime() * 1000).toBe(Date.parse(SEMINAR.start));
    expect(event.endDate.toUnixTime() * 1000).toBe(Date.parse(SEMINAR.end));
  });

  it('calendar: a zone with daylight saving time gets its changes, so a summer time reads right', async () => {
    const summer = await seminar({ start: '2030-07-01T09:00+01:00', end: '2030-07-01T17:00+01:00', timezone: 'Europe/London' });
    const winter = await seminar({ start: '2030-12-02T09:00Z', end: '2030-12-02T17:00Z', timezone: 'Europe/London' });
    const calendar = parseCalendar(await text('/events.ics'));
    expect(calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Europe/London']);
    const daylight = calendar.getFirstSubcomponent('vtimezone')!.getAllSubcomponents('daylight').map((d) => String(d.getFirstPropertyValue('dtstart')));
    expect(daylight).toContain('2030-03-31T01:00:00');
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const at = (slug: string) => events.find((e) => e.uid.includes(slug))!;
    expect(at(summer.slug).startDate.toString()).toBe('2030-07-01T09:00:00');
    expect(at(summer.slug).startDate.toUnixTime() * 1000).toBe(Date.parse('2030-07-01T08:00Z'));
    expect(at(winter.slug).startDate.toUnixTime() * 1000).toBe(Date.parse('2030-12-02T09:00Z'));
    expect(await text(`/reports/${summer.slug}`)).toContain('1 July 2030, 09:00–17:00 British Summer Time');
  });

  it('calendar: an event that names no zone stays in UTC, and one given as a date is all-day', async () => {
    const offset = await seminar();
    expect(await text(`/reports/${offset.slug}/event.ics`)).toContain('DTSTART:20301215T010000Z\r\n');
    const day = await seminar({ start: '2030-12-15', end: '2030-12-16', timezone: 'Asia/Shanghai' });
    const ics = await text(`/reports/${day.slug}/event.ics`);
    expect(ics).toContain('DTSTART;VALUE=DATE:20301215\r\n');
    expect(ics).not.toContain('VTIMEZONE');
    expect(await text(`/reports/${day.slug}`)).toContain('15–16 December 2030');
  });

  it('cross-post: the announcement’s first line says the same', async () => {
    const created = await seminar({ timezone: 'Asia/Shanghai' });
    const report = (await getReport(env.REPORTS, created.slug))!;
    const post = plainText(announcementOf(report, SITE, Date.now()), () => true);
    expect(post.split('\n')[0]).toBe(`Seminar: ${SEMINAR.name} · ${NAMED} · Luojia Hall, Wuhan, China`);
  });

  it('instant email: the event’s own time named, with the reader’s time beside it', async () => {
    await addSubscriber({ frequency: 'instant', timeZone: 'UTC', confirmedAt: Date.now() - 3_600_000 });
    await seminar({ timezone: 'Asia/Shanghai' });
    const queue = recordingQueue();
    await runCron(FREQUENT, Date.now() + 60_000, { DIGESTS: queue.queue });
    const mail = recordingEmail();
    await consume(queue.messages, { EMAIL: mail.binding });
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]!.text).toContain(`${NAMED} (01:00–09:00 your time)`);
    expect(mail.sent[0]!.html).toContain(`${NAMED} (01:00–09:00 your time)`);
  });

  it('instant email: a Wuhan seminar at 09:00 that names no zone reads 09:00 at its offset, not 01:00 on the reader’s clock (the bug of issue 14)', async () => {
    await addSubscriber({ frequency: 'instant', timeZone: 'UTC', confirmedAt: Date.now() - 3_600_000 });
    await addSubscriber({ frequency: 'instant', timeZone: 'Europe/Berlin', uiLang: 'zh', confirmedAt: Date.now() - 3_600_000 });
    await seminar();
    const queue = recordingQueue();
    await runCron(FREQUENT, Date.now() + 60_000, { DIGESTS: queue.queue });
    const mail = recordingEmail();
    await consume(queue.messages, { EMAIL: mail.binding });
    const [english, chinese] = [...mail.sent].sort((a, b) => (a.text.includes('2030年') ? 1 : 0) - (b.text.includes('2030年') ? 1 : 0));
    expect(english!.text).toContain('15 December 2030, 09:00–17:00 UTC+08:00 (01:00–09:00 your time)');
    expect(english!.text).not.toContain('at 01:00');
    expect(chinese!.text).toContain('2030年12月15日 09:00–17:00（UTC+08:00），即您当地时间 02:00–10:00');
  });
});
