import { type CrosspostMessage, type Env, readConfig } from '../common/config.ts';
import { logEvent } from '../common/log.ts';
import { type GroupVersion, groupPublications, type Publication, type PublicReport, publicationsAfter, publicationsSince, readPublished } from '../reports/index.ts';
import { type Channel, channelWants, channelWantsTopics, listChannels } from './channel-store.ts';
import { createDeliveries, type DeliveryPair, dueDeliveries } from './delivery-store.ts';
import { chooseVersion, groupPublicAt, preferredLanguage, primaryLanguage, withVersion } from './group-choice.ts';

export { backoffSeconds, deliveryKey, MAX_ATTEMPTS, onCrosspostQueue } from './consumer.ts';

/**
 * Creates the deliveries of `publications` on the channels that want them; returns the new
 * ones' ids, and the first publication KV does not show yet (the caller stops before it and
 * takes it next time, see readPublished), or null. A report in a translation group is posted
 * as its group (see group-choice.ts): once per channel, in the version the channel prefers
 * if that is public now, else the first public one.
 */
async function deliveriesFor(env: Env, channels: Channel[], publications: Publication[], now: number): Promise<{ ids: number[]; waiting: { seq: number } | null }> {
  // A channel posts what became public after it was added; older reports only on a backfill.
  const wanted = publications.filter((publication) => channels.some((channel) => channel.createdAt <= publication.publicAt));
  const { reports, waiting } = await readPublished(env.REPORTS, wanted, now);
  const keys = reports.flatMap(({ report }) => (report.translation_key ? [report.translation_key] : []));
  const groups = keys.length > 0 ? await groupPublications(env.DB, keys) : new Map<string, GroupVersion[]>();
  const siteLang = readConfig(env).lang;
  const pairs: DeliveryPair[] = [];
  for (const { report, publicAt, seq } of reports satisfies PublicReport[]) {
    const key = report.translation_key;
    if (!key) {
      for (const channel of channels) if (channel.createdAt <= publicAt && channelWants(channel, report)) pairs.push({ channel: channel.id, slug: report.slug });
      continue;
    }
    const versions = withVersion(groups.get(key) ?? [], { slug: report.slug, lang: primaryLanguage(report.lang), publicAt, seq });
    // A group public before the channel was added is old news there, whichever version comes now.
    const since = groupPublicAt(versions) ?? publicAt;
    for (const channel of channels) {
      if (channel.createdAt > since || !channelWantsTopics(channel, report)) continue;
      const chosen = chooseVersion(versions, preferredLanguage(channel.lang, siteLang))!;
      pairs.push({ channel: channel.id, slug: chosen.slug, group: key, versions: versions.map((v) => v.slug) });
    }
  }
  return { ids: await createDeliveries(env.DB, pairs, now), waiting };
}

async function enqueue(env: Env, ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 100) await env.CROSSPOSTS.sendBatch(ids.slice(i, i + 100).map((delivery) => ({ body: { delivery } satisfies CrosspostMessage })));
}

/**
 * Turns reports that became public (the `publications` table, read past a cursor) into
 * deliveries, one per enabled channel that wants each (per translation group for a report in
 * one), and enqueues them. Safe to run twice or at once: a delivery is created once (UNIQUE
 * per report, and per group) and only its creator enqueues it;
 * the cursor moves by compare-and-set. Called after a write through the API and by the
 * 5-minute cron; both also enqueue again the deliveries that are due (a retry whose time has
 * come, a lost message, an attempt cut off past its lease), never a retry before its time.
 */
export async function dispatchCrossposts(env: Env, now: number): Promise<{ created: number; requeued: number }> {
  let created = 0;
  const channels = (await listChannels(env.DB)).filter((channel) => channel.enabled);
  for (let round = 0; round < 20; round++) {
    const cursor = (await env.DB.prepare('SELECT seq FROM crosspost_cursor WHERE id = 1').first<{ seq: number }>())?.seq ?? 0;
    // Quiet records (the back catalogue) are never posted; the cursor moves past them too.
    const { publications: results, through } = await publicationsAfter(env.DB, cursor, 100);
    if (through <= cursor) break;
    const { ids, waiting } = channels.length > 0 && results.length > 0 ? await deliveriesFor(env, channels, results, now) : { ids: [], waiting: null };
    await enqueue(env, ids);
    created += ids.length;
    // A report KV here does not show yet stops the cursor before it: the next run takes it.
    const upTo = waiting ? waiting.seq - 1 : through;
    if (upTo <= cursor) break;
    const moved = await env.DB.prepare('UPDATE crosspost_cursor SET seq = ?2 WHERE id = 1 AND seq = ?1').bind(cursor, upTo).run();
    if ((moved.meta.changes ?? 0) === 0 || waiting) break; // another dispatcher moved it: it carries on
  }
  const stuck = await dueDeliveries(env.DB, now);
  await enqueue(env, stuck);
  return { created, requeued: stuck.length };
}

/**
 * Every 5 minutes: the reports that became public since the last dispatch (through the API,
 * a content sync, or coming due) are cross-posted, and deliveries that are due (their retry
 * time has come, or their message was lost) are enqueued again. Safe to run twice or to race: the cursor moves by compare-and-set and
 * each (channel, report) delivery is unique in D1.
 */
export async function crosspostDue(env: Env, now: number): Promise<void> {
  const crossposts = await dispatchCrossposts(env, now);
  if (crossposts.created + crossposts.requeued > 0) logEvent('crosspost-dispatch', { ...crossposts });
}

/** Deliveries for `channelId` of every report that became public since `since` (the admin's backfill), quiet ones left out. */
export async function backfillChannel(env: Env, channel: Channel, since: number, now: number): Promise<number> {
  const results = await publicationsSince(env.DB, since, 1000);
  const { ids } = await deliveriesFor(env, [{ ...channel, createdAt: 0 }], results, now);
  await enqueue(env, ids);
  return ids.length;
}
