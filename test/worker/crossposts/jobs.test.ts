import { env } from 'cloudflare:workers';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { HOUR } from '../support/clock.ts';
import { api } from '../support/worker.ts';
import { addChannel, adminApi, consume, deliveries, dispatch, publish, recordingQueue, service, WEBHOOK_SECRET } from './helpers.ts';

const HOOK = 'https://hooks.example.net/herald';

async function webhookChannel(extra: Record<string, unknown> = {}) {
  await addChannel('site', { type: 'webhook', url: HOOK, secret: WEBHOOK_SECRET, topics: [], enabled: true, ...extra });
}

describe('channels through the admin API', () => {
  it('stores a channel with its credentials encrypted, and shows only which are set', async () => {
    const res = await adminApi('PUT', '/channels/site', { type: 'webhook', url: HOOK, secret: WEBHOOK_SECRET, topics: ['Data'], enabled: true });
    expect(res.status).toBe(201);
    const shown = await res.json<Record<string, unknown>>();
    expect(shown).toMatchObject({ id: 'site', type: 'webhook', url: HOOK, topics: ['data'], enabled: true, credentials: { secret: true } });
    expect(JSON.stringify(shown)).not.toContain(WEBHOOK_SECRET);
    const row = await env.DB.prepare('SELECT secret, settings FROM channels WHERE id = ?').bind('site').first<{ secret: string; settings: string }>();
    expect(row!.secret).toMatch(/^v2\./);
    expect(row!.secret + row!.settings).not.toContain(WEBHOOK_SECRET.slice(6, 20));
    const listed = await (await adminApi('GET', '/channels')).json<{ channels: unknown[] }>();
    expect(JSON.stringify(listed)).not.toContain(WEBHOOK_SECRET);
    // Changing the topics keeps the stored secret.
    expect((await adminApi('PUT', '/channels/site', { type: 'webhook', url: HOOK, topics: [] })).status).toBe(200);
    expect((await (await adminApi('GET', '/channels/site')).json<Record<string, unknown>>()).credentials).toEqual({ secret: true });
    expect((await adminApi('DELETE', '/channels/site')).status).toBe(204);
    expect((await adminApi('GET', '/channels/site')).status).toBe(404);
  });

  it('refuses to save credentials without CHANNELS_KEY (503), and stores nothing', async () => {
    const res = await adminApi('PUT', '/channels/site', { type: 'webhook', url: HOOK, secret: WEBHOOK_SECRET }, { CHANNELS_KEY: undefined });
    expect(res.status).toBe(503);
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM channels').first('n')).toBe(0);
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['plain http to another host', { type: 'webhook', url: 'http://hooks.example.net/x', secret: WEBHOOK_SECRET }, 'url'],
    ['a URL that is not one', { type: 'slack', url: 'not a url' }, 'url'],
    ['an unknown type', { type: 'myspace', url: HOOK }, 'type'],
    ['a secret that is not whsec_', { type: 'webhook', url: HOOK, secret: 'hunter2' }, 'secret'],
    ['a missing credential', { type: 'mastodon', instance: 'https://mastodon.example' }, 'access_token'],
    ['a bad topic', { type: 'discord', url: HOOK, topics: ['<b>'] }, 'topics.0'],
    ['an unknown field', { type: 'teams', url: HOOK, colour: 'red' }, 'colour'],
    ['a language that is not a language tag', { type: 'slack', url: HOOK, lang: 'Chinese!' }, 'lang'],
  ];
  for (const [what, body, field] of bad) {
    it(`answers 400 naming "${field}" for ${what}, and stores nothing`, async () => {
      const res = await adminApi('PUT', '/channels/bad', body);
      expect(res.status).toBe(400);
      const problem = await res.json<{ errors: { field: string }[] }>();
      expect(problem.errors.map((e) => e.field)).toContain(field);
      expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM channels').first('n')).toBe(0);
    });
  }

  it('answers a test with what the service said: here, that nothing listens (502)', async () => {
    await addChannel('nowhere', { type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: WEBHOOK_SECRET });
    const res = await adminApi('POST', '/channels/nowhere/test');
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ ok: false, status: null });
    expect(await deliveries()).toEqual([]);
  });

  it('accepts plain http to localhost and 127.0.0.1, for local work', async () => {
    expect((await adminApi('PUT', '/channels/local', { type: 'webhook', url: 'http://127.0.0.1:9999/hook', secret: WEBHOOK_SECRET })).status).toBe(201);
    expect((await adminApi('PUT', '/channels/local2', { type: 'slack', url: 'http://localhost:9999/hook' })).status).toBe(201);
  });
});

