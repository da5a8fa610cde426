import { type Catalogue, catalogue } from '../common/i18n/index.ts';
import { type Announcement, fitting, graphemeCount, mastodonCount, plainText, utf16Count } from './announcement.ts';
import { BLUESKY_GRAPHEMES, blueskyPost, postToBluesky } from './bluesky.ts';
import type { OpenChannel } from './channel-store.ts';
import { call, DEFAULT_TIMEOUT_MS, type Fetcher, type Outcome, outcomeOf, type Transport } from './http.ts';
import type { SessionKeeper } from './session-store.ts';

export type { Fetcher, Outcome } from './http.ts';
export { BLUESKY_GRAPHEMES, blueskyPost } from './bluesky.ts';

const encoder = new TextEncoder();

function b64(bytes: ArrayBuffer | Uint8Array): string {
  let text = '';
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte);
  return btoa(text);
}

/** Standard Webhooks: `v1,` and base64 HMAC-SHA256 of `id.timestamp.body` under the secret's bytes. */
export async function standardWebhookSignature(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const raw = Uint8Array.from(atob(secret.replace(/^whsec_/, '')), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `v1,${b64(await crypto.subtle.sign('HMAC', key, encoder.encode(`${id}.${timestamp}.${body}`)))}`;
}

const escapeSlack = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Discord markdown: every character that formats, quotes, links or mentions, backslash-escaped. */
const escapeDiscord = (text: string) => text.replace(/([\\*_~`|>#\-[\]()<@:!.])/g, '\\$1');

/**
 * The lines a chat message carries: event line or title (bold), title under an event line,
 * summary; and the words around them, in the report's language.
 */
function chatParts(a: Announcement): { head: string; title?: string; summary: string; words: Catalogue['crossposts'] } {
  const words = catalogue(a.lang).crossposts;
  return a.eventLine ? { head: a.eventLine, title: a.title, summary: a.summary, words } : { head: a.title, summary: a.summary, words };
}

/** The text a channel posts, its length as that service counts it, and the service's limit. */
export interface ChannelMessage {
  text: string;
  count: number;
  limit: number;
  /** What the service counts: UTF-16 units, characters (code points, a link as 23), graphemes. */
  unit: 'utf16' | 'characters' | 'graphemes';
}

/** Telegram counts the text left after parsing the HTML. */
const telegramVisible = (t: string) => t.replace(/<[^>]+>/g, '').replace(/&(amp|lt|gt|quot);/g, 'x');

/**
 * The text each service is sent for `a`, cut to that service's limit (the link is always
 * whole): Slack's section (3,000), Discord's content (2,000), Teams' summary block (2,000),
 * Telegram's visible text (4,096), Mastodon's status (the instance's `max_characters`, 500),
 * Bluesky's post (300 graphemes); a webhook gets the announcement as JSON, whole. The senders
 * post exactly this, and the desk's preview shows it.
 */
export function messageOf(type: OpenChannel['type'], settings: Record<string, unknown>, a: Announcement): ChannelMessage {
  const parts = chatParts(a);
  switch (type) {
    case 'slack': {
      const text = (summary: string) => [`*${escapeSlack(parts.head)}*`, parts.title ? escapeSlack(parts.title) : '', escapeSlack(summary), `<${a.url}|${escapeSlack(parts.words.readReport)}>`].filter(Boolean).join('\n');
      const fitted = fitting(parts.summary, text, (t) => utf16Count(t) <= 3000);
      return { text: fitted, count: utf16Count(fitted), limit: 3000, unit: 'utf16' };
    }
    case 'discord': {
      const content = (summary: string) => [`**${escapeDiscord(parts.head)}**`, parts.title ? escapeDiscord(parts.title) : '', escapeDiscord(summary), a.url].filter(Boolean).join('\n');
      const fitted = fitting(parts.summary, content, (t) => utf16Count(t) <= 2000);
      return { text: fitted, count: utf16Count(fitted), limit: 2000, unit: 'utf16' };
    }
    case 'teams': {
      const fitted = fitting(parts.summary, (s) => s, (t) => utf16Count(t) <= 2000);
      return { text: fitted, count: utf16Count(fitted), limit: 2000, unit: 'utf16' };
    }
    case 'telegram': {
      const text = (summary: string) => [`<b>${escapeHtml(parts.head)}</b>`, parts.title ? escapeHtml(parts.title) : '', escapeHtml(summary), `<a href="${escapeHtml(a.url)}">${escapeHtml(parts.words.readReport)}</a>`].filter(Boolean).join('\n\n');
      const fitted = fitting(parts.summary, text, (t) => utf16Count(telegramVisible(t)) <= 4096);
      return { text: fitted, count: utf16Count(telegramVisible(fitted)), limit: 4096, unit: 'utf16' };
    }
    case 'mastodon': {
      const limit = Number(settings.max_characters ?? 500);
      const status = plainText(a, (t) => mastodonCount(t) <= limit);
      return { text: status, count: mastodonCount(status), limit, unit: 'characters' };
    }
    case 'bluesky': {
      const text = blueskyPost(a, a.becamePublic).text;
      return { text, count: graphemeCount(text), limit: BLUESKY_GRAPHEMES, unit: 'graphemes' };
    }
    case 'webhook': {
      const text = JSON.stringify({ type: 'report.published', data: a }, null, 2);
      return { text, count: utf16Count(text), limit: Infinity, unit: 'utf16' };
    }
  }
}

type Sender = (channel: OpenChannel, a: Announcement, key: string, t: Transport, sessions?: SessionKeeper) => Promise<Outcome>;

const SENDERS: Record<OpenChannel['type'], Sender> = {
  async webhook(channel, a, key, net) {
    const now = net.clock();
    const timestamp = Math.floor(now / 1000);
    const body = JSON.stringify({ type: 'report.published', timestamp: new Date(now).toISOString(), data: a });
    const signature = await standardWebhookSignature(channel.credentials.secret!, key, timestamp, body);
    const reply = await call(net, String(channel.settings.url), { body, headers: { 'webhook-id': key, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature } });
    return outcomeOf(reply, net.clock());
  },

  async slack(channel, a, _key, net) {
    const parts = chatParts(a);
    const fitted = messageOf('slack', {}, a).text;
    const reply = await call(net, channel.credentials.url!, { body: {
      text: escapeSlack(parts.words.linked(parts.head, a.url)),
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: fitted } }],
      unfurl_links: false,
    } });
    return outcomeOf(reply, net.clock());
  },

  async discord(channel, a, _key, net) {
    const url = new URL(channel.credentials.url!);
    url.searchParams.set('wait', 'true');
    const reply = await call(net, url.toString(), { body: {
      content: messageOf('discord', {}, a).text,
      // No report text may ping anyone: @everyone, roles and users are all shown as text.
      allowed_mentions: { parse: [] },
    } });
    return outcomeOf(reply, net.clock());
  },

  async teams(channel, a, _key, net) {
    const parts = chatParts(a);
    const block = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text, wrap: true, ...extra });
    const reply = await call(net, channel.credentials.url!, { body: {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [block(parts.head, { weight: 'Bolder', size: 'Medium' }), ...(parts.title ? [block(parts.title)] : []), block(messageOf('teams', {}, a).text, { isSubtle: true })],
            actions: [{ type: 'Action.OpenUrl', title: parts.words.readReport, url: a.url }],
          },
        },
      ],
    } });
    return outcomeOf(reply, net.clock());
  },

  async telegram(channel, a, _key, net) {
    const reply = await call(net, `${String(channel.settings.api_url).replace(/\/$/, '')}/bot${channel.credentials.bot_token}/sendMessage`, { body: {
      chat_id: channel.settings.chat_id,
      text: messageOf('telegram', {}, a).text,
      parse_mode: 'HTML',
      link_preview_options: { url: a.url },
    } });
    const body = reply.json as { result?: { message_id?: number; chat?: { username?: string } }; parameters?: { retry_after?: number } } | null;
    const username = body?.result?.chat?.username;
    return outcomeOf(reply, net.clock(), {
      ...(username && body?.result?.message_id ? { remoteUrl: `https://t.me/${username}/${body.result.message_id}` } : {}),
      ...(body?.parameters?.retry_after ? { retryAfterMs: body.parameters.retry_after * 1000 } : {}),
    });
  },

  async mastodon(channel, a, key, net) {
    const status = messageOf('mastodon', channel.settings, a).text;
    const reply = await call(net, `${String(channel.settings.instance).replace(/\/$/, '')}/api/v1/statuses`, {
      body: { status, visibility: 'public', language: a.lang.split('-')[0] },
      headers: { authorization: `Bearer ${channel.credentials.access_token}`, 'idempotency-key': key },
    });
    const url = (reply.json as { url?: unknown } | null)?.url;
    return outcomeOf(reply, net.clock(), typeof url === 'string' ? { remoteUrl: url } : {});
  },

  bluesky: (channel, a, _key, net, sessions) => postToBluesky(channel, a, net, sessions),
};

