import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { saveReport } from '../../../src/reports/publishing.ts';
import { parseReportInput } from '../../../src/reports/schema.ts';
import { readConfig } from '../../../src/common/config.ts';
import { makeReport } from '../support/builders.ts';
import { laggingKv } from '../support/lagging-kv.ts';
import { addChannel, consume, deliveries, dispatch, service, WEBHOOK_SECRET } from './helpers.ts';

const HOOK = 'https://hooks.example.net/herald';
/** Longer than any test takes: what the lagging location has not seen, it does not see until told. */
const LAG_MS = 60_000;

/** Publishes in a location whose KV is `kv` (a content sync there: no dispatch of its own). */
async function publishVia(kv: KVNamespace, title: string): Promise<void> {
  const input = parseReportInput(makeReport({ title }));
  if (!input.ok) throw new Error(JSON.stringify(input.errors));
  await saveReport({ kv, db: env.DB }, readConfig(env), input.value, `lagging-${title.length}`, Date.now(), null);
}

describe('cross-posting never skips a report KV has not shown yet', () => {
  it('the dispatcher stops before a report written elsewhere seconds ago, and posts it once KV shows it', async () => {
    await addChannel('site', { type: 'webhook', url: HOOK, secret: WEBHOOK_SECRET });
    const lag = laggingKv(env.REPORTS, LAG_MS);
    await publishVia(lag.writer, 'Written seconds ago elsewhere');
    const early = await dispatch(Date.now(), { REPORTS: lag.kv });
    expect(early.messages).toEqual([]);
    expect(await deliveries()).toEqual([]);
    lag.catchUp();
    const later = await dispatch(Date.now(), { REPORTS: lag.kv });
    expect(later.messages).toHaveLength(1);
    expect((await deliveries()).map((d) => d.status)).toEqual(['queued']);
  });

  it('the consumer waits for a report its location does not show yet, rather than cancelling the post', async () => {
    await addChannel('site', { type: 'webhook', url: HOOK, secret: WEBHOOK_SECRET });
    const lag = laggingKv(env.REPORTS, LAG_MS);
    await publishVia(lag.writer, 'Posted from another location');
    const { messages } = await dispatch(Date.now(), { REPORTS: lag.writer });
    const hook = service();
    const first = await consume(messages, hook.fetcher, { env: { REPORTS: lag.kv } });
    expect(hook.received).toEqual([]);
    expect(first.delays).toEqual([30]);
    expect((await deliveries()).map((d) => d.status)).toEqual(['retrying']);
    lag.catchUp();
    await consume(messages, hook.fetcher, { env: { REPORTS: lag.kv }, attempts: 2, now: Date.now() + 31_000 });
    expect(hook.received).toHaveLength(1);
    expect((await deliveries()).map((d) => d.status)).toEqual(['sent']);
  });
});
