import type { DigestConfig, SiteConfig } from '../common/config.ts';
import { senderFor, sendEmail, type SendOutcome } from '../common/email.ts';
import { publicationsBySeq, type PublicReport, type Readable, type ReportCache, readPublished } from '../reports/index.ts';
import { getSubscriber } from '../subscriptions/index.ts';
import { subscriberLinks } from '../subscriptions/tokens.ts';
import type { Subscriber } from '../subscriptions/types.ts';
import type { DigestEntry } from './compose.ts';
import type { ComposedEmail } from './email.ts';
import { type ChoiceCache, chooseReports } from './groups.ts';
import { cancelClaimed, cancelSend, claimWindow, markStaleSending, releaseForRetry, type SendRow, sendsOf, settle, startSending, suppressSubscriber } from './ledger-store.ts';
import { pauseSending, quotaResetAt } from './pause-store.ts';
import { addSkipped, getRun, pauseRun, type Run } from './run-store.ts';

/**
 * What the queue should do with a message once it was handled: ack it, retry it (a failure:
 * it spends one of the message's attempts), or hold it (`requeue`: it comes back later as a
 * new message, since waiting for the quota or for KV is no failure).
 */
export type Disposition = { ack: true } | { ack: false; delaySeconds: number; requeue?: true };

const ACK: Disposition = { ack: true };

/** Longer than any send call can take: a row still 'sending' after this was interrupted. */
export const STALE_SENDING_MS = 5 * 60_000;

/** How long Email Service has to answer one send; then the outcome is unknown (it may have gone). */
export const SEND_TIMEOUT_MS = 30_000;

/** Queues delay a message by at most 12 hours. */
const MAX_DELAY_SECONDS = 12 * 3600;

/** How often a window that waits for KV to show a report is looked at again. */
const KV_WAIT_SECONDS = 30;

/** Holds a message for `ms` (at least a few seconds, at most what a queue allows). */
function hold(ms: number, cap = MAX_DELAY_SECONDS): Disposition {
  return { ack: false, requeue: true, delaySeconds: Math.max(5, Math.min(cap, Math.ceil(ms / 1000))) };
}

/** What delivering needs besides the message: bindings, settings and the clock. */
export interface DeliveryContext {
  db: D1Database;
  kv: KVNamespace;
  email: SendEmail;
  site: SiteConfig;
  digest: DigestConfig;
  secret: string;
  now: number;
  /** Sending is paused (the account's daily quota) until then; the batch shares what a refusal sets. */
  pausedUntil: number | null;
  /** Overrides {@link SEND_TIMEOUT_MS}. */
  sendTimeoutMs?: number;
  /** Reports read in this batch: subscribers of one run share them. */
  reports?: ReportCache;
  /** Translation groups read in this batch, by key, and the slugs each followed search matched. */
  choices?: ChoiceCache;
  /** Composes (or reuses) the email of a set of reports for a subscriber; shared across a batch. */
  compose: (run: Run, subscriber: Subscriber, reports: DigestEntry[]) => ComposedEmail;
}

/** Exponential backoff with full jitter: 30 s, 60 s, 120 s … capped, never the same for all. */
export function backoffSeconds(attempts: number, random: number = Math.random()): number {
  const ceiling = Math.min(MAX_DELAY_SECONDS, 30 * 2 ** Math.max(0, attempts - 1));
  return Math.max(10, Math.round(ceiling / 2 + (ceiling / 2) * random));
}

/**
 * What a subscriber gets of a window's public reports (seq in (after, …]): those on their
 * topics, in their language and matching their followed search (the one saved now). An `en` or `zh` reader gets every report in that language
 * as it becomes public, a translation published later included (they never got the other
 * version). A `both` reader gets one item per translation group, and only for a group whose
 * first version became public in the window; see groups.ts. Each item carries the other
 * versions readers can open now, which the email links.
 */
function selectFor(ctx: DeliveryContext, subscriber: Subscriber, reports: PublicReport[], after: number): Promise<DigestEntry[]> {
  return chooseReports(ctx.db, reports, subscriber, (v) => v.seq !== null && v.seq <= after, ctx.now, (ctx.choices ??= {}));
}