/** What one attempt needs besides the channel and the announcement. */
export interface SendOptions {
  /** The stable id of this (channel, report) post: `webhook-id`, Mastodon's Idempotency-Key. */
  key: string;
  fetcher: Fetcher;
  /** Read whenever a time is needed. */
  clock: () => number;
  timeoutMs?: number;
  /** Where a Bluesky channel's session is kept (none: a new session each time). */
  sessions?: SessionKeeper;
}

/**
 * One attempt to post `a` on `channel`; never throws: a failure is an outcome. A request that
 * was sent and got no answer (a timeout, a reset connection) is `unanswered`: it may have been posted.
 */
export async function sendTo(channel: OpenChannel, a: Announcement, options: SendOptions): Promise<Outcome> {
  let waiting = false;
  const t: Transport = {
    clock: options.clock,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetcher: async (request) => {
      waiting = true;
      const response = await options.fetcher(request);
      waiting = false;
      return response;
    },
  };
  try {
    return await SENDERS[channel.type](channel, a, options.key, t, options.sessions);
  } catch (error) {
    const timeout = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { ok: false, status: null, detail: timeout ? `no answer within ${t.timeoutMs / 1000} s` : String(error).slice(0, 500), retryable: true, ...(waiting ? { unanswered: true } : {}) };
  }
}
