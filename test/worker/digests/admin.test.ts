import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { addSubscriber, consume, recordingEmail, recordingQueue } from './helpers.ts';
import { api, create, withEnv } from '../support/worker.ts';

function runNow(body: unknown, overrides = {}) {
  return withEnv(overrides, '/api/digests/run', { method: 'POST', headers: { authorization: 'Bearer test-admin-token-of-at-least-32-bytes', 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('the digest admin API', () => {
  it('counts a dry run without enqueuing or recording anything', async () => {
    await addSubscriber({ frequency: 'weekly' });
    await addSubscriber({ frequency: 'weekly', lastSeq: 5 });
    await create();
    const queue = recordingQueue();
    const res = await runNow({ frequency: 'weekly', dry_run: true }, { DIGESTS: queue.queue });
    expect(await res.json()).toEqual({ frequency: 'weekly', dry_run: true, subscribers: 2, due: 1 });
    expect(queue.messages).toEqual([]);
    expect((await env.DB.prepare('SELECT COUNT(*) AS n FROM runs').first<{ n: number }>())!.n).toBe(0);
  });

  it('runs now, then shows the run with its counts', async () => {
    await addSubscriber({ frequency: 'daily' });
    await addSubscriber({ frequency: 'daily', status: 'unsubscribed' });
    await create({ title: 'Run-now report' });
    const queue = recordingQueue();
    const res = await runNow({ frequency: 'daily' }, { DIGESTS: queue.queue });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ frequency: 'daily', due: 1 });
    const mail = recordingEmail(() => ({ throw: new Error('connection reset') }));
    await consume(queue.messages, { EMAIL: mail.binding });
    const runs = (await (await api('GET', '/digests')).json()) as { runs: Record<string, unknown>[] };
    expect(runs.runs[0]).toMatchObject({ frequency: 'daily', trigger: 'admin', due: 1, sent: 0, unknown: 1, failed: 0 });
    const problems = (await (await api('GET', `/digests/${runs.runs[0]!.id}/problems`)).json()) as { sends: { email: string; status: string; error: string }[] };
    expect(problems.sends).toEqual([expect.objectContaining({ status: 'unknown', error: 'connection reset' })]);
  });

  it('refuses an unknown frequency with a 400 naming it', async () => {
    const res = await runNow({ frequency: 'hourly' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('frequency');
  });

  it('previews what a subscriber would get now, as HTML and text', async () => {
    await addSubscriber({ email: 'preview@example.org', topics: ['data'] });
    await create({ title: 'On data', topics: ['data'] });
    await create({ title: 'On norms', topics: ['norms'] });
    const body = (await (await api('GET', '/digests/preview?email=preview@example.org')).json()) as { reports: number; subject: string; html: string; text: string };
    expect(body.reports).toBe(1);
    expect(body.subject).toBe('New report: On data');
    expect(body.text).toContain('On data');
    expect(body.html).toContain('/unsubscribe?token=');
    expect((await api('GET', '/digests/preview?email=nobody@example.org')).status).toBe(404);
    expect((await api('GET', '/digests/preview?email=not-an-address')).status).toBe(400);
  });
});
