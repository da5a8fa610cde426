/**
 * The one way Herald hands an email to Cloudflare Email Service (the `EMAIL` binding),
 * and what the outcome means for the send ledger. Words, as the ledger uses them:
 * "submitted" is handed to the service and accepted (a message id came back); "refused"
 * is turned down with an error code, so certainly not sent; "unknown" is a call that
 * failed in a way that may or may not have sent the message.
 */

import type { SiteConfig } from './config.ts';
import type { Lang } from './i18n/index.ts';

/** Limits of the service that its local simulator does not enforce. */
export const MAX_SUBJECT_CHARS = 998;
export const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;
export const MAX_HEADER_BYTES = 16 * 1024;

export interface Mailbox {
  email: string;
  name?: string;
}

/**
 * Who an email to a reader in `lang` is from: DIGEST_FROM's address, named with the site's
 * short name in that language (SITE_SHORT_NAME, SITE_SHORT_NAME_ZH), as the email's header
 * names it. DIGEST_FROM's own display name is not used.
 */
export function senderFor(from: Mailbox, site: Pick<SiteConfig, 'names'>, lang: Lang): Mailbox {
  return { email: from.email, name: site.names[lang].short };
}

/** One message to one recipient. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

/** What to do after a refusal. */
export type RefusalAction = 'retry-later' | 'pause-until-tomorrow' | 'suppress' | 'retry';

export type SendOutcome =
  | { status: 'submitted'; messageId: string }
  | { status: 'refused'; code: string; message: string; action: RefusalAction }
  | { status: 'unknown'; message: string };

const ACTIONS: Record<string, RefusalAction> = {
  E_RATE_LIMIT_EXCEEDED: 'retry-later',
  E_DAILY_LIMIT_EXCEEDED: 'pause-until-tomorrow',
  E_RECIPIENT_SUPPRESSED: 'suppress',
};

/** A header value with every line break and control character taken out: data never starts a header. */
export function headerSafe(value: string): string {
  return value.replace(/[\u0000-\u001F\u007F\u2028\u2029]+/gu, ' ').replace(/\s+/gu, ' ').trim();
}

/**
 * How wide a subject and a sender's name may be, in display columns (a Han character, a
 * kana, a Hangul syllable, a full-width form or an emoji takes two; see `displayWidth`).
 * 78 is RFC 5322's recommended line length: a subject that wide reads whole in a desktop
 * client's list. A sender's name is shorter still in every inbox's sender column.
 */
export const SUBJECT_COLUMNS = 78;
export const SENDER_NAME_COLUMNS = 40;

/** East Asian Wide and Fullwidth (UAX #11) ranges, and emoji shown as pictures: two columns each. */
const WIDE =
  /[\u1100-\u115F\u231A\u231B\u2329\u232A\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6\u{16FE0}-\u{16FE4}\u{17000}-\u{18CFF}\u{1B000}-\u{1B2FF}\u{1F200}-\u{1F2FF}\u{20000}-\u{3FFFD}]|\p{Emoji_Presentation}|\uFE0F/u;

const graphemes = (text: string) => Array.from(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text), (s) => s.segment);

/** Display columns one grapheme takes: 2 when East Asian wide or an emoji, 0 for a lone control, else 1. */
function columnsOf(grapheme: string): number {
  if (WIDE.test(grapheme)) return 2;
  return /^\p{Cc}$/u.test(grapheme) ? 0 : 1;
}

/** How many columns `text` takes in a monospaced terminal or an inbox list: Han characters count two. */
export function displayWidth(text: string): number {
  return graphemes(text).reduce((sum, g) => sum + columnsOf(g), 0);
}

/**
 * `text` cut to at most `columns` display columns, between graphemes (never inside a
 * character, a surrogate pair, an emoji sequence or a letter with its accents), with an
 * ellipsis when it was cut.
 *
 * @example cutToWidth('网络空间国际法治工作坊', 10) // '网络空间…'
 */
export function cutToWidth(text: string, columns: number): string {
  const parts = graphemes(text);
  if (parts.reduce((sum, g) => sum + columnsOf(g), 0) <= columns) return text;
  let kept = '';
  let width = 0;
  for (const g of parts) {
    const w = columnsOf(g);
    // One column is kept for the ellipsis.
    if (width + w > columns - 1) break;
    kept += g;
    width += w;
  }
  return `${kept.trimEnd()}…`;
}

/**
 * `make(title)` with `title` cut so the whole fits `columns`: a subject such as “3 new
 * reports: <title> and 2 more” keeps its frame whole and shortens only the title.
 */
export function fitTitle(make: (title: string) => string, title: string, columns = SUBJECT_COLUMNS): string {
  const frame = displayWidth(make(''));
  return make(cutToWidth(title, Math.max(8, columns - frame)));
}

/** A subject on one line, at most SUBJECT_COLUMNS wide and within the service's character limit, cut between graphemes. */
export function subjectSafe(subject: string): string {
  const line = cutToWidth(headerSafe(subject), SUBJECT_COLUMNS);
  const chars = Array.from(line);
  return chars.length <= MAX_SUBJECT_CHARS ? line : `${chars.slice(0, MAX_SUBJECT_CHARS - 1).join('')}…`;
}

function errorCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' && /^E_[A-Z_]+$/.test(error.code)) return error.code;
  return undefined;
}

/**
 * Sends `email` from `from` and says what happened. It never throws for the service's
 * own errors: a coded error is a refusal; anything else (a network failure, a timeout) is
 * an unknown outcome, which the ledger must not retry blindly.
 */
export async function sendEmail(binding: SendEmail, from: Mailbox, email: OutgoingEmail): Promise<SendOutcome> {
  const headers = Object.fromEntries(Object.entries(email.headers ?? {}).map(([name, value]) => [headerSafe(name), headerSafe(value)]));
  const size = new TextEncoder().encode(email.text + email.html).length;
  if (size > MAX_MESSAGE_BYTES) return { status: 'refused', code: 'E_MESSAGE_TOO_LARGE', message: `message is ${size} bytes`, action: 'retry' };
  try {
    const result = await binding.send({
      from: from.name ? { email: from.email, name: cutToWidth(headerSafe(from.name), SENDER_NAME_COLUMNS) } : from.email,
      to: email.to,
      subject: subjectSafe(email.subject),
      text: email.text,
      html: email.html,
      headers,
    });
    return { status: 'submitted', messageId: result.messageId };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = errorCode(error);
    if (!code) return { status: 'unknown', message };
    return { status: 'refused', code, message, action: ACTIONS[code] ?? 'retry' };
  }
}
