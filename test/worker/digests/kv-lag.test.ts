import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { nextDueAt } from '../../../src/digests/schedule.ts';
import { saveReport } from '../../../src/reports/publishing.ts';
import { parseReportInput } from '../../../src/reports/schema.ts';
import { readConfig } from '../../../src/common/config.ts';
import { laggingKv } from '../support/lagging-kv.ts';
import { makeReport } from '../support/builders.ts';
import { TOKEN } from '../support/site.ts';
import { create, withEnv } from '../support/worker.ts';
import { addSubscriber, consume, FREQUENT, HOURLY, ledger, recordingEmail, recordingQueue, runCron, serviceError } from './helpers.ts';

const HOUR = 3_600_000;
/** Longer than any test takes: what the lagging location has not seen, it does not see until told. */
const LAG_MS = 60_000;

/** Creates a report through the API of a location whose KV is `kv`. */
async function createVia(kv: KVNamespace, overrides: Record<string, unknown>): Promise<{ slug: string }> {
  const res = await withEnv({ REPORTS: kv }, '/api/reports', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(makeReport(overrides)) });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return res.json();
}

async function deleteVia(kv: KVNamespace, slug: string): Promise<void> {
  const res = await withEnv({ REPORTS: kv }, `/api/reports/${slug}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
  if (res.status >= 300) throw new Error(`delete failed: ${res.status}`);
}

describe('a digest never skips a report KV has not shown yet', () => {
  it('holds a daily digest until a report written elsewhere seconds ago can be read, then sends it with it', async () => {
    await addSubscriber();
    const lag = laggingKv(env.REPORTS, LAG_MS);
    await create({ title: 'Written an hour ago' });
    await createVia(lag.writer, { title: 'Written seconds ago elsewhere' });
    const queue = recordingQueue();
    await runCron(HOURLY, Date.now() + HOUR, { DIGESTS: queue.queue });
    const mail = recordingEmail();
    const held = recordingQueue();
    await consume(queue.messages, { EMAIL: mail.binding, REPORTS: lag.kv, DIGESTS: held.queue });
    expect(mail.calls).toBe(0);
    lag.catchUp();
    await consume(queue.messages, { EMAIL: mail.binding, REPORTS: lag.kv }, { attempts: 2 });
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]!.text).toContain('Written an hour ago');
    expect(mail.sent[0]!.text).toContain('Written seconds ago elsewhere');
    // The wait spent none of the message's attempts: it came back as a new message, soon.
    expect(held.messages).toEqual(queue.messages);
    for (const delay of held.delays) expect(delay).toBeLessThanOrEqual(30);
  });

  it('mails an instant report once KV shows it, instead of moving past it', async () => {
    await addSubscriber({ frequency: 'instant' });
    const lag = laggingKv(env.REPORTS, LAG_MS);
    await createVia(lag.writer, { title: 'Instant, written elsewhere' });
    const queue = recordingQueue();
    await runCron(FREQUENT, Date.now() + 60_000, { DIGESTS: queue.queue });
    const mail = recordingEmail();
    await consume(queue.messages, { EMAIL: mail.binding, REPORTS: lag.kv, DIGESTS: recordingQueue().queue });
    lag.catchUp();
    await consume(queue.messages, { EMAIL: mail.binding, REPORTS: lag.kv }, { attempts: 2 });
    expect(mail.sent.map((m) => m.subject)).toEqual([expect.stringContaining('Instant, written elsewhere')]);
  });

  it('sends a claimed email on a retry in a location that does not show its report yet, rather than cancelling it', async () => {
    await addSubscriber();
    const lag = laggingKv(env.REPORTS, LAG_MS);
    await createVia(lag.writer, { title: 'Claimed in one place, retried in another' });
    const queue = recordingQueue();
    await runCron(HOURLY, Date.now() + HOUR, { DIGESTS: queue.queue });
    // Claimed where KV shows the report; the service refused for now.
    await consume(queue.messages, { EMAIL: recordingEmail(() => ({ throw: serviceError('E_RATE_LIMIT_EXCEEDED') })).binding });
    const mail = recordingEmail();
    await consume(queue.messages, { EMAIL: mail.binding, REPORTS: lag.kv, DIGESTS: recordingQueue().queue }, { attempts: 2 });
    expect((await ledger()).map((row) => row.status)).toEqual(['claimed']);
    lag.catchUp();
    await consume(queue.messages, { EMAIL: mail.binding, REPORTS: lag.kv }, { attempts: 3 });
    expect(mail.sent).toHaveLength(1);
    expect((await ledger()).map((row) => row.status)).toEqual(['sent']);
  });

  it('leaves out a report deleted elsewhere even where KV still shows it, and is not held by it', async () => {
    await addSubscriber();
    await create({ title: 'Still public' });
    const deleted = await create({ title: 'Deleted, still in this location’s KV' });
    // The delete's KV write has not reached this location; D1 knows at once.
    const stale = new Proxy(env.REPORTS, { get: (target, prop) => (prop === 'delete' ? async () => {} : Reflect.get(target, prop).bind(target)) });
    await deleteVia(stale, deleted.slug);
    const lag = laggingKv(env.REPORTS, LAG_MS);
    const gone = await createVia(lag.writer, { title: 'Deleted seconds after it was published' });
    await deleteVia(lag.writer, gone.slug);
    const queue = recordingQueue();
    await runCron(HOURLY, Date.now() + HOUR, { DIGESTS: queue.queue });
    const mail = recordingEmail();
    await consume(queue.messages, { EMAIL: mail.binding, REPORTS: lag.kv });
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]!.text).toContain('Still public');
    expect(mail.sent[0]!.text).not.toContain('Deleted');
  });

  it('holds the window for a report made public again elsewhere seconds ago, though it was first recorded long before', async () => {
    await addSubscriber();
    const input = (draft: boolean) => {
      const parsed = parseReportInput({ title: 'Back from drafts', body: 'Public, a draft for a while, public again.', draft });
      if (!parsed.ok) throw new Error('bad input');
      return parsed.value;
    };
    const stores = { kv: env.REPORTS, db: env.DB };
    const { report } = await saveReport(stores, readConfig(env), input(false), 'back-from-drafts', Date.now() - HOUR, null);
    const { report: draft } = await saveReport(stores, readConfig(env), input(true), 'back-from-drafts', Date.now() - HOUR / 2, report);
    const lag = laggingKv(env.REPORTS, LAG_MS);
    await saveReport({ kv: lag.writer, db: env.DB }, readConfig(env), input(false), 'back-from-drafts', Date.now(), draft);
    const queue = recordingQueue();
    await runCron(HOURLY, Date.now() + HOUR, { DIGESTS: queue.queue });
    const mail = recordingEmail();
    await consume(queue.messages, { EMAIL: mail.binding, REPORTS: lag.kv, DIGESTS: recordingQueue().queue });
    expect(mail.calls).toBe(0);
    lag.catchUp();
    await consume(queue.messages, { EMAIL: mail.binding, REPORTS: lag.kv }, { attempts: 2 });
    expect(mail.sent.map((m) => m.subject)).toEqual([expect.stringContaining('Back from drafts')]);
  });

  it('keeps the day’s edition with a report written elsewhere just before 07:00, once KV shows it', async () => {
    const seven = nextDueAt('daily', 'UTC', Date.now(), { hour: 7, weekday: 1 })!;
    await create({ title: 'Written the day before' });
    const lag = laggingKv(env.REPORTS, LAG_MS);
    const input = parseReportInput({ title: 'Written at 06:59:30 elsewhere', body: 'A late report.' });
    if (!input.ok) throw new Error('bad input');
    await saveReport({ kv: lag.writer, db: env.DB }, readConfig(env), input.value, 'written-at-06-59', seven - 30_000, null);
    await runCron(HOURLY, seven, { REPORTS: lag.kv, DIGESTS: recordingQueue().queue });
    lag.catchUp();
    await runCron(FREQUENT, seven + 5 * 60_000, { REPORTS: lag.kv, DIGESTS: recordingQueue().queue });
    const { results } = await env.DB.prepare("SELECT until, subject, count FROM editions WHERE frequency = 'daily'").all();
    expect(results).toEqual([{ until: seven, subject: expect.stringContaining('2 new reports'), count: 2 }]);
  });

  it('records a scheduled report that came due where KV does not show it yet, and mails it', async () => {
    await addSubscriber({ frequency: 'instant' });
    const lag = laggingKv(env.REPORTS, LAG_MS);
    const due = Date.now() + HOUR;
    await createVia(lag.writer, { title: 'Scheduled, written elsewhere', published: new Date(due).toISOString() });
    await runCron(FREQUENT, due + 60_000, { REPORTS: lag.kv, DIGESTS: recordingQueue().queue });
    lag.catchUp();
    const queue = recordingQueue();
    await runCron(FREQUENT, due + 2 * 60_000, { REPORTS: lag.kv, DIGESTS: queue.queue });
    expect(queue.messages).toHaveLength(1);
  });
});
