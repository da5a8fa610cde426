/**
 * The one way Herald hands an email to Cloudflare Email Service (the `EMAIL` binding),
 * and what the outcome means for the send ledger. Words, as the ledger uses them:
 * "submitted" is handed to the service and accepted (a message id came back); "refused"
 * is turned down with an error code, so certainly not sent; "unknown" is a call that
 * failed in a way that may or may not have sent the message.
 */

/** Limits of the service that its local simulator does not enforce. */
export const MAX_SUBJECT_CHARS = 998;
export const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;
export const MAX_HEADER_BYTES = 16 * 1024;

export interface Mailbox {
  email: string;
  name?: string;
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

/** A subject within the service's limit, on one line, cut at a character boundary. */
export function subjectSafe(subject: string): string {
  const line = headerSafe(subject);
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
      from: from.name ? { email: from.email, name: headerSafe(from.name) } : from.email,
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
