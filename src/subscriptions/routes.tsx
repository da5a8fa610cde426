import { type Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { readDigestConfig } from '../config.ts';
import { nextDueAt } from '../digest/schedule.ts';
import { sendEmail } from '../email/send.ts';
import { HTML_HEADERS } from '../http/security.ts';
import { catalogue } from '../i18n/index.ts';
import { logEvent } from '../log.ts';
import { Problem } from '../problem.ts';
import { latestSeq } from '../store/publications.ts';
import { confirmationEmail } from './confirm-email.tsx';
import { type FormState, PreferenceFields, SUBSCRIBE_SCRIPT, SubscribeForm } from './form.tsx';
import { type Fields, parseEmail, parsePreferences, type Preferences, readFields } from './input.ts';
import { ButtonForm, SubscriptionPage } from './pages.tsx';
import { activate, getSubscriber, recordSignup, savePreferences, takeConfirmationSlot, takeSiteSlot, unsubscribe } from './store.ts';
import { signToken, type TokenPurpose, verifyToken } from './tokens.ts';
import { topicsInUse } from './topics.ts';
import type { Subscriber } from './types.ts';

/** Confirmation emails one address can be sent in a day (UTC), and the whole site by default. */
export const CONFIRMATIONS_PER_ADDRESS = 3;
export const CONFIRMATIONS_PER_DAY = 1000;

/** Subscribe, confirm, preferences and one-click unsubscribe. */
export const subscriptionRoutes = new Hono<AppEnv>();

type C = Context<AppEnv>;

const lang = (c: C) => c.var.site.lang;
const t = (c: C) => catalogue(lang(c)).subscriptions;
const wantsJson = (c: C) => /json/i.test(c.req.header('content-type') ?? '') || (/json/i.test(c.req.header('accept') ?? '') && !/html/i.test(c.req.header('accept') ?? ''));

function page(c: C, status: number, title: string, body: Parameters<typeof SubscriptionPage>[0]['children']): Response {
  const html = `<!doctype html>${SubscriptionPage({ site: c.var.site, lang: lang(c), title, children: body })}`;
  return c.html(html, status as 200, { ...HTML_HEADERS, 'cache-control': 'no-store' });
}

function secretOf(c: C): string {
  const secret = c.env.SUBSCRIPTION_SECRET;
  if (secret) return secret;
  if (wantsJson(c)) throw new Problem(503, 'Email subscriptions are disabled: the SUBSCRIPTION_SECRET secret is not set.');
  throw new PageError(503, t(c).unavailableTitle, t(c).unavailable);
}

/** An error a person sees as a page, not as problem+json. */
class PageError extends Error {
  readonly status: number;
  readonly title: string;
  constructor(status: number, title: string, detail: string) {
    super(detail);
    this.status = status;
    this.title = title;
  }
}

subscriptionRoutes.onError((error, c) => {
  if (error instanceof PageError) return page(c, error.status, error.title, <p>{error.message}</p>);
  throw error;
});

subscriptionRoutes.get('/assets/subscribe.js', (c) =>
  c.body(SUBSCRIBE_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' }),
);

const day = (now: number) => new Date(now).toISOString().slice(0, 10);

function defaults(c: C): Preferences {
  return { frequency: 'weekly', topics: [], lang: null, timeZone: c.var.site.timeZone };
}

function formState(fields: Fields, prefs: Preferences, errors: FormState['errors']): FormState {
  const topics = [fields.topics, fields.topic].flat().filter((v): v is string => typeof v === 'string');
  return {
    email: typeof fields.email === 'string' ? fields.email : '',
    frequency: typeof fields.frequency === 'string' ? fields.frequency : prefs.frequency,
    topics,
    lang: typeof fields.lang === 'string' ? fields.lang : prefs.lang,
    timeZone: typeof fields.timezone === 'string' && fields.timezone !== '' ? fields.timezone : prefs.timeZone,
    errors,
  };
}

subscriptionRoutes.get('/subscribe', async (c) => {
  secretOf(c);
  const state: FormState = { ...defaults(c), errors: [] };
  const topics = await topicsInUse(c.env.REPORTS);
  return page(c, 200, t(c).subscribeTitle, [<p>{t(c).subscribeIntro}</p>, <SubscribeForm action="/subscribe" state={state} topicsInUse={topics} lang={lang(c)} />]);
});

/**
 * Sends the confirmation email if the address may get one now: at most 3 a day per address
 * and a site-wide daily cap, so sign-ups of other people's addresses cannot make Herald a
 * mail cannon. Runs after the answer, which is the same whatever happens here.
 */
async function sendConfirmation(c: C, secret: string, id: number, email: string, now: number): Promise<void> {
  const cap = Number(c.env.CONFIRMATIONS_PER_DAY) || CONFIRMATIONS_PER_DAY;
  if (!(await takeConfirmationSlot(c.env.DB, id, day(now), CONFIRMATIONS_PER_ADDRESS))) return logEvent('confirmation-skipped', { reason: 'address-daily-limit' });
  if (!(await takeSiteSlot(c.env.DB, 'confirmations', day(now), cap))) return logEvent('confirmation-skipped', { reason: 'site-daily-limit' });
  const token = await signToken(secret, 'confirm', id, now);
  const message = confirmationEmail({ to: email, siteTitle: c.var.site.title, link: `${c.var.site.siteUrl}/confirm?token=${token}`, lang: lang(c) });
  const outcome = await sendEmail(c.env.EMAIL, readDigestConfig(c.env).from, message);
  if (outcome.status !== 'submitted') logEvent('confirmation-not-sent', { outcome: outcome.status, detail: outcome.message });
}

subscriptionRoutes.post('/subscribe', async (c) => {
  const secret = secretOf(c);
  const json = wantsJson(c);
  const client = c.req.header('cf-connecting-ip') ?? 'unknown';
  const limit = await c.env.SUBSCRIBE_LIMITER?.limit({ key: `subscribe:${client}` });
  if (limit && !limit.success) {
    if (json) throw new Problem(429, 'Too many subscription requests from your address; try again in a minute.', [], { 'retry-after': '60' });
    return c.html(`<!doctype html>${SubscriptionPage({ site: c.var.site, lang: lang(c), title: t(c).tooManyTitle, children: <p>{t(c).tooMany}</p> })}`, 429, { ...HTML_HEADERS, 'retry-after': '60' });
  }
  const { fields } = await readFields(c);
  const email = parseEmail(fields);
  const prefs = parsePreferences(fields, defaults(c));
  const errors = [...(email.ok ? [] : email.errors), ...(prefs.ok ? [] : prefs.errors)];
  if (!email.ok || !prefs.ok) {
    if (json) throw new Problem(400, 'The subscription has invalid fields.', errors);
    const topics = await topicsInUse(c.env.REPORTS);
    return page(c, 400, t(c).subscribeTitle, <SubscribeForm action="/subscribe" state={formState(fields, defaults(c), errors)} topicsInUse={topics} lang={lang(c)} />);
  }
  const now = Date.now();
  const { id, status } = await recordSignup(c.env.DB, { email: email.email, ...prefs.value }, now);
  if (status === 'pending' || status === 'unsubscribed') {
    c.executionCtx.waitUntil(sendConfirmation(c, secret, id, email.email, now).catch((error: unknown) => logEvent('confirmation-error', { error: String(error) })));
  }
  const detail = t(c).checkInbox(email.email);
  if (json) return c.json({ status: 'accepted', detail }, 202);
  return page(c, 200, t(c).checkInboxTitle, <p>{detail}</p>);
});

/** The subscriber a token names, or the error page that says why not. */
async function subscriberFor(c: C, token: string | undefined, purpose: TokenPurpose): Promise<Subscriber> {
  const secret = secretOf(c);
  const check = await verifyToken(secret, token ?? '', purpose, Date.now());
  if (!check.ok) {
    if (check.reason === 'expired') throw new PageError(410, t(c).invalidLinkTitle, t(c).expiredLink);
    throw new PageError(400, t(c).invalidLinkTitle, t(c).invalidLink);
  }
  const subscriber = await getSubscriber(c.env.DB, check.subscriber);
  if (!subscriber) throw new PageError(404, t(c).invalidLinkTitle, t(c).unknownSubscriber);
  return subscriber;
}

subscriptionRoutes.get('/confirm', async (c) => {
  const token = c.req.query('token');
  await subscriberFor(c, token, 'confirm');
  return page(c, 200, t(c).confirmTitle, [<p>{t(c).confirmIntro}</p>, <ButtonForm action="/confirm" fields={{ token: token! }} label={t(c).confirmButton} />]);
});

subscriptionRoutes.post('/confirm', async (c) => {
  const { fields } = await readFields(c);
  const token = typeof fields.token === 'string' ? fields.token : c.req.query('token');
  const subscriber = await subscriberFor(c, token, 'confirm');
  if (subscriber.status === 'suppressed') return page(c, 409, t(c).suppressedTitle, <p>{t(c).suppressed}</p>);
  const now = Date.now();
  const due = nextDueAt(subscriber.frequency, subscriber.timeZone, now, readDigestConfig(c.env));
  await activate(c.env.DB, subscriber.id, now, await latestSeq(c.env.DB), due);
  return page(c, 200, t(c).confirmedTitle, <p>{t(c).confirmed}</p>);
});

async function preferencesPage(c: C, subscriber: Subscriber, token: string, state: FormState, status: number, saved = false): Promise<Response> {
  const topics = await topicsInUse(c.env.REPORTS);
  const unsubscribeToken = await signToken(secretOf(c), 'unsubscribe', subscriber.id, 0);
  return page(c, status, t(c).preferencesTitle, [
    <p>{subscriber.email}</p>,
    saved ? <p role="status">{t(c).preferencesSaved}</p> : null,
    <form method="post" action={`/preferences?token=${token}`} class="subscribe">
      {state.errors.length > 0 && <p class="error">{t(c).fixErrors}</p>}
      <PreferenceFields state={state} topicsInUse={topics} lang={lang(c)} />
      <button type="submit">{t(c).saveButton}</button>
    </form>,
    <ButtonForm action={`/unsubscribe?token=${unsubscribeToken}`} fields={{ 'List-Unsubscribe': 'One-Click' }} label={t(c).unsubscribeButton} />,
  ]);
}

const stateOf = (s: Subscriber): FormState => ({ frequency: s.frequency, topics: s.topics, lang: s.lang, timeZone: s.timeZone, errors: [] });

subscriptionRoutes.get('/preferences', async (c) => {
  const token = c.req.query('token') ?? '';
  const subscriber = await subscriberFor(c, token, 'manage');
  return preferencesPage(c, subscriber, token, stateOf(subscriber), 200);
});

subscriptionRoutes.post('/preferences', async (c) => {
  const token = c.req.query('token') ?? '';
  const subscriber = await subscriberFor(c, token, 'manage');
  const { fields } = await readFields(c);
  const current: Preferences = { frequency: subscriber.frequency, topics: subscriber.topics, lang: subscriber.lang, timeZone: subscriber.timeZone };
  // An HTML form sends no field for unticked boxes: no topics ticked means all topics.
  const parsed = parsePreferences({ topics: [], ...fields }, current);
  if (!parsed.ok) return preferencesPage(c, subscriber, token, formState(fields, current, parsed.errors), 400);
  const now = Date.now();
  const due = nextDueAt(parsed.value.frequency, parsed.value.timeZone, now, readDigestConfig(c.env));
  await savePreferences(c.env.DB, subscriber.id, parsed.value, due, now);
  return preferencesPage(c, { ...subscriber, ...parsed.value }, token, { ...parsed.value, errors: [] }, 200, true);
});

subscriptionRoutes.get('/unsubscribe', async (c) => {
  const token = c.req.query('token') ?? '';
  const subscriber = await subscriberFor(c, token, 'unsubscribe');
  return page(c, 200, t(c).unsubscribeTitle, [
    <p>{t(c).unsubscribeIntro(subscriber.email)}</p>,
    <ButtonForm action={`/unsubscribe?token=${token}`} fields={{ 'List-Unsubscribe': 'One-Click' }} label={t(c).unsubscribeButton} />,
  ]);
});

/** RFC 8058 one-click: the POST alone unsubscribes, with no cookie and no login. */
subscriptionRoutes.post('/unsubscribe', async (c) => {
  const subscriber = await subscriberFor(c, c.req.query('token'), 'unsubscribe');
  await unsubscribe(c.env.DB, subscriber.id, Date.now());
  return page(c, 200, t(c).unsubscribedTitle, <p>{t(c).unsubscribed}</p>);
});
