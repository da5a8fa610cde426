import { type Env, readConfig, readSchedule, type SiteConfig } from '../common/config.ts';
import { logEvent } from '../common/log.ts';
import { publicationsBetween, readPublished } from '../reports/index.ts';
import { composeDigest, type Digest } from './compose.ts';
import { editionKept, saveEdition } from './edition-store.ts';
import { webDigestUrl } from './email.ts';
import { chooseReports } from './groups.ts';
import { openRun } from './run-store.ts';
import { lastDueAt } from './schedule.ts';

/**
 * The web archive's editions (/digests): the all-topics digest of each day and week on the
 * site's wall clock (SITE_TIMEZONE). A window closes at DIGEST_HOUR:00 there (on
 * DIGEST_WEEKDAY for the week), whatever the zone's offset from UTC (Asia/Kolkata's 07:00 is
 * 01:30 UTC, which no hourly cron ever fires at).
 *
 * Every run of either cron looks at the latest window closed by its scheduled time: if that
 * window's edition is not kept yet, and every report in it can be read, it keeps it. So each
 * edition is kept by the first run after its window closes (the 5-minute cron: within 5
 * minutes, at any offset), or by a later one while a report KV has not shown yet holds it
 * back, and once: an edition is unique per run, and a run per frequency and closing time. A
 * window with no report keeps no edition. Only the latest window is looked at: windows that
 * closed while no cron ran for a whole day (or week) are not kept afterwards.
 */
export async function keepEditions(env: Env, now: number): Promise<void> {
  const site = readConfig(env);
  const config = readSchedule(env);
  const failures: unknown[] = [];
  for (const frequency of ['daily', 'weekly'] as const) {
    // The weekly edition is kept a second after the daily one of the same moment, so the two
    // archive entries never share an `updated` time (feed validators warn when they do).
    await keepEdition(env, site, frequency, lastDueAt(frequency, site.timeZone, now, config), config, now + (frequency === 'weekly' ? 1000 : 0)).catch((error: unknown) => failures.push(error));
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} edition(s) could not be kept`);
}

async function keepEdition(env: Env, site: SiteConfig, frequency: 'daily' | 'weekly', until: number, config: { hour: number; weekday: number }, now: number): Promise<void> {
  if (await editionKept(env.DB, frequency, until)) return;
  const since = lastDueAt(frequency, site.timeZone, until - 1, config);
  const { reports, waiting } = await readPublished(env.REPORTS, await publicationsBetween(env.DB, since, until), now);
  if (waiting) {
    logEvent('edition-waiting', { frequency, until: new Date(until).toISOString(), report: waiting.slug }, 'warn');
    return;
  }
  if (reports.length === 0) return;
  const run = await openRun(env.DB, frequency, until, 'cron', now);
  // One edition per interface language, each as a reader of both languages gets it: one
  // version per translation group new in the window, in that language where there is one.
  // Composed as of its window's end: whichever run keeps it, the edition says the same.
  const groups = new Map();
  const digests: Record<string, Digest> = {};
  for (const uiLang of ['en', 'zh'] as const) {
    const chosen = await chooseReports(env.DB, reports, { topics: [], lang: 'both', uiLang }, (v) => v.publicAt !== null && v.publicAt <= since, until, { groups });
    const webUrl = webDigestUrl(site, { since, until }, { topics: [], lang: 'both', uiLang });
    digests[uiLang] = composeDigest(chosen, { siteUrl: site.siteUrl, siteTitle: site.names[uiLang].title, lang: uiLang, timeZone: site.timeZone, now: until, since, until, webUrl, edition: frequency });
  }
  await saveEdition(env.DB, { runId: run.id, frequency, since, until, digest: digests.en!, localized: { zh: digests.zh! }, now });
  logEvent('edition-kept', { frequency, until: new Date(until).toISOString(), reports: reports.length });
}
