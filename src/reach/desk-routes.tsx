import { type Context, Hono } from 'hono';
import { retryDelivery } from '../crossposts/index.ts';
import { listRuns, runProblems } from '../digests/index.ts';
import { checkedForm, DeskError, type DeskEnv, deskLang, deskStrings } from '../editors/desk-auth.ts';
import { deskPage } from '../editors/desk-frame.tsx';
import { editorActor } from '../editors/editor-actor.ts';
import { recordAction } from '../editors/index.ts';
import { Problem } from '../common/problem.ts';
import { DeliveriesSection, ChannelsSection, ProblemsTable, RunsSection } from './desk-tables.tsx';
import { HistorySection, ReachSection } from './desk-sections.tsx';
import { DELIVERIES_SHOWN, loadOverview } from './overview.ts';
import { wordsFor, type Words } from './words.ts';

type C = Context<DeskEnv>;

const words = (c: C): Words => wordsFor(deskLang(c), c.var.site.timeZone);

/** A positive integer id from a path or query, or null (nothing else is one: `1e3`, `-1`, `07x`). */
const idOf = (raw: string | undefined): number | null => (raw !== undefined && /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : null);

/**
 * The desk's "Subscribers & delivery" pages, mounted at `/desk/delivery` behind the desk's
 * sign-in and admin gate (src/editors/desk-routes.tsx): an `editor` gets the 403 page.
 */
export const deliveryPages = new Hono<DeskEnv>();

/** The overview: reach, subscribers over time, digest runs, channels, the cross-post log (`?before=` pages it). */
deliveryPages.get('/', async (c) => {
  const w = words(c);
  const beforeRaw = c.req.query('before');
  const before = idOf(beforeRaw);
  if (beforeRaw !== undefined && before === null) throw new DeskError(400, w.t.notFoundTitle, w.t.notFound);
  const retried = idOf(c.req.query('retried'));
  const data = await loadOverview(c.env, Date.now(), before ?? undefined);
  const body = (
    <>
      <p class="lede">{w.t.intro}</p>
      <ReachSection reach={data.reach} w={w} />
      <HistorySection points={data.history} w={w} />
      <RunsSection runs={data.runs} pausedUntil={data.pausedUntil} w={w} />
      <ChannelsSection channels={data.channels} w={w} />
      <DeliveriesSection
        deliveries={data.deliveries}
        csrf={c.var.desk.csrf}
        w={w}
        notice={retried === null ? undefined : w.t.retried(retried)}
        paged={before !== null}
        older={data.deliveries.length === DELIVERIES_SHOWN ? data.deliveries.at(-1)!.id : null}
      />
    </>
  );
  return deskPage(c, 200, deskStrings(c).deliveryTitle, body, { user: c.var.desk, here: 'delivery' });
});

/** The problems of one digest run. */
deliveryPages.get('/runs/:id', async (c) => {
  const w = words(c);
  const id = idOf(c.req.param('id'));
  // The run itself: the newest run below id + 1, if it is this one.
  const [run] = id === null ? [] : await listRuns(c.env.DB, 1, id + 1);
  if (id === null || run?.id !== id) throw new DeskError(404, w.t.notFoundTitle, w.t.notFound);
  const problems = await runProblems(c.env.DB, id);
  const title = w.t.runTitle(w.when(run.cutoff));
  const body = (
    <>
      <p>
        <a href="/desk/delivery#runs">{w.t.back}</a>
      </p>
      <p>{w.t.runProblemsIntro}</p>
      <ProblemsTable problems={problems} w={w} />
    </>
  );
  return deskPage(c, 200, title, body, { user: c.var.desk, here: 'delivery' });
});

/**
 * Retry a failed or unknown cross-post: the form's CSRF token is checked, the delivery is
 * queued again as the admin API's retry does (POST /api/deliveries/:id/retry), the audit log
 * records it, and the browser goes back to the log (303). Any other state: a 409 page.
 */
deliveryPages.post('/deliveries/:id/retry', async (c) => {
  await checkedForm(c);
  const id = idOf(c.req.param('id'));
  const w = words(c);
  if (id === null) throw new DeskError(404, w.t.notFoundTitle, w.t.notFound);
  try {
    await retryDelivery(c.env, id, Date.now());
  } catch (error) {
    if (error instanceof Problem) throw new DeskError(error.status, w.t.notRetryableTitle, error.message);
    throw error;
  }
  await recordAction(c.env.DB, { actor: editorActor(c.var.desk), action: 'delivery.retry', target: { kind: 'delivery', id: String(id) } });
  return c.redirect(`/desk/delivery?retried=${id}#deliveries`, 303);
});
