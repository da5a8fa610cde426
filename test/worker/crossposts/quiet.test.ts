import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { latestSeq } from '../../../src/reports/publications-store.ts';
import { DAY } from '../support/clock.ts';
import { addChannel, adminApi, deliveries, dispatch, publish, recordingQueue, WEBHOOK_SECRET } from './helpers.ts';

const cursor = () => env.DB.prepare('SELECT seq FROM crosspost_cursor WHERE id = 1').first<number>('seq');

describe('quiet reports and cross-posting', () => {
  it('posts no quiet report, at once or from the cron, and moves the cursor past it', async () => {
    await addChannel('site', { type: 'webhook', url: 'https://hooks.example.net/herald', secret: WEBHOOK_SECRET, topics: [], enabled: true });
    const { queue, messages } = recordingQueue();
    const old = await publish(queue, { title: 'Wuzhen forum of 2017', published: '2017-12-04', announce: undefined });
    expect(old.quiet_reason).toBe('back-catalogue');
    const fresh = await publish(queue, { title: 'A workshop held yesterday', published: new Date(Date.now() - DAY).toISOString(), announce: undefined });
    await publish(queue, { title: 'Rule of law workshop of 2022', published: '2022-08-12', announce: undefined });
    expect((await dispatch()).messages).toEqual([]);
    expect((await deliveries()).map((d) => d.slug)).toEqual([fresh.slug]);
    expect(messages).toHaveLength(1);
    // The cursor stands past the quiet report at the end: the next dispatch reads nothing again.
    expect(await cursor()).toBe(await latestSeq(env.DB));
  });

  it('moves the cursor past a back catalogue of quiet reports when the cron runs, posting nothing', async () => {
    await addChannel('site', { type: 'webhook', url: 'https://hooks.example.net/herald', secret: WEBHOOK_SECRET, topics: [], enabled: true });
    const { queue, messages } = recordingQueue();
    for (let i = 0; i < 3; i += 1) await publish(queue, { published: '2017-12-04', announce: undefined });
    expect(await dispatch()).toMatchObject({ created: 0, messages: [] });
    expect(await cursor()).toBe(3);
    expect(messages).toEqual([]);
    expect(await deliveries()).toEqual([]);
  });

  it('leaves quiet reports out of a backfill', async () => {
    const { queue } = recordingQueue();
    await publish(queue, { title: 'Wuzhen forum of 2017', published: '2017-12-04', announce: undefined });
    const announced = await publish(queue, { title: 'Announced anyway', published: '2017-12-05', announce: true });
    await addChannel('later', { type: 'webhook', url: 'https://hooks.example.net/herald', secret: WEBHOOK_SECRET, topics: [], enabled: true });
    const backfill = await adminApi('POST', '/channels/later/backfill', { since: '2000-01-01' }, { CROSSPOSTS: queue });
    expect(await backfill.json()).toEqual({ queued: 1 });
    expect((await deliveries()).map((d) => d.slug)).toEqual([announced.slug]);
  });
});
