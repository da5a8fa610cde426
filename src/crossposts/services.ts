import { type Announcement, fitting, graphemeCount, mastodonCount, plainText, utf16Count } from './announcement.ts';
import type { OpenChannel } from './channel-store.ts';

/** What one attempt to post came to. */
export interface Outcome {
  ok: boolean;
  /** The service's HTTP status, or null when no answer came (network error, timeout). */
  status: number | null;
  /** The answer or error, shortened, for the delivery log. */
  detail: string;
  /** Worth trying again: a network error, a timeout, 429 or 5xx. */
  retryable: boolean;
  /** How long the service asked us to wait (Retry-After or its own field), ms. */
  retryAfterMs?: number;
  /** 410 Gone: the endpoint is no more. */
  gone?: boolean;
  /** Where the post can be seen, when the service says. */
  remoteUrl?: string;
}

export type Fetcher = (request: Request) => Promise<Response>;

/** How long one request to a service may take. */
export const SEND_TIMEOUT_MS = 10_000;

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

/** `Retry-After` (seconds or an HTTP date) in ms from `now`, if given. */
export function retryAfterOf(response: Response, now: number): number | undefined {
  const value = response.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

async function answer(response: Response, now: number, extra: (body: unknown) => Partial<Outcome> = () => ({})): Promise<Outcome> {
  const text = await response.text().catch(() => '');
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  const status = response.status;
  const base: Outcome = {
    ok: response.ok,
    status,
    detail: text.slice(0, 500),
    retryable: status === 429 || status >= 500,
    ...(status === 410 ? { gone: true } : {}),
  };
  const retryAfterMs = retryAfterOf(response, now);
  if (retryAfterMs !== undefined) base.retryAfterMs = retryAfterMs;
  return { ...base, ...extra(json) };
}

async function post(fetcher: Fetcher, url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetcher(new Request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'Herald (+https://github.com/)', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body), signal: AbortSignal.timeout(SEND_TIMEOUT_MS) }));
}

