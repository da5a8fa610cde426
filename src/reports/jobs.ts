import { type Env, readConfig } from '../common/config.ts';
import { logEvent } from '../common/log.ts';
import type { Scope } from '../common/scope.ts';
import { promoteDue } from './publications-store.ts';
import { notifyHub } from './publishing.ts';
import { affectedScopes } from './store.ts';

/**
 * Every cron: records the scheduled reports that came due (their moment of becoming public
 * is their own time) and tells the WebSub hub about the feeds they appear in; the feeds
 * themselves rebuild at the report's time by their own clock. A report is recorded once,
 * so running this twice, or two crons racing, announces nothing twice.
 */
export async function publishDue(env: Env, now: number): Promise<void> {
  const promoted = await promoteDue(env.DB, env.REPORTS, now);
  if (promoted.length === 0) return;
  const scopes = new Map<string, Scope>();
  for (const report of promoted) for (const scope of affectedScopes(null, report)) scopes.set(JSON.stringify(scope), scope);
  logEvent('reports-came-due', { reports: promoted.map((report) => report.slug) });
  await notifyHub(readConfig(env), [...scopes.values()]).catch((error: unknown) => logEvent('websub-ping-failed', { error: String(error) }, 'warn'));
}
