import type { Env } from '../common/config.ts';
import { logEvent } from '../common/log.ts';
import { suppress } from '../subscriptions/index.ts';
import { type EmailEvent, parseEmailEvent } from './email-event.ts';
import { type Outcome, type OutcomeRow, recordOutcome, SOFT_BOUNCE_STREAK, softBounceStreak } from './outcome-store.ts';

/**
 * The consumer of Email Service's sending events (queue `herald-email-events`, filled by an
 * event subscription on the sending domain): each event moves the send it names on from
 * `sent`, and a complaint, a hard bounce or a streak of soft bounces suppresses the
 * subscriber. Safe to run twice and in any order: an outcome never moves back, and what is
 * done to the subscriber follows from the send's state, not from having seen the event.
 */

/** How an event left things, for the batch's log line. */
type Result = 'applied' | 'unchanged' | 'unmatched' | 'no-op' | 'ignored' | 'malformed';

/** An event for a send whose message id is not recorded yet is looked for again once, this much later. */
export const UNMATCHED_RETRY_SECONDS = 60;

const OUTCOMES: Partial<Record<EmailEvent['kind'], Outcome>> = {
  delivered: 'delivered',
  bounced: 'bounced',
  complained: 'complained',
  failed: 'failed',
  rejected: 'failed',
};

/** Why a send's state (or the event) means the subscriber must get no more mail; null when it does not. */
async function suppressionReason(db: D1Database, row: OutcomeRow, event: EmailEvent): Promise<string | null> {
  if (row.status === 'complained') return 'complaint';
  if (row.status === 'bounced' && row.bounce_type === 'hard') return 'hard-bounce';
  if (event.recipientSuppressed) return 'rejected-as-suppressed';
  if (row.status === 'bounced' && (await softBounceStreak(db, row.subscriber_id)) >= SOFT_BOUNCE_STREAK) return 'soft-bounce-streak';
  return null;
}

/** Applies one event: the send's outcome, then what it means for the subscriber. */
export async function applyEmailEvent(db: D1Database, event: EmailEvent, now: number): Promise<'applied' | 'unchanged' | 'unmatched' | 'no-op'> {
  const status = OUTCOMES[event.kind];
  // A deferral is a retry still under way at the service: the send stays 'sent'.
  if (!status) return 'no-op';
  const found = await recordOutcome(db, event.messageId, { status, bounce: event.bounce, detail: event.detail, at: event.at }, now);
  if (!found) return 'unmatched';
  const reason = await suppressionReason(db, found.row, event);
  if (reason && (await suppress(db, found.row.subscriber_id, now))) {
    logEvent('subscriber-suppressed', { subscriber: found.row.subscriber_id, send: found.row.id, reason }, 'warn');
  }
  return found.changed ? 'applied' : 'unchanged';
}

/**
 * The queue handler (and its dead-letter queue's). A malformed message is logged (which
 * field, never its value) and acknowledged: retrying cannot mend it. An event whose send
 * is not found is retried once a minute later, in case the send's message id was being
 * recorded; then acknowledged (events of confirmation emails, which the ledger does not
 * hold, end there). A failure (D1 unavailable) is retried with backoff.
 */
export async function onEmailEventQueue(batch: MessageBatch<unknown>, env: Env, now: number = Date.now()): Promise<void> {
  const counts: Record<Result, number> = { applied: 0, unchanged: 0, unmatched: 0, 'no-op': 0, ignored: 0, malformed: 0 };
  let retried = 0;
  for (const message of batch.messages) {
    const parsed = parseEmailEvent(message.body);
    if (parsed.ok === false) {
      counts.malformed += 1;
      logEvent('email-event-malformed', { queue: batch.queue, message: message.id, reason: parsed.reason }, 'warn');
      message.ack();
      continue;
    }
    if (parsed.ok === 'ignored') {
      counts.ignored += 1;
      message.ack();
      continue;
    }
    if (parsed.event.schemaVersion !== 1) {
      // Documented is version 1; the fields Herald reads were all there, so it goes ahead.
      logEvent('email-event-schema', { message: message.id, version: parsed.event.schemaVersion }, 'warn');
    }
    try {
      const result = await applyEmailEvent(env.DB, parsed.event, now);
      counts[result] += 1;
      if (result === 'unmatched' && message.attempts < 2) {
        retried += 1;
        message.retry({ delaySeconds: UNMATCHED_RETRY_SECONDS });
      } else message.ack();
    } catch (error) {
      retried += 1;
      logEvent('email-event-error', { message: message.id, eventId: parsed.event.eventId, kind: parsed.event.kind, error: error instanceof Error ? error.message : String(error) }, 'error');
      message.retry({ delaySeconds: Math.min(3600, 30 * 2 ** Math.max(0, message.attempts - 1)) });
    }
  }
  logEvent('email-events-batch', { queue: batch.queue, messages: batch.messages.length, retried, ...counts });
}
