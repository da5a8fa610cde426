import * as z from 'zod';
import { type FieldError, Problem } from '../shared/problem.ts';
import { toFieldErrors } from '../reports/schema.ts';
import { isTopic, normalizeTopic } from '../shared/scope.ts';
import { seal, unseal } from './secrets.ts';

/** The services Herald posts to. */
export const CHANNEL_TYPES = ['webhook', 'slack', 'discord', 'teams', 'telegram', 'mastodon', 'bluesky'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** A channel as the sender sees it: settings and opened credentials. */
export interface Channel {
  id: string;
  type: ChannelType;
  /** Non-secret settings: endpoint, chat, instance, handle, limits. */
  settings: Record<string, string | number>;
  /** Only reports with one of these topics go here; empty: all. */
  topics: string[];
  /** Only reports in this language (BCP 47 primary tag match); null: all. */
  lang: string | null;
  enabled: boolean;
  disabledReason: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface OpenChannel extends Channel {
  credentials: Record<string, string>;
}

/**
 * An endpoint Herald may call: `https`, or plain `http` only to this machine (local work,
 * the end-to-end test's receiver). Never a credential in the URL's user part.
 */
export const endpoint = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      if (url.username || url.password) return false;
      return url.protocol === 'https:' || (url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1'));
    } catch {
      return false;
    }
  }, 'must be an https URL (http only to localhost or 127.0.0.1)');

const token = (what: string) => z.string().min(1, `must not be empty`).max(4096).refine((v) => !/[\u0000-\u001f\u007f\s]/.test(v), `must be a ${what} without spaces or control characters`);

const common = {
  topics: z
    .array(z.string().transform(normalizeTopic).refine(isTopic, 'must be a topic: letters and digits joined by hyphens'))
    .max(50)
    .default([]),
  lang: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag such as en or zh-Hans')
    .nullable()
    .default(null),
  enabled: z.boolean().default(true),
};

/** Per type: its settings, and which of its fields are credentials (encrypted, never shown). */
const TYPES = {
  webhook: {
    schema: z.strictObject({ type: z.literal('webhook'), url: endpoint, secret: token('secret').refine((v) => /^whsec_[A-Za-z0-9+/=]{16,}$/.test(v), 'must be a Standard Webhooks secret: whsec_ and base64').optional(), ...common }),
    credentials: ['secret'],
  },
  slack: { schema: z.strictObject({ type: z.literal('slack'), url: endpoint.optional(), ...common }), credentials: ['url'] },
  discord: { schema: z.strictObject({ type: z.literal('discord'), url: endpoint.optional(), ...common }), credentials: ['url'] },
  teams: { schema: z.strictObject({ type: z.literal('teams'), url: endpoint.optional(), ...common }), credentials: ['url'] },
  telegram: {
    schema: z.strictObject({
      type: z.literal('telegram'),
      bot_token: token('bot token').optional(),
      chat_id: z.union([z.string().regex(/^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31})$/, 'must be a chat id or @channelname'), z.number().int()]).transform(String),
      api_url: endpoint.default('https://api.telegram.org'),
      ...common,
    }),
    credentials: ['bot_token'],
  },
  mastodon: {
    schema: z.strictObject({ type: z.literal('mastodon'), instance: endpoint, access_token: token('token').optional(), max_characters: z.number().int().min(100).max(100_000).default(500), ...common }),
    credentials: ['access_token'],
  },
  bluesky: {
    schema: z.strictObject({
      type: z.literal('bluesky'),
      identifier: z.string().min(3).max(253).regex(/^[A-Za-z0-9.:-]+$/, 'must be a handle (name.bsky.social) or a DID'),
      app_password: token('app password').optional(),
      service: endpoint.default('https://bsky.social'),
      ...common,
    }),
    credentials: ['app_password'],
  },
} satisfies Record<ChannelType, { schema: z.ZodType; credentials: string[] }>;

/** A channel id: what follows `/api/channels/`. */
export function isChannelId(id: string): boolean {
  return /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/.test(id) && id.length <= 64;
}

interface Row {
  id: string;
  type: ChannelType;
  settings: string;
  secret: string | null;
  enabled: number;
  disabled_reason: string | null;
  created_at: number;
  updated_at: number;
}

function fromRow(row: Row): Channel & { sealed: string | null } {
  const { topics = [], lang = null, ...settings } = JSON.parse(row.settings) as Record<string, unknown>;
  return {
    id: row.id,
    type: row.type,
    settings: settings as Record<string, string | number>,
    topics: topics as string[],
    lang: lang as string | null,
    enabled: row.enabled === 1,
    disabledReason: row.disabled_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sealed: row.secret,
  };
}

export async function getChannel(db: D1Database, id: string): Promise<(Channel & { sealed: string | null }) | null> {
  const row = await db.prepare('SELECT * FROM channels WHERE id = ?1').bind(id).first<Row>();
  return row ? fromRow(row) : null;
}

export async function listChannels(db: D1Database): Promise<(Channel & { sealed: string | null })[]> {
  const { results } = await db.prepare('SELECT * FROM channels ORDER BY id').all<Row>();
  return results.map(fromRow);
}

