import { Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { readDigestConfig } from '../common/config.ts';
import { nextDueAt } from '../digests/schedule.ts';
import { latestSeq } from '../reports/index.ts';
import { type FormState, formState, PreferenceFields } from './form.tsx';
import { parsePreferences, type Preferences, readFields } from './input.ts';
import { ButtonForm } from './pages.tsx';
import { type C, page, PageError, pageErrors, pathLang, prefixOf, secretOf, stringsIn } from './respond.tsx';
import { activate, getSubscriber, savePreferences, unsubscribe } from './store.ts';
import { signToken, type TokenPurpose, verifyToken } from './tokens.ts';
import { topicsInUse } from './topics.ts';
import type { Subscriber } from './types.ts';

/**
 * The pages an email's links open: confirm, preferences, unsubscribe. Each is named by a
 * signed token. A GET only shows a page (mail scanners fetch every link); a POST changes.
 *
 * Each page is in the subscriber's interface language, whichever path it was opened at
 * (/preferences or /zh/preferences): the language is a preference they can change, and an
 * email sent before the change must not bring back the old one. The path's language is
 * used only while no subscriber is known (a broken or expired link). Emails link to the
 * path of the subscriber's language, so even those errors are in it.
 */
export const manageRoutes = new Hono<AppEnv>();

manageRoutes.onError(pageErrors);

/** The subscriber a token names (and, for a confirmation, the sign-up it stands for), or the error page that says why not. Nothing changes either way. */
async function subscriberFor(c: C, token: string | undefined, purpose: TokenPurpose): Promise<Subscriber & { linkVersion: number }> {
  const secret = secretOf(c);
  const t = stringsIn(pathLang(c));
  const check = await verifyToken(secret, token ?? '', purpose, Date.now());
  if (!check.ok) {
    if (check.reason === 'expired') throw new PageError(410, t.invalidLinkTitle, t.expiredLink);
    throw new PageError(400, t.invalidLinkTitle, t.invalidLink);
  }
  const subscriber = await getSubscriber(c.env.DB, check.subscriber);
  if (!subscriber) throw new PageError(404, t.invalidLinkTitle, t.unknownSubscriber);
  return { ...subscriber, linkVersion: check.version ?? 0 };
}

/**
 * The subscriber a confirmation link names, if the link can still confirm: a link sent
 * before the address unsubscribed or signed up again is refused (410). An active
 * subscriber's old link only shows that they are subscribed.
 */
async function confirmable(c: C, token: string | undefined): Promise<Subscriber & { linkVersion: number }> {
  const subscriber = await subscriberFor(c, token, 'confirm');
  if (subscriber.status !== 'active' && subscriber.status !== 'suppressed' && subscriber.linkVersion !== subscriber.confirmVersion) {
    const t = stringsIn(subscriber.uiLang);
    throw new PageError(410, t.invalidLinkTitle, t.replacedLink, subscriber.uiLang);
  }
  return subscriber;
}

manageRoutes.get('/confirm', async (c) => {
  const token = c.req.query('token') ?? '';
  const { uiLang: lang } = await confirmable(c, token);
  const t = stringsIn(lang);
  return page(c, lang, 200, t.confirmTitle, [<p>{t.confirmIntro}</p>, <ButtonForm action={`${prefixOf(lang)}/confirm`} fields={{ token }} label={t.confirmButton} />]);
});

/**
 * Activates a pending or unsubscribed subscriber from now on, with the link of their latest
 * sign-up only; an active one sees the same page.
 */
manageRoutes.post('/confirm', async (c) => {
  const { fields } = await readFields(c);
  const token = typeof fields.token === 'string' ? fields.token : c.req.query('token');
  const subscriber = await confirmable(c, token);
  const lang = subscriber.uiLang;
  const t = stringsIn(lang);
  if (subscriber.status === 'suppressed') return page(c, lang, 409, t.suppressedTitle, <p>{t.suppressed}</p>);
  if (subscriber.status === 'active') return page(c, lang, 200, t.confirmedTitle, <p>{t.confirmed}</p>);
  const now = Date.now();
  const due = nextDueAt(subscriber.frequency, subscriber.timeZone, now, readDigestConfig(c.env));
  // Conditional on the version: an unsubscribe or a newer sign-up since the read wins.
  if (!(await activate(c.env.DB, subscriber.id, subscriber.linkVersion, now, await latestSeq(c.env.DB), due))) {
    const current = await getSubscriber(c.env.DB, subscriber.id);
    if (current?.status !== 'active') throw new PageError(410, t.invalidLinkTitle, t.replacedLink, lang);
  }
  return page(c, lang, 200, t.confirmedTitle, <p>{t.confirmed}</p>);
});

async function preferencesPage(c: C, subscriber: Subscriber, token: string, state: FormState, status: number, saved = false): Promise<Response> {
  const lang = subscriber.uiLang;
  const prefix = prefixOf(lang);
  const t = stringsIn(lang);
  const topics = await topicsInUse(c.env.REPORTS);
  const unsubscribeToken = await signToken(secretOf(c).current, 'unsubscribe', subscriber.id, 0);
  const notice = subscriber.status === 'active' ? null : t.statusNotice[subscriber.status];
  return page(c, lang, status, t.preferencesTitle, [
    <p>{subscriber.email}</p>,
    notice && (
      <p class="muted">
        {notice} {subscriber.status === 'unsubscribed' && <a href={`${prefix}/subscribe`}>{t.subscribeAgain}</a>}
      </p>
    ),
    saved ? <p role="status">{t.preferencesSaved}</p> : null,
    <form method="post" action={`${prefix}/preferences?token=${token}`} class="subscribe">
      {state.errors.length > 0 && <p class="error">{t.fixErrors}</p>}
      <PreferenceFields state={state} topicsInUse={topics} lang={lang} chooseInterface />
      <button type="submit">{t.saveButton}</button>
    </form>,
    subscriber.status === 'active' || subscriber.status === 'pending' ? <ButtonForm action={`${prefix}/unsubscribe?token=${unsubscribeToken}`} fields={{ 'List-Unsubscribe': 'One-Click' }} label={t.unsubscribeButton} /> : null,
  ]);
}

const preferencesOf = (s: Subscriber): Preferences => ({ frequency: s.frequency, topics: s.topics, lang: s.lang, uiLang: s.uiLang, timeZone: s.timeZone });

manageRoutes.get('/preferences', async (c) => {
  const token = c.req.query('token') ?? '';
  const subscriber = await subscriberFor(c, token, 'manage');
  return preferencesPage(c, subscriber, token, { ...preferencesOf(subscriber), errors: [] }, 200);
});

/**
 * Saves all preferences at once; an invalid field re-shows the form (400) and saves nothing.
 * The page that answers is in the language just chosen.
 */
manageRoutes.post('/preferences', async (c) => {
  const token = c.req.query('token') ?? '';
  const subscriber = await subscriberFor(c, token, 'manage');
  const { fields } = await readFields(c);
  const current = preferencesOf(subscriber);
  // An HTML form sends no field for unticked boxes: no topics ticked means all topics.
  const parsed = parsePreferences({ topics: [], ...fields }, current);
  if (!parsed.ok) return preferencesPage(c, subscriber, token, formState(fields, current, parsed.errors), 400);
  const now = Date.now();
  const due = nextDueAt(parsed.value.frequency, parsed.value.timeZone, now, readDigestConfig(c.env));
  await savePreferences(c.env.DB, subscriber.id, parsed.value, due, now);
  return preferencesPage(c, { ...subscriber, ...parsed.value }, token, { ...parsed.value, errors: [] }, 200, true);
});

manageRoutes.get('/unsubscribe', async (c) => {
  const token = c.req.query('token') ?? '';
  const subscriber = await subscriberFor(c, token, 'unsubscribe');
  const lang = subscriber.uiLang;
  const t = stringsIn(lang);
  return page(c, lang, 200, t.unsubscribeTitle, [
    <p>{t.unsubscribeIntro(subscriber.email)}</p>,
    <ButtonForm action={`${prefixOf(lang)}/unsubscribe?token=${token}`} fields={{ 'List-Unsubscribe': 'One-Click' }} label={t.unsubscribeButton} />,
  ]);
});

/** RFC 8058 one-click: the POST alone unsubscribes, with no cookie and no login; the page's button posts the same. */
manageRoutes.post('/unsubscribe', async (c) => {
  const subscriber = await subscriberFor(c, c.req.query('token'), 'unsubscribe');
  await unsubscribe(c.env.DB, subscriber.id, Date.now());
  const t = stringsIn(subscriber.uiLang);
  return page(c, subscriber.uiLang, 200, t.unsubscribedTitle, <p>{t.unsubscribed}</p>);
});
