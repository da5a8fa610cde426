import type { DigestConfig, SiteConfig } from '../shared/config.ts';
import { sendEmail, type SendOutcome } from '../shared/email.ts';
import { loadPublic, publicationsBySeq, type PublicReport, type ReportCache } from '../reports/index.ts';
import { getSubscriber } from '../subscriptions/index.ts';
import { subscriberLinks } from '../subscriptions/tokens.ts';
import type { Subscriber } from '../subscriptions/types.ts';
import { matchesPreferences } from './compose.ts';
import type { ComposedEmail } from './email.ts';
import { cancelClaimed, claimWindow, markStaleSending, releaseForRetry, type SendRow, sendsOf, settle, startSending, suppressSubscriber } from './ledger-store.ts';
import { addSkipped, getRun, pauseRun, type Run } from './run-store.ts';

/** What the queue should do with a message once it was handled. */
export type Disposition = { ack: true } | { ack: false; delaySeconds: number };

const ACK: Disposition = { ack: true };

/** Longer than any send call can take: a row still 'sending' after this was interrupted. */
export const STALE_SENDING_MS = 5 * 60_000;

/** Queues delay a retry by at most 12 hours. */
const MAX_DELAY_SECONDS = 12 * 3600;

/** What delivering needs besides the message: bindings, settings and the clock. */
export interface DeliveryContext {
  db: D1Database;
  kv: KVNamespace;
  email: SendEmail;
  site: SiteConfig;
  digest: DigestConfig;
  secret: string;
  now: number;
  /** Reports read in this batch: subscribers of one run share them. */
  reports?: ReportCache;
  /** Composes (or reuses) the email of a set of reports for a subscriber; shared across a batch. */
  compose: (run: Run, subscriber: Subscriber, reports: PublicReport[]) => ComposedEmail;
}

/** Exponential backoff with full jitter: 30 s, 60 s, 120 s … capped, never the same for all. */
export function backoffSeconds(attempts: number, random: number = Math.random()): number {
  const ceiling = Math.min(MAX_DELAY_SECONDS, 30 * 2 ** Math.max(0, attempts - 1));
  return Math.max(10, Math.round(ceiling / 2 + (ceiling / 2) * random));
}

/** The next midnight UTC, when the email service's daily quota resets. */
export function quotaResetAt(now: number): number {
  return Math.floor(now / 86_400_000 + 1) * 86_400_000;
}

/** The editions a claim writes: one digest, or one instant email per report. */
function plannedEditions(run: Run, reports: PublicReport[]): string[] {
  return run.frequency === 'instant' ? reports.map((r) => `report:${r.seq}`) : [`run:${run.id}`];
}

/**
 * Claims the subscriber's window for the run, if it has not been claimed yet. Reports that
 * became public in (last_seq, run's seq] and match the subscriber's topics and language are
 * planned; the window is claimed even when none match, so they are not looked at again.
 */
async function claim(ctx: DeliveryContext, run: Run, subscriber: Subscriber): Promise<Map<string, PublicReport[]>> {
  let current: Subscriber | null = subscriber;
  for (let attempt = 0; attempt < 3 && current && current.status === 'active' && current.lastSeq < run.toSeq; attempt += 1) {
    const publications = await publicationsBySeq(ctx.db, current.lastSeq, run.toSeq);
    const reports = (await loadPublic(ctx.kv, publications, ctx.now, ctx.reports)).filter((r) => matchesPreferences(r.report, current!));
    const editions = reports.length === 0 ? [] : plannedEditions(run, reports);
    const plan = new Map<string, PublicReport[]>(editions.map((edition, i) => [edition, run.frequency === 'instant' ? [reports[i]!] : reports]));
    if (await claimWindow(ctx.db, current.id, run.id, current.lastSeq, run.toSeq, editions.map((edition) => ({ edition })), ctx.now)) return plan;
    current = await getSubscriber(ctx.db, current.id);
  }
  return new Map();
}

/** The reports of a claimed row, read again (a retry after a crash has no plan in memory). */
async function reportsOf(ctx: DeliveryContext, row: SendRow, subscriber: Subscriber): Promise<PublicReport[]> {
  const publications = await publicationsBySeq(ctx.db, row.from_seq, row.to_seq);
  const seq = row.edition.startsWith('report:') ? Number(row.edition.slice(7)) : null;
  const chosen = seq === null ? publications : publications.filter((p) => p.seq === seq);
  return (await loadPublic(ctx.kv, chosen, ctx.now, ctx.reports)).filter((r) => matchesPreferences(r.report, subscriber));
}

function errorText(outcome: Exclude<SendOutcome, { status: 'submitted' }>): string {
  return outcome.status === 'refused' ? `${outcome.code}: ${outcome.message}` : outcome.message;
}

/**
 * Delivers one run's email(s) to one subscriber, exactly once: a claimed row is taken for
 * sending by one caller only; a refusal puts it back (certainly not sent) and asks the queue
 * to retry later; an unknown outcome is recorded and never resent; a row found still
 * 'sending' long after it started is marked unknown.
 */
export async function deliver(ctx: DeliveryContext, message: { run: number; subscriber: number }, attempts: number): Promise<Disposition> {
  const run = await getRun(ctx.db, message.run);
  if (!run) return ACK;
  if (run.pausedUntil !== null && run.pausedUntil > ctx.now) return { ack: false, delaySeconds: Math.min(MAX_DELAY_SECONDS, Math.ceil((run.pausedUntil - ctx.now) / 1000)) };
  const subscriber = await getSubscriber(ctx.db, message.subscriber);
  if (!subscriber || subscriber.status !== 'active') {
    if (subscriber) await cancelClaimed(ctx.db, subscriber.id, run.id, ctx.now);
    await addSkipped(ctx.db, run.id);
    return ACK;
  }
  await markStaleSending(ctx.db, subscriber.id, run.id, ctx.now - STALE_SENDING_MS, ctx.now);
  let rows = await sendsOf(ctx.db, subscriber.id, run.id);
  let plan = new Map<string, PublicReport[]>();
  if (rows.length === 0) {
    plan = await claim(ctx, run, subscriber);
    if (plan.size === 0) {
      await addSkipped(ctx.db, run.id);
      return ACK;
    }
    rows = await sendsOf(ctx.db, subscriber.id, run.id);
  }
  const links = await subscriberLinks(ctx.site.siteUrl, ctx.secret, subscriber.id);
  for (const row of rows) {
    if (row.status !== 'claimed') continue;
    if (!(await startSending(ctx.db, row, ctx.now))) {
      const latest = await getSubscriber(ctx.db, subscriber.id);
      if (!latest || latest.status !== 'active') await cancelClaimed(ctx.db, subscriber.id, run.id, ctx.now);
      continue;
    }
    const reports = plan.get(row.edition) ?? (await reportsOf(ctx, row, subscriber));
    if (reports.length === 0) {
      // Every report of the window was deleted or unpublished since the claim.
      await settle(ctx.db, row.id, 'cancelled', ctx.now, { error: 'no report of this email is public any more' });
      continue;
    }
    const email = ctx.compose(run, subscriber, reports).fill(links);
    const outcome = await sendEmail(ctx.email, ctx.digest.from, { ...email, to: subscriber.email });
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
      const resetAt = quotaResetAt(ctx.now);
      await pauseRun(ctx.db, run.id, resetAt);
      return { ack: false, delaySeconds: Math.min(MAX_DELAY_SECONDS, Math.ceil((resetAt - ctx.now) / 1000)) };
    }
    return { ack: false, delaySeconds: backoffSeconds(attempts) };
  }
  return ACK;
}
