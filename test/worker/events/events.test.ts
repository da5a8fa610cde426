import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { env, exports } from 'cloudflare:workers';
import { forgetRendered } from '../../../src/common/rendered.ts';
import { api, countingKv, create, get, sleep, withEnv } from '../support/worker.ts';
import { DAY } from '../support/clock.ts';
import { headingLevels } from '../support/headings.ts';

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const event = (name: string, start: string, extra: Record<string, unknown> = {}) => ({ kind: 'forum', name, start, organizers: ['Wuhan University'], ...extra });

async function eventNames(path: string): Promise<string[]> {
  const html = await (await get(path)).text();
  return [...html.matchAll(/<h([34]) class="event-title"><a href="[^"]+">([^<]+)<\/a><\/h\1>/g)].map((m) => m[2]!);
}

describe('the events pages and calendars', () => {
  it('lists upcoming events soonest first, then past events by year, and nothing that is not public', async () => {
    const now = Date.now();
    await create({ event: event('Later forum', iso(now + 60 * DAY)) });
    await create({ event: event('Sooner forum', iso(now + 10 * DAY)) });
    await create({ event: event('Forum of 2017', '2017-12-04') });
    await create({ event: event('Workshop of 2022', '2022-08-12') });
    await create({ event: event('Draft forum', iso(now + 5 * DAY)), draft: true });
    await create({ event: event('Scheduled forum', iso(now + 5 * DAY)), published: new Date(now + DAY).toISOString() });
    await create({ title: 'A report with no event' });
    const res = await get('/events');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(await eventNames('/events')).toEqual(['Sooner forum', 'Later forum', 'Workshop of 2022', 'Forum of 2017']);
    expect(html.indexOf('<h3 class="year-heading">2022</h3>')).toBeLessThan(html.indexOf('<h3 class="year-heading">2017</h3>'));
    // Sections outrank the events in them: Upcoming (two events), Past events, its years, their events.
    expect(headingLevels(html)).toEqual([1, 2, 3, 3, 2, 3, 4, 3, 4]);
    // The English page offers the English calendar (the one in every language stays at /events.ics).
    expect(html).toContain('href="webcal://herald.example.org/en/events.ics"');
    expect(html).toContain('href="https://herald.example.org/en/events.ics"');
  });

  it('serves every listed event in one calendar that a real parser reads', async () => {
    await create({ event: event('Forum of 2017', '2017-12-04T14:00+08:00') });
    await create({ event: event('Workshop of 2022', '2022-08-12', { end: '2022-08-13' }) });
    const res = await get('/events.ics');
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const calendar = new ICAL.Component(ICAL.parse(await res.text()));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Herald events');
    const vevents = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(vevents.map((e) => e.summary)).toEqual(['Workshop of 2022', 'Forum of 2017']);
    expect(new Set(vevents.map((e) => e.uid)).size).toBe(2);
    expect(vevents[0]!.endDate.toString()).toBe('2022-08-14');
    const etag = res.headers.get('etag')!;
    expect((await get('/events.ics', { 'if-none-match': etag })).status).toBe(304);
  });

  it('has a page and a calendar per topic, and 404 for a topic with no event', async () => {
    await create({ topics: ['sovereignty'], event: event('On sovereignty', '2023-03-01') });
    await create({ topics: ['data'], event: event('On data', '2023-04-01') });
    expect(await eventNames('/topics/sovereignty/events')).toEqual(['On sovereignty']);
    const calendar = new ICAL.Component(ICAL.parse(await (await get('/topics/data/events.ics')).text()));
    expect(calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).summary)).toEqual(['On data']);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Herald events: data');
    // A catalogued topic by its label, on the page and in the calendar's name.
    expect(await (await get('/topics/sovereignty/events')).text()).toMatch(/<h1>Events: Sovereignty in cyberspace<\/h1>/);
    expect(await (await get('/zh/topics/sovereignty/events')).text()).toMatch(/<h1>活动：网络主权<\/h1>/);
    const named = new ICAL.Component(ICAL.parse(await (await get('/topics/sovereignty/events.ics')).text()));
    expect(named.getFirstPropertyValue('x-wr-calname')).toBe('Herald events: Sovereignty in cyberspace');
    expect((await get('/topics/nothing-here/events')).status).toBe(404);
    expect((await get('/topics/nothing-here/events.ics')).status).toBe(404);
  });

  it('follows an event moved to another date, a removed event and a deleted report', async () => {
    const moved = await create({ event: event('Moved forum', '2020-01-01') });
    const dropped = await create({ event: event('Dropped forum', '2020-02-01') });
    const deleted = await create({ event: event('Deleted forum', '2020-03-01') });
    await api('PUT', `/reports/${moved.slug}`, { title: moved.title, body: moved.body, published: moved.published, event: event('Moved forum', '2021-06-01') });
    await api('PUT', `/reports/${dropped.slug}`, { title: dropped.title, body: dropped.body, published: dropped.published });
    await api('DELETE', `/reports/${deleted.slug}`);
    expect(await eventNames('/events')).toEqual(['Moved forum']);
    expect(await (await get('/events')).text()).toContain('<h3 class="year-heading">2021</h3>');
  });

  it('serves the page and the calendar from rendered copies: a poll lists nothing, and a write is seen at once', async () => {
    await create({ event: event('First forum', '2023-05-01') });
    expect((await get('/events.ics')).status).toBe(200);
    forgetRendered();
    const polled = countingKv(env.REPORTS);
    const res = await withEnv({ REPORTS: polled.kv }, '/events.ics');
    expect(res.status).toBe(200);
    expect(polled.counts).toEqual({ get: 1, list: 0, put: 0, delete: 0 });
    await create({ event: event('Second forum', '2023-06-01') });
    const calendar = new ICAL.Component(ICAL.parse(await (await get('/events.ics')).text()));
    expect(calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).summary)).toEqual(['Second forum', 'First forum']);
  });

  it('moves an event that has just ended from upcoming to past with no write', async () => {
    const end = new Date(Date.now() + 1500);
    const at = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;
    await create({ event: event('Ending forum', at(new Date(end.getTime() - 3_600_000)), { end: at(end) }) });
    const upcoming = await (await get('/events')).text();
    expect(upcoming).toContain('Ending forum');
    expect(upcoming).not.toContain('No events are scheduled at the moment.');
    await sleep(2100);
    const later = await (await get('/events')).text();
    expect(later).toContain('No events are scheduled at the moment.');
    expect(later).toContain('Ending forum');
  });

  it('puts a date block beside each event: month, day (the days of a span within one month) and year, as the event gives them', async () => {
    await create({ event: event('Two-day forum', '2022-08-12', { end: '2022-08-13' }) });
    await create({ event: event('Evening lecture', '2021-03-04T19:00:00-05:00') });
    await create({ event: event('Across months', '2020-01-31', { end: '2020-02-02' }) });
    const html = await (await get('/events')).text();
    const blocks = [...html.matchAll(/<time class="date-block" datetime="([^"]+)" aria-hidden="true"><span class="date-block-month">([^<]+)<\/span><span class="date-block-days?[^"]*">([^<]+)<\/span><span class="date-block-year">([^<]+)<\/span><\/time>/g)].map((m) => m.slice(1).join(' '));
    // The evening lecture is on 4 March where it takes place (the 5th in UTC).
    expect(blocks).toEqual(['2022-08-12 Aug 12–13 2022', '2021-03-04 Mar 4 2021', '2020-01-31 Jan 31 2020']);
    // The event line still says the date in full, for readers and screen readers alike.
    expect(html).toContain('12–13 August 2022');
  });

  it('says what an empty list of upcoming events means, and where to go: past events, the calendar, or the latest reports', async () => {
    const none = await (await get('/events')).text();
    expect(none).toContain('No events have been reported yet.');
    expect(none).toContain('When the institute announces a workshop, conference or lecture, it is listed here');
    expect(none).toContain('<a href="https://herald.example.org/">Read the latest reports</a>');
    expect(none).toContain('<a href="https://herald.example.org/follow">Follow the calendar</a>');
    expect(none).not.toContain('id="past"');
    expect(headingLevels(none)).toEqual([1, 2]);
    await create({ event: event('Forum of 2017', '2017-12-04') });
    const past = await (await get('/events')).text();
    expect(past).toContain('No events are scheduled at the moment.');
    expect(past).toContain('<a href="#past">See past events</a>');
    expect(past).toContain('<h2 id="past">Past events</h2>');
    const chinese = await (await get('/zh/events')).text();
    expect(chinese).toContain('目前没有已安排的活动。');
    expect(chinese).toContain('<a href="https://herald.example.org/zh/follow">订阅活动日历</a>');
  });

  it('moves a topic named in another case to its own events address', async () => {
    await create({ topics: ['sovereignty'], event: event('On sovereignty', '2023-03-01') });
    const res = await exports.default.fetch('http://example.test/topics/Sovereignty/events.ics', { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('https://herald.example.org/topics/sovereignty/events.ics');
  });
});
