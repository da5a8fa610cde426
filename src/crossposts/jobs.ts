import type { CrosspostMessage, Env } from '../shared/config.ts';
import { logEvent } from '../shared/log.ts';
import { getReport, isPublicAt, type Publication, publicationsAfter, publicationsSince } from '../reports/index.ts';
import { type Channel, channelWants, listChannels } from './channel-store.ts';
import { createDeliveries, dueDeliveries } from './delivery-store.ts';

export { backoffSeconds, deliveryKey, MAX_ATTEMPTS, onCrosspostQueue } from './consumer.ts';

/** Creates the deliveries of `publications` on the channels that want them; returns the new ones' ids. */
async function deliveriesFor(env: Env, channels: Channel[], publications: Publication[], now: number): Promise<number[]> {
  const pairs: { channel: string; slug: string }[] = [];
  for (const publication of publications) {
    // A channel posts what became public after it was added; older reports only on a backfill.
    const wanting = channels.filter((channel) => channel.createdAt <= publication.publicAt);
    if (wanting.length === 0) continue;
    const report = await getReport(env.REPORTS, publication.slug);
    if (!report || !isPublicAt(report, now)) continue;
    for (const channel of wanting) if (channelWants(channel, report)) pairs.push({ channel: channel.id, slug: report.slug });
  }
  return createDeliveries(env.DB, pairs, now);
}

async function enqueue(env: Env, ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 100) await env.CROSSPOSTS.sendBatch(ids.slice(i, i + 100).map((delivery) => ({ body: { delivery } satisfies CrosspostMessage })));
}

/**
 * Turns reports that became public (the `publications` table, read past a cursor) into
 * deliveries, one per enabled channel that wants each, and enqueues them. Safe to run
 * twice or at once: a delivery is created once (UNIQUE) and only its creator enqueues it;
 * the cursor moves by compare-and-set. Called after a write through the API and by the
 * 5-minute cron; both also enqueue again the deliveries that are due (a retry whose time has
 * come, a lost message, an attempt cut off past its lease), never a retry before its time.
 */
export async function dispatchCrossposts(env: Env, now: number): Promise<{ created: number; requeued: number }> {
  let created = 0;
  const channels = (await listChannels(env.DB)).filter((channel) => channel.enabled);
  for (let round = 0; round < 20; round++) {
    const cursor = (await env.DB.prepare('SELECT seq FROM crosspost_cursor WHERE id = 1').first<{ seq: number }>())?.seq ?? 0;
    const results = await publicationsAfter(env.DB, cursor, 100);
    if (results.length === 0) break;
    const ids = channels.length > 0 ? await deliveriesFor(env, channels, results, now) : [];
    await enqueue(env, ids);
    created += ids.length;
    const moved = await env.DB.prepare('UPDATE crosspost_cursor SET seq = ?2 WHERE id = 1 AND seq = ?1').bind(cursor, results.at(-1)!.seq).run();
    if ((moved.meta.changes ?? 0) === 0) break; // another dispatcher moved it: it carries on
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

/** Deliveries for `channelId` of every report that became public since `since` (the admin's backfill). */
export async function backfillChannel(env: Env, channel: Channel, since: number, now: number): Promise<number> {
  const results = await publicationsSince(env.DB, since, 1000);
  const ids = await deliveriesFor(env, [{ ...channel, createdAt: 0 }], results, now);
  await enqueue(env, ids);
  return ids.length;
}