describe('a webhook delivery', () => {
  it('posts the report once, signed per Standard Webhooks, with the same webhook-id on a retry', async () => {
    await webhookChannel();
    const { queue, messages } = recordingQueue();
    const report = await publish(queue, { slug: 'cyber-sovereignty-workshop', title: '网络主权研讨会 🛰️', topics: ['sovereignty'] });
    expect(messages).toHaveLength(1);
    const unavailable = service((_r, n) => (n === 1 ? new Response('busy', { status: 503 }) : new Response('ok')));
    const T = Date.now();
    const first = await consume(messages, unavailable.fetcher, { now: T });
    expect(first.retryMessages).toHaveLength(1);
    expect(first.delays[0]).toBeGreaterThanOrEqual(30);
    expect((await deliveries())[0]).toMatchObject({ status: 'retrying', attempts: 1, last_status: 503 });
    // The retried message arrives when its delay is over.
    await consume(messages, unavailable.fetcher, { attempts: 2, now: T + first.delays[0]! * 1000 });
    expect(unavailable.received).toHaveLength(2);
    const [a, b] = unavailable.received;
    expect(a!.url).toBe(HOOK);
    expect(a!.headers['content-type']).toBe('application/json');
    expect(a!.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(b!.headers['webhook-id']).toBe(a!.headers['webhook-id']);
    // The receiver's own check, with the standardwebhooks package.
    const payload = new Webhook(WEBHOOK_SECRET).verify(b!.body, b!.headers) as { type: string; data: Record<string, unknown> };
    expect(payload.type).toBe('report.published');
    expect(payload.data).toMatchObject({ id: report.id, slug: report.slug, title: '网络主权研讨会 🛰️', topics: ['sovereignty'], url: `https://herald.example.org/reports/${report.slug}` });
    expect(typeof payload.data.becamePublic).toBe('string');
    expect((await deliveries())[0]).toMatchObject({ status: 'sent', attempts: 2, last_status: 200 });
    // A redelivered message finds the delivery sent and sends nothing.
    await consume(messages, unavailable.fetcher, { attempts: 3, now: T + HOUR });
    expect(unavailable.received).toHaveLength(2);
  });

  it('sends once when two consumers race for the same delivery', async () => {
    await webhookChannel();
    const { queue, messages } = recordingQueue();
    await publish(queue);
    const hook = service(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return new Response('ok');
    });
    await Promise.all([consume(messages, hook.fetcher), consume(messages, hook.fetcher)]);
    expect(hook.received).toHaveLength(1);
    expect((await deliveries()).map((d) => d.status)).toEqual(['sent']);
  });

  it('waits as long as a 429 asks (Retry-After), does not retry another 4xx, and retries a timeout', async () => {
    await webhookChannel();
    const { queue, messages } = recordingQueue();
    await publish(queue);
    const T = Date.now();
    const limited = await consume(messages, service(() => new Response('slow down', { status: 429, headers: { 'retry-after': '600' } })).fetcher, { now: T });
    expect(limited.delays[0]).toBeGreaterThanOrEqual(600);
    const timedOut = await consume(messages, async () => {
      throw new DOMException('The operation timed out.', 'TimeoutError');
    }, { attempts: 2, now: T + 600_000 });
    expect(timedOut.retryMessages).toHaveLength(1);
    expect((await deliveries())[0]).toMatchObject({ status: 'retrying', last_status: null });
    expect((await deliveries())[0]!.last_error).toContain('no answer within');
    const refused = await consume(messages, service(() => new Response('bad payload', { status: 400 })).fetcher, { attempts: 3, now: T + HOUR });
    expect(refused.retryMessages).toHaveLength(0);
    expect((await deliveries())[0]).toMatchObject({ status: 'failed', last_status: 400, last_error: '400: bad payload' });
  });

  it('records what exhausted its retries as failed, with the last answer, from the dead-letter queue', async () => {
    await webhookChannel();
    const { queue, messages } = recordingQueue();
    await publish(queue);
    await consume(messages, service(() => new Response('down', { status: 502 })).fetcher, { attempts: 6 });
    await consume(messages, service().fetcher, { queue: 'herald-crossposts-dlq', attempts: 6 });
    const [delivery] = await deliveries();
    expect(delivery!.status).toBe('failed');
    expect(delivery!.last_error).toContain('502: down');
    expect(delivery!.last_error).toContain('gave up after 6 attempts');
    // The admin can put it back.
    const retried = await adminApi('POST', `/deliveries/${delivery!.id}/retry`, undefined, { CROSSPOSTS: queue });
    expect(retried.status).toBe(202);
    expect(messages).toHaveLength(2);
    await consume(messages.slice(1), service().fetcher);
    expect((await deliveries())[0]!.status).toBe('sent');
  });

  it('disables a webhook channel that answers 410 Gone, and says so', async () => {
    await webhookChannel();
    const { queue, messages } = recordingQueue();
    await publish(queue);
    await consume(messages, service(() => new Response('gone', { status: 410 })).fetcher);
    const channel = await (await adminApi('GET', '/channels/site')).json<{ enabled: boolean; disabled_reason: string }>();
    expect(channel.enabled).toBe(false);
    expect(channel.disabled_reason).toContain('410 Gone');
    const next = recordingQueue();
    await publish(next.queue);
    expect(next.messages).toHaveLength(0);
  });
});

