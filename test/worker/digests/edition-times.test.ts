import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { nextDueAt } from '../../../src/digests/schedule.ts';
import { create, get } from '../support/worker.ts';
import { FREQUENT, HOURLY, recordingQueue, runCron } from './helpers.ts';

const HOUR = 3_600_000;
const CONFIG = { hour: 7, weekday: 1 };

interface EditionRow {
  frequency: string;
  since: number;
  until: number;
  subject: string;
}

async function editions(frequency = 'daily'): Promise<EditionRow[]> {
  const { results } = await env.DB.prepare('SELECT frequency, since, until, subject FROM editions WHERE frequency = ?1 ORDER BY id').bind(frequency).all<EditionRow>();
  return results;
}

/** Runs `cron` at `time` as a site in `timeZone`, with a queue that keeps what it is sent. */
const run = (cron: string, time: number, timeZone: string) => runCron(cron, time, { SITE_TIMEZONE: timeZone, DIGESTS: recordingQueue().queue });

describe('the archive’s editions, in the site’s time zone', () => {
  it('keeps the daily edition of a half-hour zone (07:00 in Asia/Kolkata is 01:30 UTC) once, from the hourly runs', async () => {
    await create({ title: 'Seminar in Delhi' });
    const seven = nextDueAt('daily', 'Asia/Kolkata', Date.now(), CONFIG)!;
    expect(new Date(seven).getUTCMinutes()).toBe(30);
    // Every hourly run of a day and a bit, as the platform fires them: at minute 0 UTC.
    const first = Math.ceil(Date.now() / HOUR) * HOUR;
    for (let at = first; at <= seven + 26 * HOUR; at += HOUR) await run(HOURLY, at, 'Asia/Kolkata');
    const kept = await editions();
    expect(kept).toEqual([{ frequency: 'daily', since: seven - 24 * HOUR, until: seven, subject: 'New report: Seminar in Delhi' }]);
    expect(await (await get('/digests')).text()).toContain('New report: Seminar in Delhi');
  });

  it('keeps the edition of the window that closed last on any run, not only at the digest hour', async () => {
    await create({ title: 'Kept in the afternoon' });
    const seven = nextDueAt('daily', 'UTC', Date.now(), CONFIG)!;
    // The first run after 07:00 is at 15:00 (a cron that did not fire, a deploy in between).
    await run(HOURLY, seven + 8 * HOUR, 'UTC');
    await run(FREQUENT, seven + 8 * HOUR + 5 * 60_000, 'UTC');
    expect((await editions()).map((e) => [e.frequency, e.until])).toEqual([['daily', seven]]);
  });

  it('keeps it within five minutes at a quarter-hour offset (Asia/Kathmandu, UTC+05:45), once when runs race', async () => {
    await create({ title: 'Forum in Kathmandu' });
    const seven = nextDueAt('daily', 'Asia/Kathmandu', Date.now(), CONFIG)!;
    expect(new Date(seven).getUTCMinutes()).toBe(15);
    // Five minutes before, the day that closed last (yesterday 07:00) had no report.
    await run(FREQUENT, seven - 5 * 60_000, 'Asia/Kathmandu');
    expect(await editions()).toEqual([]);
    await Promise.all([run(FREQUENT, seven, 'Asia/Kathmandu'), run(FREQUENT, seven, 'Asia/Kathmandu'), run(HOURLY, seven + 45 * 60_000, 'Asia/Kathmandu')]);
    expect((await editions()).map((e) => e.until)).toEqual([seven]);
  });

  it('keeps the weekly edition of a half-hour zone on its weekday', async () => {
    await create({ title: 'Weekly in Delhi' });
    const monday = nextDueAt('weekly', 'Asia/Kolkata', Date.now(), CONFIG)!;
    await run(HOURLY, Math.ceil(monday / HOUR) * HOUR, 'Asia/Kolkata');
    expect(await editions('weekly')).toEqual([{ frequency: 'weekly', since: monday - 7 * 24 * HOUR, until: monday, subject: 'New report: Weekly in Delhi' }]);
  });
});
