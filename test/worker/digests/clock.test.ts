import { createExecutionContext, createMessageBatch } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { onDigestQueue } from '../../../src/digests/jobs.ts';
import type { DigestMessage } from '../../../src/common/config.ts';
import { MINUTE } from '../support/clock.ts';
import { create } from '../support/worker.ts';
import { addSubscriber, FREQUENT, recordingEmail, recordingQueue, runCron } from './helpers.ts';

describe('the digest consumer’s clock', () => {
  it('stamps each send when it happens, so a long batch never makes its own work look stale', async () => {
    for (const email of ['a@example.org', 'b@example.org', 'c@example.org']) await addSubscriber({ email, frequency: 'instant' });
    await create({ title: 'One report, three readers' });
    const queue = recordingQueue();
    const start = Date.now() + MINUTE;
    await runCron(FREQUENT, start, { DIGESTS: queue.queue });
    expect(queue.messages).toHaveLength(3);
    // A slow batch: every reading of the clock finds it a minute later.
    let time = start;
    const clock = () => (time += MINUTE);
    const batch = createMessageBatch<DigestMessage>('herald-digests', queue.messages.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })));
    await onDigestQueue(batch, { ...env, EMAIL: recordingEmail().binding }, createExecutionContext(), clock);
    const { results } = await env.DB.prepare("SELECT updated_at FROM sends WHERE status = 'sent' ORDER BY updated_at").all<{ updated_at: number }>();
    expect(results).toHaveLength(3);
    // The last send was stamped minutes after the batch began, not with the batch's start.
    expect(results[2]!.updated_at - results[0]!.updated_at).toBeGreaterThanOrEqual(2 * MINUTE);
  });
});