/** The channel with its credentials opened, for sending. */
export async function openChannel(channel: Channel & { sealed: string | null }, key: string | undefined): Promise<OpenChannel> {
  if (!channel.sealed) return { ...channel, credentials: {} };
  if (!key) throw new Problem(503, 'Channel credentials cannot be read: the CHANNELS_KEY secret is not set.');
  return { ...channel, credentials: JSON.parse(await unseal(key, channel.id, channel.sealed)) as Record<string, string> };
}

/** The channel as the API shows it: settings, and which credentials are set, never their values. */
export function channelView(channel: Channel & { sealed: string | null }, credentialNames = credentialsOf(channel.type)) {
  return {
    id: channel.id,
    type: channel.type,
    ...channel.settings,
    topics: channel.topics,
    lang: channel.lang,
    enabled: channel.enabled,
    disabled_reason: channel.disabledReason,
    credentials: Object.fromEntries(credentialNames.map((name) => [name, channel.sealed !== null])),
    created_at: new Date(channel.createdAt).toISOString(),
    updated_at: new Date(channel.updatedAt).toISOString(),
  };
}

export function credentialsOf(type: ChannelType): string[] {
  return TYPES[type].credentials;
}

/**
 * Validates and stores the channel `id` from an API body: 400 naming the field at fault,
 * 503 without `CHANNELS_KEY`. Credentials left out keep the ones stored (same type).
 */
export async function putChannel(db: D1Database, key: string | undefined, id: string, body: unknown, now: number): Promise<{ channel: Channel & { sealed: string | null }; created: boolean }> {
  const type = (body as { type?: unknown } | null)?.type;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Problem(400, 'The channel must be a JSON object.', [{ field: '', message: 'must be an object' }]);
  if (typeof type !== 'string' || !(CHANNEL_TYPES as readonly string[]).includes(type)) {
    throw new Problem(400, 'The channel has an unknown type.', [{ field: 'type', message: `must be one of ${CHANNEL_TYPES.join(', ')}` }]);
  }
  const definition = TYPES[type as ChannelType];
  const parsed = definition.schema.safeParse(body);
  if (!parsed.success) throw new Problem(400, 'The channel has invalid fields.', toFieldErrors(parsed.error));
  const { type: _type, topics, lang, enabled, ...fields } = parsed.data as Record<string, unknown> & { topics: string[]; lang: string | null; enabled: boolean };
  const credentials: Record<string, string> = {};
  const settings: Record<string, unknown> = { topics, lang };
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (definition.credentials.includes(name)) credentials[name] = String(value);
    else settings[name] = value;
  }
  const existing = await getChannel(db, id);
  let sealed: string | null;
  if (Object.keys(credentials).length > 0) {
    if (!key) throw new Problem(503, 'Channels with credentials cannot be saved: the CHANNELS_KEY secret is not set.');
    const kept = existing?.sealed && existing.type === type ? (JSON.parse(await unseal(key, id, existing.sealed)) as Record<string, string>) : {};
    sealed = await seal(key, id, JSON.stringify({ ...kept, ...credentials }));
  } else if (existing?.sealed && existing.type === type) {
    sealed = existing.sealed;
  } else {
    const missing: FieldError[] = definition.credentials.map((name) => ({ field: name, message: 'is required' }));
    throw new Problem(400, 'The channel needs its credentials.', missing);
  }
  await db
    .prepare(
      `INSERT INTO channels (id, type, settings, secret, enabled, disabled_reason, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?6)
       ON CONFLICT (id) DO UPDATE SET type = ?2, settings = ?3, secret = ?4, enabled = ?5, disabled_reason = NULL, updated_at = ?6`,
    )
    .bind(id, type, JSON.stringify(settings), sealed, enabled ? 1 : 0, now)
    .run();
  return { channel: (await getChannel(db, id))!, created: existing === null };
}

export async function deleteChannel(db: D1Database, id: string): Promise<boolean> {
  const result = await db.prepare('DELETE FROM channels WHERE id = ?1').bind(id).run();
  return (result.meta.changes ?? 0) > 0;
}

/** Switches a channel off for a reason of Herald's own (a 410 Gone from its endpoint). */
export async function disableChannel(db: D1Database, id: string, reason: string, now: number): Promise<void> {
  await db.prepare('UPDATE channels SET enabled = 0, disabled_reason = ?2, updated_at = ?3 WHERE id = ?1').bind(id, reason, now).run();
}

/** True when a report with `topics` and `lang` goes to `channel`. */
export function channelWants(channel: Channel, report: { topics: string[]; lang: string }): boolean {
  if (!channel.enabled) return false;
  if (channel.topics.length > 0 && !report.topics.some((topic) => channel.topics.includes(topic))) return false;
  if (channel.lang && report.lang.toLowerCase() !== channel.lang.toLowerCase() && !report.lang.toLowerCase().startsWith(`${channel.lang.toLowerCase()}-`)) return false;
  return true;
}
