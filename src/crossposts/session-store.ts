/**
 * Kept service sessions (Bluesky), table `channel_sessions`: one per channel, sealed like the
 * credentials and bound to the channel's endpoint and account, dropped whenever the channel is
 * written, so a session only ever goes back to the service (and account) that issued it.
 */
import { bindingOf, type ChannelType } from './channel-types.ts';
import { type Keyring, seal, type SealContext, SealError, unseal } from './secrets.ts';

/** A Bluesky session: kept (sealed in D1) and refreshed, because createSession is rate-limited hard. */
export interface BlueskySession {
  accessJwt: string;
  /** Absent: the session cannot be refreshed, only created again. */
  refreshJwt?: string;
  did: string;
}

/** Where a channel's session is kept between posts. */
export interface SessionKeeper {
  load(): Promise<BlueskySession | null>;
  save(session: BlueskySession): Promise<void>;
}

function contextOf(channel: { id: string; type: ChannelType; settings: Record<string, unknown> }): SealContext {
  return { channelId: channel.id, binding: `session\n${bindingOf(channel.type, channel.settings)}\n${String(channel.settings.identifier ?? '')}` };
}

/** The statement that forgets `channelId`'s session (for a batch with the channel's own write). */
export function dropSession(db: D1Database, channelId: string): D1PreparedStatement {
  return db.prepare('DELETE FROM channel_sessions WHERE channel_id = ?1').bind(channelId);
}

/** Where `channel`'s session is kept: a session that does not open (another key, endpoint or account) is none. */
export function sessionKeeper(db: D1Database, keys: Keyring, channel: { id: string; type: ChannelType; settings: Record<string, unknown> }, clock: () => number): SessionKeeper {
  const context = contextOf(channel);
  return {
    async load(): Promise<BlueskySession | null> {
      const row = await db.prepare('SELECT sealed FROM channel_sessions WHERE channel_id = ?1').bind(channel.id).first<{ sealed: string }>();
      if (!row) return null;
      try {
        return JSON.parse(await unseal(keys, context, row.sealed)) as BlueskySession;
      } catch (error) {
        if (error instanceof SealError) return null;
        throw error;
      }
    },
    async save(session: BlueskySession): Promise<void> {
      if (!keys.current) return;
      const sealed = await seal(keys, context, JSON.stringify(session));
      await db
        .prepare('INSERT INTO channel_sessions (channel_id, sealed, updated_at) VALUES (?1, ?2, ?3) ON CONFLICT (channel_id) DO UPDATE SET sealed = ?2, updated_at = ?3')
        .bind(channel.id, sealed, clock())
        .run();
    },
  };
}
