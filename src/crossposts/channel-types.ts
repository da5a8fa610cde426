import * as z from 'zod';
import { isTopic, normalizeTopic } from '../common/scope.ts';

/** The services Herald posts to. */
export const CHANNEL_TYPES = ['webhook', 'slack', 'discord', 'teams', 'telegram', 'mastodon', 'bluesky'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

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

/** The bytes of a Standard Webhooks secret (`whsec_` and base64), or null if it is not one. */
export function webhookSecretBytes(secret: string): Uint8Array | null {
  if (!/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(secret)) return null;
  try {
    return Uint8Array.from(atob(secret.slice(6)), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Fewer bytes than this make a weak HMAC key (the Standard Webhooks libraries make 24 or 32). */
export const WEBHOOK_SECRET_MIN_BYTES = 24;

const webhookSecret = z.string().refine((v) => (webhookSecretBytes(v)?.length ?? 0) >= WEBHOOK_SECRET_MIN_BYTES, `must be a Standard Webhooks secret: whsec_ and the base64 of at least ${WEBHOOK_SECRET_MIN_BYTES} bytes`);

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

interface TypeDefinition {
  schema: z.ZodType;
  /** Fields that are credentials: encrypted, never shown. */
  credentials: string[];
  /** The setting naming where the credentials are sent, when it is not itself a credential. */
  endpoint?: string;
}

/** Per type: its settings, its credentials, and the endpoint they belong to. */
export const TYPES: Record<ChannelType, TypeDefinition> = {
  webhook: {
    schema: z.strictObject({ type: z.literal('webhook'), url: endpoint, secret: webhookSecret.optional(), ...common }),
    credentials: ['secret'],
    endpoint: 'url',
  },
  // For these three the URL is the credential: a new one is a new credential.
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
    endpoint: 'api_url',
  },
  mastodon: {
    schema: z.strictObject({ type: z.literal('mastodon'), instance: endpoint, access_token: token('token').optional(), max_characters: z.number().int().min(100).max(100_000).default(500), ...common }),
    credentials: ['access_token'],
    endpoint: 'instance',
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
    endpoint: 'service',
  },
};

export function credentialsOf(type: ChannelType): string[] {
  return TYPES[type].credentials;
}

/** Where `type`'s credentials go, as one canonical URL ('' when the URL is the credential). */
export function endpointOf(type: ChannelType, settings: Record<string, unknown>): string {
  const field = TYPES[type].endpoint;
  const value = field ? settings[field] : undefined;
  if (typeof value !== 'string') return '';
  try {
    return new URL(value).href;
  } catch {
    return value;
  }
}

/** What a channel's sealed credentials are bound to: its type and endpoint. */
export function bindingOf(type: ChannelType, settings: Record<string, unknown>): string {
  return `${type}\n${endpointOf(type, settings)}`;
}
