import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { foldLine } from '../../../src/events/ics.ts';
import { api, create, get } from '../support/worker.ts';

const EVENT = { kind: 'workshop', name: 'Workshop on International Rule of Law in Cyberspace', start: '2022-08-12', location: { name: 'Online', online: true }, organizers: ['Wuhan University'], speakers: [{ name: 'Professor Guo Feng', role: 'opening address', affiliation: 'Wuhan University Law School' }] };

/** Fetches a report's event.ics and parses it with ical.js, a real iCalendar parser. */
async function calendarOf(slug: string) {
  const res = await get(`/reports/${slug}/event.ics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  return { res, text, calendar, vevent, event: new ICAL.Event(vevent) };
}

describe('a report’s event as iCalendar (RFC 5545)', () => {
  it('gives an all-day event as VALUE=DATE with the exclusive end day, and every field', async () => {
    const report = await create({ title: 'Workshop report', topics: ['rule-of-law', 'due-diligence'], event: EVENT });
    const { res, calendar, vevent, event } = await calendarOf(report.slug);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(`Herald: ${EVENT.name}`);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(event.startDate.isDate).toBe(true);
    expect(event.startDate.toString()).toBe('2022-08-12');
    expect(event.endDate.toString()).toBe('2022-08-13');
    expect(event.summary).toBe(EVENT.name);
    expect(event.location).toBe('Online');
    expect(event.description).toContain('Organized by: Wuhan University');
    expect(event.description).toContain('Professor Guo Feng, Wuhan University Law School (opening address)');
    expect(vevent.getFirstPropertyValue('url')).toBe(`https://herald.example.org/reports/${report.slug}`);
    // Calendars show categories as written: the topics' labels, never their slugs.
    expect(vevent.getFirstProperty('categories')!.getValues()).toEqual(['Rule of law', 'Due diligence']);
    expect(vevent.getFirstPropertyValue('dtstamp')).toBeTruthy();
    expect(event.uid).toMatch(/@herald\.example\.org$/);
  });

  it('keeps the UID when the title, dates and place change', async () => {
    const report = await create({ event: EVENT });
    const before = (await calendarOf(report.slug)).event.uid;
    await api('PUT', `/reports/${report.slug}`, { title: 'Renamed', body: report.body, published: report.published, event: { ...EVENT, name: 'Renamed workshop', start: '2022-09-01' } });
    const after = await calendarOf(report.slug);
    expect(after.event.uid).toBe(before);
    expect(after.event.summary).toBe('Renamed workshop');
  });

  it('gives a timed event with an offset in UTC, a multi-day event its whole span, and an event with no end none', async () => {
    const timed = await create({ event: { ...EVENT, name: '网络空间国际规则：共识与展望', start: '2017-12-04T14:00+08:00', end: '2017-12-04T17:30+08:00' } });
    const t = (await calendarOf(timed.slug)).event;
    expect(t.summary).toBe('网络空间国际规则：共识与展望');
    expect(t.startDate.toString()).toBe('2017-12-04T06:00:00Z');
    expect(t.endDate.toString()).toBe('2017-12-04T09:30:00Z');
    const multi = await create({ event: { ...EVENT, start: '2022-08-12', end: '2022-08-14' } });
    const m = (await calendarOf(multi.slug)).event;
    expect([m.startDate.toString(), m.endDate.toString()]).toEqual(['2022-08-12', '2022-08-15']);
    const open = await create({ event: { ...EVENT, start: '2024-05-01T09:00-04:00' } });
    const o = await calendarOf(open.slug);
    expect(o.event.startDate.toString()).toBe('2024-05-01T13:00:00Z');
    expect(o.vevent.hasProperty('dtend')).toBe(false);
  });

  it('escapes text and folds long lines at 75 octets without splitting a character', async () => {
    const name = `Forum; on rules, norms \\ and 网络主权 ${'网络空间'.repeat(30)} 🛰️`;
    const report = await create({ event: { ...EVENT, name } });
    const { text, event } = await calendarOf(report.slug);
    expect(event.summary).toBe(name);
    for (const line of text.split('\r\n')) {
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
      expect(line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    expect(text.endsWith('\r\n')).toBe(true);
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });

  it('answers 404 for a report without an event, a draft, and an unknown slug; 304 to its ETag', async () => {
    const plain = await create();
    expect((await get(`/reports/${plain.slug}/event.ics`)).status).toBe(404);
    const draft = await create({ event: EVENT, draft: true });
    expect((await get(`/reports/${draft.slug}/event.ics`)).status).toBe(404);
    expect((await get('/reports/no-such-report/event.ics')).status).toBe(404);
    const report = await create({ event: EVENT });
    const etag = (await get(`/reports/${report.slug}/event.ics`)).headers.get('etag')!;
    expect((await get(`/reports/${report.slug}/event.ics`, { 'if-none-match': etag })).status).toBe(304);
  });

  it('puts "Add to calendar" links on the page of an event still to come: the .ics file and a Google Calendar template', async () => {
    // The page offers them only until the event is over (test/worker/reports/report-page.test.ts).
    const report = await create({ event: { ...EVENT, start: '2099-08-12' } });
    const html = await (await get(`/reports/${report.slug}`)).text();
    expect(html).toContain(`href="https://herald.example.org/reports/${report.slug}/event.ics"`);
    const google = /href="(https:\/\/calendar\.google\.com\/calendar\/render\?[^"]+)"/.exec(html)![1]!.replaceAll('&amp;', '&');
    const query = new URL(google).searchParams;
    expect(query.get('action')).toBe('TEMPLATE');
    expect(query.get('text')).toBe(EVENT.name);
    expect(query.get('dates')).toBe('20990812/20990813');
  });
});

