import { describe, expect, it } from 'vitest';
import { type Announcement, graphemeCount, mastodonCount, plainText } from '../../../src/crossposts/announcement.ts';
import { blueskyPost } from '../../../src/crossposts/services.ts';
import { addChannel, consume, deliveries, publish, recordingQueue, service } from './helpers.ts';

const HOSTILE_TITLE = '<script>alert(1)</script> & @everyone **bold** [x](http://evil.example)';
const EVENT = { kind: 'workshop', name: 'Workshop on Rule of Law', start: '2022-08-12', organizers: ['Wuhan University'], location: { name: 'Luojia Hall', city: 'Wuhan' } };

/** Publishes one report to the channel `id` and delivers it through `respond`; returns what the service received. */
async function deliverOnce(id: string, channel: Record<string, unknown>, report: Record<string, unknown>, respond?: Parameters<typeof service>[0]) {
  await addChannel(id, channel);
  const { queue, messages } = recordingQueue();
  const stored = await publish(queue, report);
  const svc = service(respond);
  const result = await consume(messages, svc.fetcher);
  return { received: svc.received, result, report: stored, delivery: (await deliveries())[0]! };
}

describe('each service gets the request its API documents', () => {
  it('Slack: an incoming-webhook JSON with text and a mrkdwn section, &<> escaped, the link whole', async () => {
    const { received, delivery } = await deliverOnce('slack', { type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/XYZ' }, { title: HOSTILE_TITLE });
    expect(received).toHaveLength(1);
    expect(received[0]!.url).toBe('https://hooks.slack.com/services/T0/B0/XYZ');
    expect(received[0]!.method).toBe('POST');
    const body = JSON.parse(received[0]!.body);
    expect(body.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; @everyone');
    expect(body.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    expect(body.blocks[0].text.text).toMatch(/^\*&lt;script&gt;/);
    expect(body.blocks[0].text.text).toMatch(/<https:\/\/herald\.example\.org\/reports\/[a-z0-9-]+\|Read the report>$/);
    expect(body.blocks[0].text.text).not.toContain('<script>');
    expect(delivery.status).toBe('sent');
  });

  it('Discord: wait=true, no one pinged (allowed_mentions empty), markdown and mentions escaped, at most 2,000 characters', async () => {
    const { received } = await deliverOnce('discord', { type: 'discord', url: 'https://discord.com/api/webhooks/1/abc' }, { title: HOSTILE_TITLE, summary: 'x '.repeat(400) }, () => Response.json({ id: '9', channel_id: '8' }));
    expect(received[0]!.url).toBe('https://discord.com/api/webhooks/1/abc?wait=true');
    const body = JSON.parse(received[0]!.body);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.content).toContain('\\@everyone');
    expect(body.content).toContain('\\*\\*bold\\*\\*');
    expect(body.content).toContain('\\[x\\]\\(http');
    expect(body.content.length).toBeLessThanOrEqual(2000);
    expect(body.content).toMatch(/https:\/\/herald\.example\.org\/reports\/[a-z0-9-]+$/);
  });

  it('Teams: a Workflows message with an Adaptive Card and a link to the report', async () => {
    const { received } = await deliverOnce('teams', { type: 'teams', url: 'https://prod-00.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=s' }, { title: 'Forum', event: EVENT });
    const body = JSON.parse(received[0]!.body);
    expect(body.type).toBe('message');
    expect(body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = body.attachments[0].content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(card.body[0].text).toBe('Workshop: Workshop on Rule of Law · 12 August 2022 · Luojia Hall, Wuhan');
    expect(card.actions[0]).toMatchObject({ type: 'Action.OpenUrl' });
    expect(card.actions[0].url).toMatch(/^https:\/\/herald\.example\.org\/reports\//);
  });

  it('Telegram: sendMessage to the chat in HTML parse mode, text escaped, and the post’s address kept', async () => {
    const { received, delivery } = await deliverOnce('tg', { type: 'telegram', bot_token: '123:ABC', chat_id: '@heraldnews' }, { title: HOSTILE_TITLE }, () => Response.json({ ok: true, result: { message_id: 42, chat: { id: -100, username: 'heraldnews' } } }));
    expect(received[0]!.url).toBe('https://api.telegram.org/bot123:ABC/sendMessage');
    const body = JSON.parse(received[0]!.body);
    expect(body).toMatchObject({ chat_id: '@heraldnews', parse_mode: 'HTML' });
    expect(body.text).toContain('<b>&lt;script&gt;alert(1)&lt;/script&gt; &amp; @everyone');
    expect(body.text).toMatch(/<a href="https:\/\/herald\.example\.org\/reports\/[a-z0-9-]+">Read the report<\/a>$/);
    expect(delivery.remote_url).toBe('https://t.me/heraldnews/42');
  });

  it('Telegram: a 429 waits as long as its parameters.retry_after says', async () => {
    const { result } = await deliverOnce('tg', { type: 'telegram', bot_token: '123:ABC', chat_id: '-1001' }, {}, () => Response.json({ ok: false, error_code: 429, parameters: { retry_after: 900 } }, { status: 429 }));
    expect(result.delays[0]).toBeGreaterThanOrEqual(900);
  });

  it('Mastodon: a status with the Idempotency-Key, the event first, within the instance’s limit counting the URL as 23', async () => {
    const { received, delivery } = await deliverOnce('masto', { type: 'mastodon', instance: 'https://social.example', access_token: 'tok', max_characters: 500 }, { title: 'Report on the workshop', summary: 'word '.repeat(200), event: EVENT }, () => Response.json({ id: '1', url: 'https://social.example/@herald/1' }));
    expect(received[0]!.url).toBe('https://social.example/api/v1/statuses');
    expect(received[0]!.headers.authorization).toBe('Bearer tok');
    expect(received[0]!.headers['idempotency-key']).toMatch(/^msg_[0-9a-f]{32}$/);
    const body = JSON.parse(received[0]!.body);
    expect(body.visibility).toBe('public');
    expect(body.status.split('\n')[0]).toBe('Workshop: Workshop on Rule of Law · 12 August 2022 · Luojia Hall, Wuhan');
    expect(mastodonCount(body.status)).toBeLessThanOrEqual(500);
    expect(body.status).toMatch(/word…\n\nhttps:\/\/herald\.example\.org\/reports\/[a-z0-9-]+$/);
    expect(delivery.remote_url).toBe('https://social.example/@herald/1');
  });

  it('Bluesky: a session with the app password, then a post with a link facet at UTF-8 byte offsets and a card', async () => {
    const title = '网络主权研讨会纪要 🛰️👩🏽‍💻 数据跨境';
    const { received, delivery, report } = await deliverOnce('sky', { type: 'bluesky', identifier: 'herald.bsky.social', app_password: 'abcd-efgh-ijkl-mnop' }, { slug: 'cyber-sovereignty-notes', title, lang: 'zh', summary: '本次研讨会围绕中文网络主权展开讨论。🛰️'.repeat(30) }, (request) =>
      request.url.endsWith('createSession') ? Response.json({ accessJwt: 'jwt-1', did: 'did:plc:abc' }) : Response.json({ uri: 'at://did:plc:abc/app.bsky.feed.post/3kxyz', cid: 'c' }),
    );
    expect(received.map((r) => r.url)).toEqual(['https://bsky.social/xrpc/com.atproto.server.createSession', 'https://bsky.social/xrpc/com.atproto.repo.createRecord']);
    expect(JSON.parse(received[0]!.body)).toEqual({ identifier: 'herald.bsky.social', password: 'abcd-efgh-ijkl-mnop' });
    expect(received[1]!.headers.authorization).toBe('Bearer jwt-1');
    const { repo, collection, record } = JSON.parse(received[1]!.body);
    expect(repo).toBe('did:plc:abc');
    expect(collection).toBe('app.bsky.feed.post');
    expect(graphemeCount(record.text)).toBeLessThanOrEqual(300);
    expect(record.text.startsWith(title)).toBe(true);
    const bytes = new TextEncoder().encode(record.text);
    const facet = record.facets[0];
    expect(new TextDecoder().decode(bytes.slice(facet.index.byteStart, facet.index.byteEnd))).toBe(`https://herald.example.org/reports/${report.slug}`);
    expect(facet.features[0]).toEqual({ $type: 'app.bsky.richtext.facet#link', uri: `https://herald.example.org/reports/${report.slug}` });
    expect(record.embed.external.uri).toBe(`https://herald.example.org/reports/${report.slug}`);
    expect(record.langs).toEqual(['zh']);
    expect(delivery.remote_url).toBe('https://bsky.app/profile/did:plc:abc/post/3kxyz');
  });
});

describe('length rules', () => {
  const URL = 'https://herald.example.org/reports/2026-01-01-a-report';
  const base: Announcement = { id: 'tag:x', slug: 's', url: URL, title: 'Title', summary: '', topics: [], lang: 'en', published: '', becamePublic: '' };
  // "Title\n\n" + summary + "\n\n" + URL: 7 + n + 2 + 23 (Mastodon) characters.
  const withSummary = (n: number, unit = 'a') => ({ ...base, summary: unit.repeat(n) });

  it('Mastodon: a status exactly at the limit is sent whole; one character more cuts the summary, never the link', () => {
    const fits = (t: string) => mastodonCount(t) <= 500;
    const atLimit = plainText(withSummary(500 - 32), fits);
    expect(mastodonCount(atLimit)).toBe(500);
    expect(atLimit).toContain('a'.repeat(468));
    const over = plainText(withSummary(500 - 31), fits);
    expect(mastodonCount(over)).toBeLessThanOrEqual(500);
    expect(over).toContain('…');
    expect(over.endsWith(URL)).toBe(true);
  });

  it('Bluesky: 300 graphemes exactly is whole, 301 is cut on a grapheme boundary (emoji and Chinese never split)', () => {
    const fits = (t: string) => graphemeCount(t) <= 300;
    const overhead = graphemeCount(`Title\n\n\n\n${URL}`);
    const atLimit = blueskyPost(withSummary(300 - overhead, '👩🏽‍💻'), '2026-01-01T00:00:00Z');
    expect(graphemeCount(atLimit.text)).toBe(300);
    expect(atLimit.text).not.toContain('…');
    const over = plainText(withSummary(301 - overhead, '中'), fits);
    expect(graphemeCount(over)).toBeLessThanOrEqual(300);
    expect(over).toContain('…');
    expect(over.endsWith(URL)).toBe(true);
    const emoji = plainText(withSummary(301 - overhead, '👩🏽‍💻'), fits);
    expect([...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(emoji)].every((s) => s.segment === '👩🏽‍💻' || !/\p{Extended_Pictographic}|\u200d/u.test(s.segment) || s.segment === '…')).toBe(true);
  });
});
