import { Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { readDigestConfig, readSchedule } from '../common/config.ts';
import { senderFor, sendEmail } from '../common/email.ts';
import { logEvent } from '../common/log.ts';
import { listHeaders } from '../digests/email.ts';
import { nextDueAt } from '../digests/schedule.ts';
import { latestSeq } from '../reports/index.ts';
import { type FormState, formState, PreferenceFields } from './form.tsx';
import { parsePreferences, type Preferences, readFields } from './input.ts';
import { ChoicesList, firstEmail, type Schedule } from './choices.tsx';
import { welcomeEmail } from './confirm-email.tsx';
import { ButtonForm } from './pages.tsx';
import { type C, page, PageError, pageErrors, pathLang, prefixOf, secretOf, stringsIn } from './respond.tsx';
import { activate, getSubscriber, savePreferences, unsubscribe } from './store.ts';
import { signToken, subscriberLinks, type TokenPurpose, verifyToken } from './tokens.ts';
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
  const subscriber = await confirmable(c, token);
  const lang = subscriber.uiLang;
  const t = stringsIn(lang);
  if (subscriber.status === 'active') return confirmedPage(c, subscriber, subscriber.nextDueAt, Date.now());
  return page(c, lang, 200, t.confirmTitle, [
    <p>{t.confirmingLead}</p>,
    <ChoicesList choices={subscriber} lang={lang} schedule={scheduleOf(c)} />,
    <p>{t.confirmIntro}</p>,
    <ButtonForm action={`${prefixOf(lang)}/confirm`} fields={{ token }} label={t.confirmButton} />,
  ]);
});

/** When briefs go out (DIGEST_HOUR, DIGEST_WEEKDAY): the pages say it. */
const scheduleOf = (c: C): Schedule => readSchedule(c.env);

/** A subscription confirmed this long ago has had its first email, or soon will: the page no longer announces it. */
const FIRST_EMAIL_NEWS_MS = 86_400_000;

/**
 * The page a confirmation answers: the choices, when the first email comes (for a
 * subscription confirmed now or within the day: an old link pressed again has nothing new
 * to announce), and where to change them.
 */
async function confirmedPage(c: C, subscriber: Subscriber, due: number | null, now: number, fresh = subscriber.confirmedAt !== null && now - subscriber.confirmedAt < FIRST_EMAIL_NEWS_MS): Promise<Response> {
  const lang = subscriber.uiLang;
  const t = stringsIn(lang);
  const manage = await signToken(secretOf(c).current, 'manage', subscriber.id, 0);
  const first = fresh ? firstEmail(subscriber.frequency, due, now, subscriber.timeZone, lang) : null;
  return page(c, lang, 200, t.confirmedTitle, [
    <p>{t.confirmedLead}</p>,
    <ChoicesList choices={subscriber} lang={lang} schedule={scheduleOf(c)} heading={t.choices.heading} />,
    first && (
      <p class="first-email">
        <strong>{first.line}</strong>
        {first.note && t.sentences(['', first.note])}
      </p>
    ),
    <p>
      {t.changeLater} <a href={`${prefixOf(lang)}/preferences?token=${manage}`}>{t.changePreferences}</a>
    </p>,
  ]);
}

/**
 * The welcome email: the choices, when the first email comes, and the links every email to
 * a subscriber carries. Sent by the request whose activation changed the row, so once per
 * confirmation however often, and however at once, the button is pressed. A refusal is
 * logged, not retried: the subscription works without it.
 */
async function sendWelcome(c: C, subscriber: Subscriber, due: number | null, now: number): Promise<void> {
  const config = readDigestConfig(c.env);
  const lang = subscriber.uiLang;
  const links = await subscriberLinks(c.var.site.siteUrl, secretOf(c).current, subscriber.id, lang);
  const message = welcomeEmail({ to: subscriber.email, site: c.var.site, lang, choices: subscriber, schedule: config, due, now, links, headers: listHeaders(c.var.site, links) });
  const outcome = await sendEmail(c.env.EMAIL, senderFor(config.from, c.var.site, lang), message);
  if (outcome.status !== 'submitted') logEvent('welcome-not-sent', { subscriber: subscriber.id, outcome: outcome.status, code: outcome.status === 'refused' ? outcome.code : null }, 'warn');
}