describe('which reports go to which channels', () => {
  it('sends only reports with one of the channel’s topics, and nothing to a disabled channel', async () => {
    await addChannel('data-only', { type: 'webhook', url: HOOK, secret: WEBHOOK_SECRET, topics: ['data'] });
    await addChannel('off', { type: 'webhook', url: HOOK, secret: WEBHOOK_SECRET, enabled: false });
    const { queue } = recordingQueue();
    await publish(queue, { topics: ['data', 'ethics'] });
    await publish(queue, { topics: ['sovereignty'] });
    expect((await deliveries()).map((d) => d.channel_id)).toEqual(['data-only']);
  });

  it('sends only reports in the channel’s language, when it names one', async () => {
    await addChannel('chinese', { type: 'webhook', url: HOOK, secret: WEBHOOK_SECRET, lang: 'zh' });
    const { queue } = recordingQueue();
    const zh = await publish(queue, { slug: 'data-governance-forum', lang: 'zh-Hans', title: '数据治理论坛' });
    await publish(queue, { lang: 'en' });
    expect((await deliveries()).map((d) => d.slug)).toEqual([zh.slug]);
  });

  it('posts nothing for an edit, a delete, or a report made a draft and public again', async () => {
    await webhookChannel();
    const { queue, messages } = recordingQueue();
    const report = await publish(queue);
    expect(messages).toHaveLength(1);
    const body = { title: report.title, body: 'Edited.', published: report.published, topics: report.topics };
    await adminApi('PUT', `/reports/${report.slug}`, body, { CROSSPOSTS: queue });
    await adminApi('PUT', `/reports/${report.slug}`, { ...body, draft: true }, { CROSSPOSTS: queue });
    await adminApi('PUT', `/reports/${report.slug}`, { ...body, draft: false }, { CROSSPOSTS: queue });
    await adminApi('DELETE', `/reports/${report.slug}`, undefined, { CROSSPOSTS: queue });
    expect(messages).toHaveLength(1);
    expect(await deliveries()).toHaveLength(1);
    // The deleted report's queued delivery is cancelled, not sent.
    const hook = service();
    await consume(messages, hook.fetcher);
    expect(hook.received).toHaveLength(0);
    expect((await deliveries())[0]!.status).toBe('cancelled');
  });

  it('does not post the back catalogue to a channel added later, unless asked with a backfill', async () => {
    const { queue } = recordingQueue();
    const old = await publish(queue);
    await webhookChannel();
    expect((await dispatch()).created).toBe(0);
    const backfill = await adminApi('POST', '/channels/site/backfill', { since: '2000-01-01' }, { CROSSPOSTS: queue });
    expect(backfill.status).toBe(202);
    expect(await backfill.json()).toEqual({ queued: 1 });
    expect((await deliveries()).map((d) => d.slug)).toEqual([old.slug]);
    expect((await adminApi('POST', '/channels/site/backfill', { since: 'last week' })).status).toBe(400);
  });

  it('posts a scheduled report when the cron finds it due, once however often the cron runs', async () => {
    await webhookChannel();
    const { queue, messages } = recordingQueue();
    const due = Date.now() + 60_000;
    const report = await publish(queue, { published: new Date(due).toISOString() });
    expect(messages).toHaveLength(0);
    const { promoteDue } = await import('../../../src/reports/publications-store.ts');
    await promoteDue(env.DB, env.REPORTS, due + 1000);
    const first = await dispatch(due + 1000);
    const second = await dispatch(due + 2000);
    expect(first.messages).toHaveLength(1);
    expect(second.messages).toHaveLength(0);
    expect((await deliveries()).map((d) => d.slug)).toEqual([report.slug]);
  });

  it('enqueues again a delivery whose message was lost', async () => {
    await webhookChannel();
    const { queue } = recordingQueue();
    await publish(queue);
    const later = await dispatch(Date.now() + 16 * 60_000);
    expect(later.requeued).toBe(1);
    expect(later.messages).toHaveLength(1);
  });
});

