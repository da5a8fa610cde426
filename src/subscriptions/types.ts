import type { Lang as InterfaceLang } from '../common/i18n/index.ts';

/** How often a subscriber hears from Herald. */
export const FREQUENCIES = ['instant', 'daily', 'weekly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** Which reports a subscriber gets: English ones, Chinese ones, or both (one item per translation group). */
export const SUBSCRIBER_LANGS = ['en', 'zh', 'both'] as const;
export type SubscriberLang = (typeof SUBSCRIBER_LANGS)[number];

/** The languages Herald's own words (pages, emails) come in: the catalogue's. */
export { LANGUAGES as INTERFACE_LANGS, type Lang as InterfaceLang } from '../common/i18n/index.ts';

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
  /** Which reports (migrations/0008). */
  lang: SubscriberLang;
  /** The language of their pages and emails: where they signed up, or what they chose since. */
  uiLang: InterfaceLang;
  /** A followed search (migrations/0012): only reports matching it as well; null: none. */
  query: string | null;
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
