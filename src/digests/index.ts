/** What other capabilities may use of the digests' storage: delivery outcomes per subscriber (the subscriber admin API), and the account-wide sending pause. */
export { deliveryBySubscriber, type SubscriberDelivery } from './outcome-store.ts';
/**
 * Any sender of email through the `EMAIL` binding (confirmation emails too) should skip or
 * defer its send while `sendingPausedUntil` answers a time, and call `pauseSending(db,
 * quotaResetAt(now), 'E_DAILY_LIMIT_EXCEEDED', now)` when the service refuses it with
 * E_DAILY_LIMIT_EXCEEDED, so the digests hold off too.
 */
export { pauseSending, quotaResetAt, sendingPausedUntil } from './pause-store.ts';
/** The emails that carried a report (the desk's report page). */
export { sendsOfReport } from './ledger-store.ts';
/** Digest runs with their send counts, and the problems of a run, for the desk's delivery pages (src/reach). */
export { listRuns, runProblems, type RunProblem, type RunSummary } from './run-store.ts';