/** The editions a claim writes: one digest, or one instant email per report. */
function plannedEditions(run: Run, reports: PublicReport[]): string[] {
  return run.frequency === 'instant' ? reports.map((r) => `report:${r.seq}`) : [`run:${run.id}`];
}

/**
 * Claims the subscriber's window for the run, if it has not been claimed yet. Reports that
 * became public in (last_seq, run's seq] and match the subscriber's topics, language and
 * followed search are planned; the window is claimed even when none match, so they are not looked at again.
 */
async function claim(ctx: DeliveryContext, run: Run, subscriber: Subscriber): Promise<{ plan: Map<string, DigestEntry[]> } | { waiting: NonNullable<Readable['waiting']> }> {
  let current: Subscriber | null = subscriber;
  for (let attempt = 0; attempt < 3 && current && current.status === 'active' && current.lastSeq < run.toSeq; attempt += 1) {
    const publications = await publicationsBySeq(ctx.db, current.lastSeq, run.toSeq);
    // A report KV here does not show yet stops the claim: the whole window waits for it.
    const { reports: found, waiting } = await readPublished(ctx.kv, publications, ctx.now, ctx.reports);
    if (waiting) return { waiting };
    const reports = await selectFor(ctx, current, found, current.lastSeq);
    const editions = reports.length === 0 ? [] : plannedEditions(run, reports);
    const plan = new Map<string, DigestEntry[]>(editions.map((edition, i) => [edition, run.frequency === 'instant' ? [reports[i]!] : reports]));
    if (await claimWindow(ctx.db, current.id, run.id, current.lastSeq, run.toSeq, editions.map((edition) => ({ edition })), ctx.now)) return { plan };
    current = await getSubscriber(ctx.db, current.id);
  }
  return { plan: new Map() };
}

/**
 * The reports of a claimed row, read again (a retry after a crash has no plan in memory):
 * an instant email's one report (chosen when it was claimed), or a digest's window chosen
 * as the claim chose it.
 */
async function reportsOf(ctx: DeliveryContext, row: SendRow, subscriber: Subscriber): Promise<{ reports: DigestEntry[]; waiting: Readable['waiting'] }> {
  const publications = await publicationsBySeq(ctx.db, row.from_seq, row.to_seq);
  const seq = row.edition.startsWith('report:') ? Number(row.edition.slice(7)) : null;
  const { reports, waiting } = await readPublished(ctx.kv, seq === null ? publications : publications.filter((p) => p.seq === seq), ctx.now, ctx.reports);
  if (waiting) return { reports: [], waiting };
  // An instant email's report was chosen when it was claimed: it is not chosen again.
  const reader = seq === null ? subscriber : { ...subscriber, lang: subscriber.lang === 'both' ? null : subscriber.lang };
  return { reports: await chooseReports(ctx.db, reports, reader, (v) => v.seq !== null && v.seq <= row.from_seq, ctx.now, (ctx.choices ??= {})), waiting: null };
}

