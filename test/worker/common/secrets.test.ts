import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Env } from '../../../src/common/config.ts';
import { addSubscriber, consume, HOURLY, recordingEmail, recordingQueue, runCron } from '../digests/helpers.ts';
import { nextDueAt } from '../../../src/digests/schedule.ts';
import { create, throughWorker } from '../support/worker.ts';
import { TOKEN } from '../support/site.ts';

const SHORT = 'only-twenty-six-bytes-long';

/** Every line the Worker logs while `run` runs. */
async function logsOf(run: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  for (const method of ['log', 'warn', 'error'] as const) vi.spyOn(console, method).mockImplementation((line: unknown) => void lines.push(String(line)));
  await run();
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('secrets shorter than 32 bytes are refused when the Worker starts handling an event', () => {
  it('closes the admin API (503 naming ADMIN_TOKEN) even to a client that sends that short token', async () => {
    const res = await throughWorker({ ADMIN_TOKEN: SHORT }, '/api/reports', { headers: { authorization: `Bearer ${SHORT}` } });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { detail: string }).detail).toContain('ADMIN_TOKEN');
    // A long one still opens it.
    expect((await throughWorker({}, '/api/reports', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('saves no channel with a short CHANNELS_KEY (503 naming it), and stores nothing', async () => {
    const init = { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/x' }) };
    const res = await throughWorker({ CHANNELS_KEY: SHORT }, '/api/channels/site', init);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { detail: string }).detail).toContain('CHANNELS_KEY');
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM channels').first('n')).toBe(0);
  });

  it('sends no digest signed with a short SUBSCRIPTION_SECRET', async () => {
    await addSubscriber({ timeZone: 'UTC', confirmedAt: Date.now() - 1000 });
    await create({ title: 'A report to send' });
    const due = nextDueAt('daily', 'UTC', Date.now(), { hour: 7, weekday: 1 })!;
    const queue = recordingQueue();
    await runCron(HOURLY, due, { DIGESTS: queue.queue, SUBSCRIPTION_SECRET: SHORT });
    expect(queue.messages).toEqual([]);
    await runCron(HOURLY, due, { DIGESTS: queue.queue });
    expect(queue.messages).toHaveLength(1);
    const mail = recordingEmail();
    await consume(queue.messages, { EMAIL: mail.binding, SUBSCRIPTION_SECRET: SHORT });
    expect(mail.calls).toBe(0);
  });

  it('logs a config error naming each refused setting, never its value', async () => {
    const overrides = { SUBSCRIPTION_SECRET_PREVIOUS: 'previous-sub-secret', CHANNELS_KEY_PREVIOUS: 'previous-channels-key' } as Partial<Env>;
    const lines = await logsOf(() => throughWorker(overrides, '/healthz'));
    for (const setting of ['SUBSCRIPTION_SECRET_PREVIOUS', 'CHANNELS_KEY_PREVIOUS']) {
      expect(lines.some((line) => JSON.parse(line).event === 'config-error' && JSON.parse(line).level === 'error' && line.includes(setting)), setting).toBe(true);
    }
    expect(lines.join('\n')).not.toMatch(/previous-sub-secret|previous-channels-key/);
  });
});
