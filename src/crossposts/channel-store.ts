import { type FieldError, Problem } from '../common/problem.ts';
import { toFieldErrors } from '../reports/schema.ts';
import { bindingOf, CHANNEL_TYPES, type ChannelType, credentialsOf, endpointOf, TYPES } from './channel-types.ts';
import { isCurrent, type Keyring, seal, type SealContext, SealError, unseal } from './secrets.ts';
import { dropSession } from './session-store.ts';

export { CHANNEL_TYPES, type ChannelType, credentialsOf, endpoint } from './channel-types.ts';

/** A channel as the sender sees it: settings and opened credentials. */
export interface Channel {
  id: string;
  type: ChannelType;
  /** Non-secret settings: endpoint, chat, instance, handle, limits. */
  settings: Record<string, string | number>;
  /** Only reports with one of these topics go here; empty: all. */
  topics: string[];
  /**
   * Reports in no translation group: only those in this language (BCP 47 prefix match);
   * null: all. A translation group: the version in this language (primary subtag) if it is
   * public when the group is posted, else the first public one; null: the site's language.
   */
  lang: string | null;
  enabled: boolean;
  disabledReason: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A channel as stored: its credentials still sealed. */
export type StoredChannel = Channel & { sealed: string | null };

export interface OpenChannel extends Channel {
  credentials: Record<string, string>;
}

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

function fromRow(row: Row): StoredChannel {
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

/** What a channel's credentials are sealed for: the channel, its type and its endpoint as stored. */
export function sealContextOf(channel: Pick<Channel, 'id' | 'type' | 'settings'>): SealContext {
  return { channelId: channel.id, binding: bindingOf(channel.type, channel.settings) };
}

export async function getChannel(db: D1Database, id: string): Promise<StoredChannel | null> {
  const row = await db.prepare('SELECT * FROM channels WHERE id = ?1').bind(id).first<Row>();
  return row ? fromRow(row) : null;
}

export async function listChannels(db: D1Database): Promise<StoredChannel[]> {
  const { results } = await db.prepare('SELECT * FROM channels ORDER BY id').all<Row>();
  return results.map(fromRow);
}

/** The channel with its credentials opened, for sending; a {@link SealError} if they do not open for its endpoint. */
export async function openChannel(channel: StoredChannel, keys: Keyring): Promise<OpenChannel> {
  if (!channel.sealed) return { ...channel, credentials: {} };
  return { ...channel, credentials: JSON.parse(await unseal(keys, sealContextOf(channel), channel.sealed)) as Record<string, string> };
}

/** The channel as the API shows it: settings, and which credentials are set, never their values. */
export function channelView(channel: StoredChannel, credentialNames = credentialsOf(channel.type)) {
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

const noKey = () => new Problem(503, 'Channels with credentials cannot be saved: the CHANNELS_KEY secret is not set.');

/**
 * Validates and stores the channel `id` from an API body: 400 naming the field at fault,
 * 503 without `CHANNELS_KEY`. A credential left out keeps the stored one (same type), but only
 * while the endpoint stays: a credential is never sent anywhere but where it was saved for.
 * Every write seals with the current key (so it re-seals what an earlier key or version
 * sealed); a body that gives every credential never opens the stored ones.
 */
export async function putChannel(db: D1Database, keys: Keyring, id: string, body: unknown, now: number): Promise<{ channel: StoredChannel; created: boolean }> {
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
  const missing = definition.credentials.filter((name) => !(name in credentials));
  let kept: Record<string, string> = {};
  if (missing.length > 0) {
    if (!existing?.sealed || existing.type !== type) throw new Problem(400, 'The channel needs its credentials.', missing.map((field): FieldError => ({ field, message: 'is required' })));
    const moved = definition.endpoint;
    if (moved && endpointOf(existing.type, existing.settings) !== endpointOf(existing.type, settings)) {
      throw new Problem(400, `A credential is only sent to the endpoint it was saved with: a new ${moved} needs ${missing.join(' and ')} again.`, missing.map((field) => ({ field, message: `is required when ${moved} changes` })));
    }
    if (!keys.current) throw noKey();
    try {
      const stored = JSON.parse(await unseal(keys, sealContextOf(existing), existing.sealed)) as Record<string, string>;
      kept = Object.fromEntries(missing.filter((name) => name in stored).map((name) => [name, stored[name]!]));
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      throw new Problem(409, `The stored credentials cannot be read (${error.message}): give them again.`, missing.map((field) => ({ field, message: 'cannot be read: give it again' })));
    }
  }
  if (!keys.current) throw noKey();
  const sealed = await seal(keys, { channelId: id, binding: bindingOf(type as ChannelType, settings) }, JSON.stringify({ ...kept, ...credentials }));
  await db.batch([
    db
      .prepare(
        `INSERT INTO channels (id, type, settings, secret, enabled, disabled_reason, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?6)
         ON CONFLICT (id) DO UPDATE SET type = ?2, settings = ?3, secret = ?4, enabled = ?5, disabled_reason = NULL, updated_at = ?6`,
      )
      .bind(id, type, JSON.stringify(settings), sealed, enabled ? 1 : 0, now),
    // A kept session belongs to the account and endpoint as they were.
    dropSession(db, id),
  ]);
  return { channel: (await getChannel(db, id))!, created: existing === null };
}

/**
 * Re-seals every channel's credentials with the current key (from the previous key, or the
 * first version's format); compare-and-set, so a PUT racing with it wins. Counts what it
 * re-sealed, and names the channels whose credentials open with neither key (left as they are).
 */
export async function resealChannels(db: D1Database, keys: Keyring): Promise<{ resealed: number; unreadable: string[] }> {
  if (!keys.current) throw new Problem(503, 'Nothing can be re-sealed: the CHANNELS_KEY secret is not set.');
  let resealed = 0;
  const unreadable: string[] = [];
  for (const channel of await listChannels(db)) {
    if (!channel.sealed) continue;
    let plain: string;
    try {
      plain = await unseal(keys, sealContextOf(channel), channel.sealed);
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      unreadable.push(channel.id);
      continue;
    }
    if (await isCurrent(keys, channel.sealed)) continue;
    const next = await seal(keys, sealContextOf(channel), plain);
    const result = await db.prepare('UPDATE channels SET secret = ?3 WHERE id = ?1 AND secret = ?2').bind(channel.id, channel.sealed, next).run();
    resealed += result.meta.changes ?? 0;
  }
  return { resealed, unreadable };
}

export async function deleteChannel(db: D1Database, id: string): Promise<boolean> {
  const [result] = await db.batch([db.prepare('DELETE FROM channels WHERE id = ?1').bind(id), dropSession(db, id)]);
  return (result!.meta.changes ?? 0) > 0;
}

/** Switches a channel off for a reason of Herald's own (a 410 Gone from its endpoint). */
export async function disableChannel(db: D1Database, id: string, reason: string, now: number): Promise<void> {
  await db.prepare('UPDATE channels SET enabled = 0, disabled_reason = ?2, updated_at = ?3 WHERE id = ?1').bind(id, reason, now).run();
}

/** True when a report with `topics` goes to `channel` by its topics (and the channel is on). */
export function channelWantsTopics(channel: Channel, report: { topics: string[] }): boolean {
  if (!channel.enabled) return false;
  return channel.topics.length === 0 || report.topics.some((topic) => channel.topics.includes(topic));
}

/**
 * True when a report in no translation group, with `topics` and `lang`, goes to `channel`:
 * its topics, and its language (a channel's `lang` filters these). A report in a group is
 * posted as its group instead, the channel's `lang` choosing the version (jobs.ts).
 */
export function channelWants(channel: Channel, report: { topics: string[]; lang: string }): boolean {
  if (!channelWantsTopics(channel, report)) return false;
  if (channel.lang && report.lang.toLowerCase() !== channel.lang.toLowerCase() && !report.lang.toLowerCase().startsWith(`${channel.lang.toLowerCase()}-`)) return false;
  return true;
}