/** The email binding, with a deadline: no answer within `ms` is an error without a code (an unknown outcome). */
function withDeadline(binding: SendEmail, ms: number): SendEmail {
  const send = (message: EmailMessageBuilder) =>
    new Promise<EmailSendResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Email Service did not answer within ${ms} ms`)), ms);
      binding.send(message).then(
        (result) => (clearTimeout(timer), resolve(result)),
        (error: unknown) => (clearTimeout(timer), reject(error)),
      );
    });
  return { send } as SendEmail;
}

function errorText(outcome: Exclude<SendOutcome, { status: 'submitted' }>): string {
  return outcome.status === 'refused' ? `${outcome.code}: ${outcome.message}` : outcome.message;
}

/**
 * Delivers one run's email(s) to one subscriber, exactly once. Everything that can fail
 * before the hand-over (reading reports, composing) happens while the row is still
 * 'claimed', so such a failure leaves it to be sent on a retry. A claimed row is then taken
 * for sending by one caller only; a refusal puts it back (certainly not sent) and asks the
 * queue to retry later; an unknown outcome (no answer, or no answer in time) is recorded and
 * never resent; a row found still 'sending' long after it started is marked unknown.
 */
export async function deliver(ctx: DeliveryContext, message: { run: number; subscriber: number }, attempts: number): Promise<Disposition> {
  if (ctx.pausedUntil !== null && ctx.pausedUntil > ctx.now) return hold(ctx.pausedUntil - ctx.now);
  const run = await getRun(ctx.db, message.run);
  if (!run) return ACK;
  const subscriber = await getSubscriber(ctx.db, message.subscriber);
  if (!subscriber || subscriber.status !== 'active') {
    if (subscriber) await cancelClaimed(ctx.db, subscriber.id, run.id, ctx.now);
    await addSkipped(ctx.db, run.id);
    return ACK;
  }
  await markStaleSending(ctx.db, subscriber.id, run.id, ctx.now - STALE_SENDING_MS, ctx.now);
  let rows = await sendsOf(ctx.db, subscriber.id, run.id);
  let plan = new Map<string, DigestEntry[]>();
  if (rows.length === 0) {
    const claimed = await claim(ctx, run, subscriber);
    if ('waiting' in claimed) return hold(claimed.waiting.until - ctx.now, KV_WAIT_SECONDS);
    plan = claimed.plan;
    if (plan.size === 0) {
      await addSkipped(ctx.db, run.id);
      return ACK;
    }
    rows = await sendsOf(ctx.db, subscriber.id, run.id);
  }
  const links = await subscriberLinks(ctx.site.siteUrl, ctx.secret, subscriber.id, subscriber.uiLang);
  const email = withDeadline(ctx.email, ctx.sendTimeoutMs ?? SEND_TIMEOUT_MS);
  for (const row of rows) {
    if (row.status !== 'claimed') continue;
    const planned = plan.get(row.edition);
    const readable = planned ? { reports: planned, waiting: null } : await reportsOf(ctx, row, subscriber);
    if (readable.waiting) return hold(readable.waiting.until - ctx.now, KV_WAIT_SECONDS);
    if (readable.reports.length === 0) {
      // Every report of the window was deleted or unpublished since the claim, or the
      // subscriber's choices (topics, followed search) changed and none is on them now.
      await cancelSend(ctx.db, row.id, 'no report of this email is public, or on the subscriber’s choices, any more', ctx.now);
      continue;
    }
    const composed = ctx.compose(run, subscriber, readable.reports).fill(links);
    if (!(await startSending(ctx.db, row, ctx.now))) {
      const latest = await getSubscriber(ctx.db, subscriber.id);
      if (!latest || latest.status !== 'active') await cancelClaimed(ctx.db, subscriber.id, run.id, ctx.now);
      continue;
    }
    let outcome: SendOutcome;
    try {
      outcome = await sendEmail(email, senderFor(ctx.digest.from, ctx.site, subscriber.uiLang), { ...composed, to: subscriber.email });
    } catch (error) {
      // sendEmail answers for everything the service does: what it throws came before the hand-over.
      await releaseForRetry(ctx.db, row.id, 'failed before the hand-over to the email service', ctx.now);
      throw error;
    }
    if (outcome.status === 'submitted') {
      await settle(ctx.db, row.id, 'sent', ctx.now, { messageId: outcome.messageId });
      continue;
    }
    if (outcome.status === 'unknown') {
      await settle(ctx.db, row.id, 'unknown', ctx.now, { error: errorText(outcome) });
      continue;
    }
    if (outcome.action === 'suppress') {
      await settle(ctx.db, row.id, 'failed', ctx.now, { error: errorText(outcome) });
      await suppressSubscriber(ctx.db, subscriber.id, ctx.now);
      await cancelClaimed(ctx.db, subscriber.id, run.id, ctx.now);
      return ACK;
    }
    await releaseForRetry(ctx.db, row.id, errorText(outcome), ctx.now);
    if (outcome.action === 'pause-until-tomorrow') {
      // The quota is the account's: every consumer and fan-out holds off until it resets.
      const resetAt = quotaResetAt(ctx.now);
      await pauseSending(ctx.db, resetAt, outcome.code, ctx.now);
      await pauseRun(ctx.db, run.id, resetAt);
      ctx.pausedUntil = resetAt;
      return hold(resetAt - ctx.now);
    }
    return { ack: false, delaySeconds: backoffSeconds(attempts) };
  }
  return ACK;
}
