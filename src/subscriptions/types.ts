/** How often a subscriber hears from Herald. */
export const FREQUENCIES = ['instant', 'daily', 'weekly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/**
 * pending: signed up, not confirmed; active: confirmed, gets mail; unsubscribed: asked to
 * stop; suppressed: the email service refuses to deliver to the address.
 */
export type SubscriberStatus = 'pending' | 'active' | 'unsubscribed' | 'suppressed';

/** A row of the `subscribers` table, as the code sees it. */
export interface Subscriber {
  id: number;
  email: string;
  status: SubscriberStatus;
  frequency: Frequency;
  /** Empty: every topic. */
  topics: string[];
  /** Null: every language. */
  lang: string | null;
  timeZone: string;
  createdAt: number;
  updatedAt: number;
  confirmedAt: number | null;
  unsubscribedAt: number | null;
  /** Publications up to this seq are covered. */
  lastSeq: number;
  nextDueAt: number | null;
  /** The sign-up whose confirmation link works now (migrations/0006). */
  confirmVersion: number;
}