const escapeSlack = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Discord markdown: every character that formats, quotes, links or mentions, backslash-escaped. */
const escapeDiscord = (text: string) => text.replace(/([\\*_~`|>#\-[\]()<@:!.])/g, '\\$1');

/** The lines a chat message carries: event line or title (bold), title under an event line, summary. */
function chatParts(a: Announcement): { head: string; title?: string; summary: string } {
  return a.eventLine ? { head: a.eventLine, title: a.title, summary: a.summary } : { head: a.title, summary: a.summary };
}

type Sender = (channel: OpenChannel, a: Announcement, key: string, fetcher: Fetcher, now: number) => Promise<Outcome>;

const SENDERS: Record<OpenChannel['type'], Sender> = {
  async webhook(channel, a, key, fetcher, now) {
    const timestamp = Math.floor(now / 1000);
    const body = JSON.stringify({ type: 'report.published', timestamp: new Date(now).toISOString(), data: a });
    const signature = await standardWebhookSignature(channel.credentials.secret!, key, timestamp, body);
    const response = await post(fetcher, String(channel.settings.url), body, { 'webhook-id': key, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature });
    return answer(response, now);
  },

  async slack(channel, a, _key, fetcher, now) {
    const parts = chatParts(a);
    // A section's text is at most 3,000 characters; the link is always whole.
    const text = (summary: string) => [`*${escapeSlack(parts.head)}*`, parts.title ? escapeSlack(parts.title) : '', escapeSlack(summary), `<${a.url}|Read the report>`].filter(Boolean).join('\n');
    const fitted = fitting(parts.summary, text, (t) => utf16Count(t) <= 3000);
    const response = await post(fetcher, channel.credentials.url!, {
      text: escapeSlack(`${parts.head}: ${a.url}`),
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: fitted } }],
      unfurl_links: false,
    });
    return answer(response, now);
  },

  async discord(channel, a, _key, fetcher, now) {
    const parts = chatParts(a);
    const content = (summary: string) => [`**${escapeDiscord(parts.head)}**`, parts.title ? escapeDiscord(parts.title) : '', escapeDiscord(summary), a.url].filter(Boolean).join('\n');
    const url = new URL(channel.credentials.url!);
    url.searchParams.set('wait', 'true');
    const response = await post(fetcher, url.toString(), {
      content: fitting(parts.summary, content, (t) => utf16Count(t) <= 2000),
      // No report text may ping anyone: @everyone, roles and users are all shown as text.
      allowed_mentions: { parse: [] },
    });
    return answer(response, now);
  },

  async teams(channel, a, _key, fetcher, now) {
    const parts = chatParts(a);
    const block = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text, wrap: true, ...extra });
    const response = await post(fetcher, channel.credentials.url!, {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [block(parts.head, { weight: 'Bolder', size: 'Medium' }), ...(parts.title ? [block(parts.title)] : []), block(fitting(parts.summary, (s) => s, (t) => utf16Count(t) <= 2000), { isSubtle: true })],
            actions: [{ type: 'Action.OpenUrl', title: 'Read the report', url: a.url }],
          },
        },
      ],
    });
    return answer(response, now);
  },

  async telegram(channel, a, _key, fetcher, now) {
    const parts = chatParts(a);
    const text = (summary: string) => [`<b>${escapeHtml(parts.head)}</b>`, parts.title ? escapeHtml(parts.title) : '', escapeHtml(summary), `<a href="${escapeHtml(a.url)}">Read the report</a>`].filter(Boolean).join('\n\n');
    // Telegram counts the text left after parsing the HTML, at most 4,096 UTF-16 units.
    const visible = (t: string) => t.replace(/<[^>]+>/g, '').replace(/&(amp|lt|gt|quot);/g, 'x');
    const response = await post(fetcher, `${String(channel.settings.api_url).replace(/\/$/, '')}/bot${channel.credentials.bot_token}/sendMessage`, {
      chat_id: channel.settings.chat_id,
      text: fitting(parts.summary, text, (t) => utf16Count(visible(t)) <= 4096),
      parse_mode: 'HTML',
      link_preview_options: { url: a.url },
    });
    return answer(response, now, (body) => {
      const reply = body as { result?: { message_id?: number; chat?: { username?: string } }; parameters?: { retry_after?: number } } | null;
      const username = reply?.result?.chat?.username;
      return {
        ...(username && reply?.result?.message_id ? { remoteUrl: `https://t.me/${username}/${reply.result.message_id}` } : {}),
        ...(reply?.parameters?.retry_after ? { retryAfterMs: reply.parameters.retry_after * 1000 } : {}),
      };
    });
  },

  async mastodon(channel, a, key, fetcher, now) {
    const limit = Number(channel.settings.max_characters ?? 500);
    const status = plainText(a, (t) => mastodonCount(t) <= limit);
    const response = await post(fetcher, `${String(channel.settings.instance).replace(/\/$/, '')}/api/v1/statuses`, { status, visibility: 'public', language: a.lang.split('-')[0] }, { authorization: `Bearer ${channel.credentials.access_token}`, 'idempotency-key': key });
    return answer(response, now, (body) => {
      const reset = response.headers.get('x-ratelimit-reset');
      const at = reset ? Date.parse(reset) : Number.NaN;
      return {
        ...((body as { url?: string } | null)?.url ? { remoteUrl: (body as { url: string }).url } : {}),
        ...(response.status === 429 && !Number.isNaN(at) ? { retryAfterMs: Math.max(0, at - now) } : {}),
      };
    });
  },

  async bluesky(channel, a, _key, fetcher, now) {
    const service = String(channel.settings.service).replace(/\/$/, '');
    const session = await post(fetcher, `${service}/xrpc/com.atproto.server.createSession`, { identifier: channel.settings.identifier, password: channel.credentials.app_password });
    if (!session.ok) return answer(session, now);
    const { accessJwt, did } = (await session.json()) as { accessJwt: string; did: string };
    const record = blueskyPost(a, new Date(now).toISOString());
    const response = await post(fetcher, `${service}/xrpc/com.atproto.repo.createRecord`, { repo: did, collection: 'app.bsky.feed.post', record }, { authorization: `Bearer ${accessJwt}` });
    return answer(response, now, (body) => {
      const uri = (body as { uri?: string } | null)?.uri;
      const rkey = uri?.split('/').at(-1);
      return rkey ? { remoteUrl: `https://bsky.app/profile/${did}/post/${rkey}` } : {};
    });
  },
};


/** Bluesky allows 300 graphemes a post. */
export const BLUESKY_GRAPHEMES = 300;

/**
 * A Bluesky post record: the text (event line or title, summary cut to fit, the link), a link
 * facet over the URL at its UTF-8 byte offsets, and an external embed card.
 */
export function blueskyPost(a: Announcement, createdAt: string) {
  const text = plainText(a, (t) => graphemeCount(t) <= BLUESKY_GRAPHEMES);
  const at = text.lastIndexOf(a.url);
  const byteStart = encoder.encode(text.slice(0, at)).length;
  return {
    $type: 'app.bsky.feed.post',
    text,
    createdAt,
    langs: [a.lang],
    facets: [{ index: { byteStart, byteEnd: byteStart + encoder.encode(a.url).length }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: a.url }] }],
    embed: { $type: 'app.bsky.embed.external', external: { uri: a.url, title: a.title.slice(0, 300), description: a.summary.slice(0, 1000) } },
  };
}

/** One attempt to post `a` on `channel`; never throws: a failure is an outcome. */
export async function sendTo(channel: OpenChannel, a: Announcement, key: string, fetcher: Fetcher, now: number): Promise<Outcome> {
  try {
    return await SENDERS[channel.type](channel, a, key, fetcher, now);
  } catch (error) {
    const timeout = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { ok: false, status: null, detail: timeout ? `no answer within ${SEND_TIMEOUT_MS / 1000} s` : String(error).slice(0, 500), retryable: true };
  }
}