describe('the delivery log', () => {
  it('lists deliveries filtered by report, channel and status, newest first, paged', async () => {
    await webhookChannel();
    await addChannel('chat', { type: 'slack', url: 'https://hooks.slack.example/services/T/B/X' });
    const { queue, messages } = recordingQueue();
    const a = await publish(queue);
    await publish(queue);
    await consume(messages.slice(0, 2), service().fetcher);
    const all = await (await api('GET', '/deliveries?limit=3')).json<{ deliveries: { id: number; report: string; status: string }[]; next_before: number }>();
    expect(all.deliveries).toHaveLength(3);
    expect(all.deliveries[0]!.id).toBeGreaterThan(all.deliveries[1]!.id);
    const rest = await (await api('GET', `/deliveries?limit=3&before=${all.next_before}`)).json<{ deliveries: unknown[] }>();
    expect(rest.deliveries).toHaveLength(1);
    const ofA = await (await api('GET', `/deliveries?report=${a.slug}&channel=chat`)).json<{ deliveries: { report: string }[] }>();
    expect(ofA.deliveries.map((d) => d.report)).toEqual([a.slug]);
    const sent = await (await api('GET', '/deliveries?status=sent')).json<{ deliveries: unknown[] }>();
    expect(sent.deliveries).toHaveLength(2);
    expect((await api('GET', '/deliveries?status=lost')).status).toBe(400);
    expect((await api('POST', `/deliveries/${all.deliveries.at(-1)!.id}/retry`)).status).toBe(409);
  });
});
