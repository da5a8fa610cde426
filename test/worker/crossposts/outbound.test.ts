import { describe, expect, it } from 'vitest';
import { addChannel, consume, deliveries, network, publish, recordingQueue } from './helpers.ts';
import { WEBHOOK_SECRET } from './helpers.ts';

const ELSEWHERE = 'https://collector.evil.example/take';

/** Publishes one report to the channel `id` and runs the consumer once with `fetcher`. */
async function deliverOnce(id: string, channel: Record<string, unknown>, fetcher: (request: Request) => Promise<Response>) {
  await addChannel(id, channel);
  const { queue, messages } = recordingQueue();
  await publish(queue);
  return consume(messages, fetcher);
}

describe('outbound requests never follow a redirect', () => {
  const channels: [string, Record<string, unknown>, string][] = [
    ['a webhook (its signed payload)', { type: 'webhook', url: 'https://hooks.example.net/herald', secret: WEBHOOK_SECRET }, 'https://hooks.example.net/herald'],
    ['Mastodon (its access token)', { type: 'mastodon', instance: 'https://social.example', access_token: 'tok' }, 'https://social.example/api/v1/statuses'],
    ['Bluesky (its app password)', { type: 'bluesky', identifier: 'herald.bsky.social', app_password: 'abcd-efgh-ijkl-mnop' }, 'https://bsky.social/xrpc/com.atproto.server.createSession'],
  ];
  for (const [what, channel, first] of channels) {
    it(`${what}: a 307 is a failed attempt with its status, and nothing goes to its target`, async () => {
      const net = network((request) => (request.url.startsWith(ELSEWHERE) ? new Response('thanks') : new Response(null, { status: 307, headers: { location: ELSEWHERE } })));
      const result = await deliverOnce('ch', channel, net.fetcher);
      expect(net.received.map((r) => r.url)).toEqual([first]);
      expect(result.retryMessages).toHaveLength(0);
      const [delivery] = await deliveries();
      expect(delivery).toMatchObject({ status: 'failed', last_status: 307 });
      expect(delivery!.last_error).toContain('redirect');
    });
  }
});

describe('answers are read up to 64 KiB', () => {
  it('reads no more of an endless answer than the cap, and still records the attempt', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(16 * 1024).fill(120);
    const endless = () =>
      new Response(
        new ReadableStream<Uint8Array>(
          {
            pull(controller) {
              pulled += chunk.byteLength;
              if (pulled > 8 * 1024 * 1024) controller.close();
              else controller.enqueue(chunk.slice());
            },
          },
          { highWaterMark: 0 },
        ),
        { status: 503 },
      );
    const result = await deliverOnce('hook', { type: 'webhook', url: 'https://hooks.example.net/herald', secret: WEBHOOK_SECRET }, async () => endless());
    expect(pulled).toBeLessThanOrEqual(64 * 1024 + 2 * chunk.byteLength);
    expect(result.retryMessages).toHaveLength(1);
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'retrying', last_status: 503 });
    expect(delivery!.last_error!.length).toBeLessThanOrEqual(600);
  });
});
