import * as z from 'zod';

/**
 * Email Service's sending events, as event subscriptions put them on a queue (source
 * `email.sending`, schema version 1). The shape is the one Cloudflare documents in "Email
 * Sending events" (cloudflare-docs, src/content/partials/queues/event-subscriptions/
 * email-sending-events.mdx): `type` is `cf.email.sending.message.<event>`, `payload` holds
 * `eventId`, `messageId`, `recipient`, `delivery.status` and, per event, `bounce` (type
 * `hard` | `soft`, classification, reason), `failure`, `rejection` or `complaint`;
 * `metadata.eventTimestamp` is when it happened.
 *
 * The parser is narrow: it requires only the fields Herald relies on and ignores the rest,
 * so an added field changes nothing. It keeps no address and no free text from the event
 * (SMTP responses and bounce reasons may quote the recipient's address): only tokens
 * checked against a pattern go into what it returns.
 */

export const EMAIL_EVENT_KINDS = ['delivered', 'deferred', 'bounced', 'failed', 'rejected', 'complained'] as const;
export type EmailEventKind = (typeof EMAIL_EVENT_KINDS)[number];

export interface EmailEvent {
  kind: EmailEventKind;
  eventId: string;
  /** The id the send call returned, without the angle brackets of a Message-ID header. */
  messageId: string;
  /** When the event happened (epoch ms). */
  at: number;
  /** For a bounce: refused for good, or retried until the service gave up. */
  bounce: 'hard' | 'soft' | null;
  /** The service rejected the message because the recipient is on its suppression list. */
  recipientSuppressed: boolean;
  /** What happened, from tokens only (classification, SMTP codes, reasons): never an address. */
  detail: string;
  schemaVersion: number;
}

export type ParsedEmailEvent =
  | { ok: true; event: EmailEvent }
  /** Another message type on this queue (a newer Email Service event): nothing to do. */
  | { ok: 'ignored'; type: string }
  /** Not an Email Sending event as documented; `reason` names the field, never its value. */
  | { ok: false; reason: string };

const TYPE_PREFIX = 'cf.email.sending.message.';
/** A word the service uses as a value (`permanent_failure`, `suppressed`, `gmail`). */
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const SMTP_CODE = /^[245]\d\d$/;
const ENHANCED_CODE = /^[245]\.\d{1,3}\.\d{1,3}$/;

/** An optional field kept only when it is a harmless token; anything else is dropped, not refused. */
const loose = z.unknown().transform((value) => (typeof value === 'string' && TOKEN.test(value) ? value : undefined));
const code = (pattern: RegExp) => z.unknown().transform((value) => (typeof value === 'string' && pattern.test(value) ? value : undefined));

const envelope = z.object({
  type: z.string().max(200),
  source: z.object({ type: z.literal('email.sending') }),
  payload: z.object({
    eventId: z.string().min(1).max(200),
    messageId: z.string().min(1).max(998).regex(/^[^\s\u0000-\u001F\u007F]+$/),
    // What only describes the event is taken when well-formed and dropped when not.
    delivery: z.object({ smtpStatusCode: code(SMTP_CODE), smtpEnhancedStatusCode: code(ENHANCED_CODE) }).optional().catch(undefined),
    bounce: z.object({ type: z.enum(['hard', 'soft']), classification: loose }).optional().catch(undefined),
    failure: z.object({ reason: loose }).optional().catch(undefined),
    rejection: z.object({ reason: loose, party: loose }).optional().catch(undefined),
    complaint: z.object({ type: loose }).optional().catch(undefined),
  }),
  metadata: z.object({ eventTimestamp: z.string().max(64), eventSchemaVersion: z.number().int() }),
});

function describe(kind: EmailEventKind, payload: z.infer<typeof envelope>['payload']): string {
  const smtp = [payload.delivery?.smtpStatusCode, payload.delivery?.smtpEnhancedStatusCode].filter(Boolean).join(' ');
  const parts: (string | undefined)[] =
    kind === 'bounced' || kind === 'deferred'
      ? [payload.bounce?.type && `${payload.bounce.type} bounce`, payload.bounce?.classification, smtp || undefined]
      : kind === 'failed'
        ? [payload.failure?.reason]
        : kind === 'rejected'
          ? [payload.rejection?.reason, payload.rejection?.party && `party ${payload.rejection.party}`]
          : kind === 'complained'
            ? [payload.complaint?.type]
            : [smtp || undefined];
  const said = parts.filter(Boolean).join(', ');
  return `email service: ${kind}${said ? ` (${said})` : ''}`;
}

/**
 * Reads one queue message body as an Email Sending event. A body that is a JSON string is
 * parsed first (a pull consumer or a replay may hand one over).
 */
export function parseEmailEvent(body: unknown): ParsedEmailEvent {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { ok: false, reason: 'body: not JSON' };
    }
  }
  const parsed = envelope.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `${issue.path.join('.') || 'body'}: ${issue.code}` };
  }
  const { type, payload, metadata } = parsed.data;
  if (!type.startsWith(TYPE_PREFIX)) return { ok: false, reason: 'type: not an Email Sending event' };
  const name = type.slice(TYPE_PREFIX.length);
  if (!TOKEN.test(name)) return { ok: false, reason: 'type: not an Email Sending event' };
  if (!(EMAIL_EVENT_KINDS as readonly string[]).includes(name)) return { ok: 'ignored', type };
  const kind = name as EmailEventKind;
  // Which bounce it was decides between suppressing at once and counting: never guessed.
  if (kind === 'bounced' && !payload.bounce) return { ok: false, reason: 'payload.bounce.type: missing or not hard or soft' };
  const at = Date.parse(metadata.eventTimestamp);
  if (!Number.isFinite(at)) return { ok: false, reason: 'metadata.eventTimestamp: not a date' };
  return {
    ok: true,
    event: {
      kind,
      eventId: payload.eventId,
      messageId: bareMessageId(payload.messageId),
      at,
      bounce: kind === 'bounced' ? payload.bounce!.type : null,
      recipientSuppressed: kind === 'rejected' && payload.rejection?.reason === 'suppressed',
      detail: describe(kind, payload),
      schemaVersion: metadata.eventSchemaVersion,
    },
  };
}

/** A message id without the angle brackets a Message-ID header puts around it. */
export function bareMessageId(id: string): string {
  return id.replace(/^<(.*)>$/, '$1');
}
