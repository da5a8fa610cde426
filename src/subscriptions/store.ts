import type { Frequency, Subscriber, SubscriberStatus } from './types.ts';

/** Every statement on the `subscribers` table goes through this module. */

interface SubscriberRow {
  id: number;
  email: string;
  status: SubscriberStatus;
  frequency: Frequency;
  topics: string;
  lang: string | null;
  timezone: string;
  created_at: number;
  updated_at: number;
  confirmed_at: number | null;
  unsubscribed_at: number | null;
  last_seq: number;
  next_due_at: number | null;
}

function topicsOf(text: unknown): string[] {
  try {
    const value: unknown = JSON.parse(String(text ?? '[]'));
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** Maps a `SELECT * FROM subscribers` row. */
export function rowToSubscriber(row: Record<string, unknown>): Subscriber {
  const r = row as unknown as SubscriberRow;
  return {
    id: r.id,
    email: r.email,
    status: r.status,
    frequency: r.frequency,
    topics: topicsOf(r.topics),
    lang: r.lang,
    timeZone: r.timezone,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    confirmedAt: r.confirmed_at,
    unsubscribedAt: r.unsubscribed_at,
    lastSeq: r.last_seq,
    nextDueAt: r.next_due_at,
  };
}

export async function getSubscriber(db: D1Database, id: number): Promise<Subscriber | null> {
  const row = await db.prepare('SELECT * FROM subscribers WHERE id = ?1').bind(id).first<Record<string, unknown>>();
  return row ? rowToSubscriber(row) : null;
}

/** `email` must already be normalized (see address.ts). */
export async function findSubscriberByEmail(db: D1Database, email: string): Promise<Subscriber | null> {
  const row = await db.prepare('SELECT * FROM subscribers WHERE email = ?1').bind(email).first<Record<string, unknown>>();
  return row ? rowToSubscriber(row) : null;
}
