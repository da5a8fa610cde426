import { Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { readDigestConfig } from '../common/config.ts';
import { senderFor, sendEmail } from '../common/email.ts';
import { LANGUAGES } from '../common/i18n/index.ts';
import { logEvent } from '../common/log.ts';
import { localUrl } from '../common/urls.ts';
import { Problem } from '../common/problem.ts';
import { confirmationEmail } from './confirm-email.tsx';
import { type FormState, formState, SUBSCRIBE_SCRIPT, SubscribeForm } from './form.tsx';
import { followedQuery, parseEmail, parsePreferences, type Preferences, readFields } from './input.ts';
import { manageRoutes } from './manage-routes.tsx';
import { type C, page, pageErrors, pathLang, prefixOf, secretOf, stringsIn, wantsJson } from './respond.tsx';
import { recordSignup, takeSiteSlot } from './store.ts';
import { signToken } from './tokens.ts';
import { topicsInUse } from './topics.ts';

/** Confirmation emails one address can be sent in a day (UTC), and the whole site by default. */
export const CONFIRMATIONS_PER_ADDRESS = 3;
export const CONFIRMATIONS_PER_DAY = 1000;

/**
 * Subscribe (double opt-in), then confirm, preferences and one-click unsubscribe
 * (manage-routes.tsx): in English at the root, in Chinese under /zh/.
 */
export const subscriptionRoutes = new Hono<AppEnv>();
const signup = new Hono<AppEnv>();

signup.onError(pageErrors);

subscriptionRoutes.get('/assets/subscribe.js', (c) =>
  c.body(SUBSCRIBE_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' }),
);

const day = (now: number) => new Date(now).toISOString().slice(0, 10);

/** A sign-up's preferences where it names none: weekly, every topic, both languages, the site's zone, the page's language, no query. */
function defaults(c: C): Preferences {
  return { frequency: 'weekly', topics: [], lang: 'both', uiLang: pathLang(c), timeZone: c.var.site.timeZone, query: null };
}

async function formPage(c: C, status: number, state: FormState): Promise<Response> {
  const topics = await topicsInUse(c.env.REPORTS);
  const lang = pathLang(c);
  const t = stringsIn(lang);
  const alternates = Object.fromEntries(LANGUAGES.map((l) => [l, localUrl(c.var.site, l, '/subscribe')]));
  return page(c, lang, status, t.subscribeTitle, [<p>{t.subscribeIntro}</p>, <SubscribeForm action={`${prefixOf(lang)}/subscribe`} state={state} topicsInUse={topics} lang={lang} following />], {}, alternates);
}

/**
 * The sign-up form. `?query=` (the search results page links `/subscribe?query=<q>`) fills
 * in the search to follow, and the page says plainly that only reports matching it will
 * come; a query the search would refuse is shown at its field (400), as a POST would show it.
 */
signup.get('/subscribe', (c) => {
  secretOf(c);
  const raw = c.req.queries('query')?.[0];
  const followed = raw === undefined ? { query: null } : followedQuery(raw);
  if ('field' in followed) return formPage(c, 400, { ...defaults(c), query: raw ?? null, errors: [followed] });
  return formPage(c, 200, { ...defaults(c), query: followed.query, errors: [] });
});

/**
 * Sends the confirmation email of a sign-up that recordSignup took (at most 3 a day per
 * address), within a site-wide daily cap, so sign-ups of other people's addresses cannot
 * make Herald a mail cannon. Runs after the answer, which is the same whatever happens here.
 * Logs name the subscriber by id, and the service's refusal by its code only: its message
 * may quote the address.
 */
async function sendConfirmation(c: C, secret: string, signup: { id: number; version: number }, email: string, prefs: Preferences, now: number): Promise<void> {
  const cap = Number(c.env.CONFIRMATIONS_PER_DAY) || CONFIRMATIONS_PER_DAY;
  if (!(await takeSiteSlot(c.env.DB, 'confirmations', day(now), cap))) return logEvent('confirmation-skipped', { subscriber: signup.id, reason: 'site-daily-limit' }, 'warn');
  const lang = prefs.uiLang;
  const token = await signToken(secret, 'confirm', signup.id, now, signup.version);
  const config = readDigestConfig(c.env);
  const message = confirmationEmail({ to: email, site: c.var.site, link: `${c.var.site.siteUrl}${prefixOf(lang)}/confirm?token=${token}`, lang, choices: prefs, schedule: config });
  const outcome = await sendEmail(c.env.EMAIL, senderFor(config.from, c.var.site, lang), message);
  if (outcome.status !== 'submitted') logEvent('confirmation-not-sent', { subscriber: signup.id, outcome: outcome.status, code: outcome.status === 'refused' ? outcome.code : null }, 'warn');
}

/**
 * A sign-up. The answer is the same for a new, pending, active, unsubscribed or suppressed
 * address, and the same database statement runs for each, so nobody learns who subscribes.
 */
signup.post('/subscribe', async (c) => {
  const secret = secretOf(c);
  const json = wantsJson(c);
  const t = stringsIn(pathLang(c));
  const limit = await c.env.SUBSCRIBE_LIMITER?.limit({ key: c.req.header('cf-connecting-ip') ?? 'unknown' });
  if (limit && !limit.success) {
    if (json) throw new Problem(429, 'Too many subscription requests from your address; try again in a minute.', [], { 'retry-after': '60' });
    return page(c, pathLang(c), 429, t.tooManyTitle, <p>{t.tooMany}</p>, { 'retry-after': '60' });
  }
  const { fields } = await readFields(c);
  const email = parseEmail(fields);
  const prefs = parsePreferences(fields, defaults(c));
  if (!email.ok || !prefs.ok) {
    const errors = [...(email.ok ? [] : email.errors), ...(prefs.ok ? [] : prefs.errors)];
    if (json) throw new Problem(400, 'The subscription has invalid fields.', errors);
    return formPage(c, 400, formState(fields, defaults(c), errors));
  }
  const now = Date.now();
  const lang = prefs.value.uiLang;
  const recorded = await recordSignup(c.env.DB, { email: email.email, ...prefs.value }, now, CONFIRMATIONS_PER_ADDRESS);
  if (recorded) {
    c.executionCtx.waitUntil(sendConfirmation(c, secret.current, recorded, email.email, prefs.value, now).catch((error: unknown) => logEvent('confirmation-error', { subscriber: recorded.id, error: error instanceof Error ? error.message : String(error) }, 'error')));
  }
  // In the language the reader chose (the page's, or a JSON call's ui_lang): the same for every address.
  const detail = stringsIn(lang).checkInbox(email.email);
  if (json) return c.json({ status: 'accepted', detail }, 202);
  return page(c, lang, 200, stringsIn(lang).checkInboxTitle, <p>{detail}</p>);
});

signup.route('/', manageRoutes);
subscriptionRoutes.route('/', signup);
subscriptionRoutes.route('/zh', signup);