/**
 * Activates a pending or unsubscribed subscriber from now on, with the link of their latest
 * sign-up only; an active one sees the same page. The activation is one conditional
 * statement: of two presses at once, one changes the row and sends the welcome email.
 */
manageRoutes.post('/confirm', async (c) => {
  const { fields } = await readFields(c);
  const token = typeof fields.token === 'string' ? fields.token : c.req.query('token');
  const subscriber = await confirmable(c, token);
  const lang = subscriber.uiLang;
  const t = stringsIn(lang);
  const now = Date.now();
  if (subscriber.status === 'suppressed') return page(c, lang, 409, t.suppressedTitle, <p>{t.suppressed}</p>);
  if (subscriber.status === 'active') return confirmedPage(c, subscriber, subscriber.nextDueAt, now);
  const due = nextDueAt(subscriber.frequency, subscriber.timeZone, now, readDigestConfig(c.env));
  // Conditional on the version: an unsubscribe or a newer sign-up since the read wins.
  if (await activate(c.env.DB, subscriber.id, subscriber.linkVersion, now, await latestSeq(c.env.DB), due)) {
    c.executionCtx.waitUntil(sendWelcome(c, subscriber, due, now).catch((error: unknown) => logEvent('welcome-error', { subscriber: subscriber.id, error: error instanceof Error ? error.message : String(error) }, 'error')));
    return confirmedPage(c, subscriber, due, now, true);
  }
  const current = await getSubscriber(c.env.DB, subscriber.id);
  if (current?.status !== 'active') throw new PageError(410, t.invalidLinkTitle, t.replacedLink, lang);
  return confirmedPage(c, current, current.nextDueAt, now);
});

async function preferencesPage(c: C, subscriber: Subscriber, token: string, state: FormState, status: number, saved = false): Promise<Response> {
  const lang = subscriber.uiLang;
  const prefix = prefixOf(lang);
  const t = stringsIn(lang);
  const topics = await topicsInUse(c.env.REPORTS);
  const unsubscribeToken = await signToken(secretOf(c).current, 'unsubscribe', subscriber.id, 0);
  const notice = subscriber.status === 'active' ? null : t.statusNotice[subscriber.status];
  const subscribed = subscriber.status === 'active' || subscriber.status === 'pending';
  return page(c, lang, status, t.preferencesTitle, [
    <p>{t.preferencesIntro(subscriber.email)}</p>,
    notice && (
      <p class="muted">
        {notice} {subscriber.status === 'unsubscribed' && <a href={`${prefix}/subscribe`}>{t.subscribeAgain}</a>}
      </p>
    ),
    saved ? (
      <p role="status" class="notice">
        {t.preferencesSaved}
      </p>
    ) : null,
    subscribed ? <ChoicesList choices={subscriber} lang={lang} schedule={scheduleOf(c)} heading={t.choices.heading} /> : null,
    <form method="post" action={`${prefix}/preferences?token=${token}`} class="subscribe preferences">
      {state.errors.length > 0 && <p class="error">{t.fixErrors}</p>}
      <PreferenceFields state={state} topicsInUse={topics} lang={lang} chooseInterface />
      <button type="submit">{t.saveButton}</button>
    </form>,
    // Apart from Save, in its own form and section, and styled as the lesser action.
    subscribed ? (
      <section class="unsubscribe-section" aria-labelledby="unsubscribe-heading">
        <h2 id="unsubscribe-heading">{t.unsubscribeHeading}</h2>
        <p class="muted">{t.unsubscribeHint}</p>
        <ButtonForm action={`${prefix}/unsubscribe?token=${unsubscribeToken}`} fields={{ 'List-Unsubscribe': 'One-Click' }} label={t.unsubscribeButton} variant="secondary" />
      </section>
    ) : null,
  ]);
}

const preferencesOf = (s: Subscriber): Preferences => ({ frequency: s.frequency, topics: s.topics, lang: s.lang, uiLang: s.uiLang, timeZone: s.timeZone, query: s.query });

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
