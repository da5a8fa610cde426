import { type Context, Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { readDigestConfig } from '../common/config.ts';
import { senderFor, sendEmail } from '../common/email.ts';
import { clientKey } from '../common/http/client.ts';
import { readBodyText } from '../common/http/json-body.ts';
import { logEvent } from '../common/log.ts';
import { checkCsrf, DeskError, deskKeyOf, deskLang, deskStrings, sameOrigin, startSession, whoIsAsking } from './desk-auth.ts';
import { deskPage } from './desk-frame.tsx';
import { editorAddress } from './editor-input.ts';
import { editorByEmail } from './editors-store.ts';
import { sessionCookie, randomToken, sha256Hex } from './session.ts';
import { revokeSession } from './session-store.ts';
import { signInEmail } from './sign-in-email.tsx';
import { claimLink, countAttempt, insertLink, linkIsOpen, linksSentSince } from './sign-in-store.ts';

/** A link works for 15 minutes, once. */
export const LINK_TTL_MS = 15 * 60_000;
/** At most 5 links an hour to one address, and 20 sign-in posts per client in 10 minutes. */
export const LINKS_PER_HOUR = 5;
export const POSTS_PER_WINDOW = 20;
export const WINDOW_MS = 10 * 60_000;

type C = Context<AppEnv>;

/** The form fields of a small urlencoded POST (at most 4 KiB). */
async function formFields(c: C): Promise<URLSearchParams> {
  const text = await readBodyText(c, 4096, 'The form is larger than 4 KiB.').catch(() => '');
  return /^application\/x-www-form-urlencoded/i.test(c.req.header('content-type') ?? '') ? new URLSearchParams(text) : new URLSearchParams();
}

function SignInForm(props: { label: string; button: string; value?: string }) {
  return (
    <form method="post" action="/desk/sign-in" class="subscribe">
      <label>
        {props.label}
        <input type="email" name="email" required autocomplete="email" value={props.value} />
      </label>
      <button type="submit">{props.button}</button>
    </form>
  );
}

/** The token a link carries: 43 base64url characters (32 random bytes). Anything else is no token. */
const wellFormed = (token: string | null | undefined): token is string => typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);

function badLink(c: C): never {
  const t = deskStrings(c);
  throw new DeskError(400, t.badLinkTitle, t.badLink);
}

/**
 * Signing in and out: `/desk/sign-in` (a form; its POST emails a link), the link's page and
 * its button (`/desk/sign-in/confirm`), `/desk/sign-out`.
 */
export const signInRoutes = new Hono<AppEnv>();

signInRoutes.get('/sign-in', async (c) => {
  await deskKeyOf(c);
  const t = deskStrings(c);
  return deskPage(c, 200, t.signInTitle, [<p>{t.signInIntro}</p>, <SignInForm label={t.email} button={t.sendLink} />]);
});

/**
 * Emails a sign-in link to an editor's address. The answer is the same page for every
 * address, an editor's or not, and past an address's 5 links an hour: only an editor's
 * address, within its limit, is sent anything. Past 20 posts in 10 minutes from one client
 * (its IPv4 address or IPv6 /64), 429.
 */
signInRoutes.post('/sign-in', async (c) => {
  await deskKeyOf(c);
  const t = deskStrings(c);
  if (!sameOrigin(c)) throw new DeskError(403, t.refusedTitle, t.refused);
  const now = Date.now();
  const client = clientKey(c.req.header('cf-connecting-ip')) ?? 'local';
  if ((await countAttempt(c.env.DB, client, Math.floor(now / WINDOW_MS))) > POSTS_PER_WINDOW) {
    throw new DeskError(429, t.tooManyTitle, t.tooMany, { 'retry-after': String(Math.ceil((WINDOW_MS - (now % WINDOW_MS)) / 1000)) });
  }
  const fields = await formFields(c);
  const address = editorAddress(fields.get('email') ?? '');
  if (!address.ok) {
    return deskPage(c, 400, t.signInTitle, [<p class="error" role="alert">{`${t.email}: ${address.message}`}</p>, <SignInForm label={t.email} button={t.sendLink} value={fields.get('email')?.slice(0, 254)} />]);
  }
  const email = address.email;
  // Read for every address: a missing sender must not answer known addresses differently.
  const from = readDigestConfig(c.env).from;
  const editor = await editorByEmail(c.env.DB, email);
  if (editor && (await linksSentSince(c.env.DB, email, now - 3_600_000)) < LINKS_PER_HOUR) {
    const token = randomToken();
    await insertLink(c.env.DB, { hash: await sha256Hex(token), email, now, expiresAt: now + LINK_TTL_MS });
    const lang = deskLang(c);
    const message = signInEmail({ to: email, site: c.var.site, link: `${c.var.site.siteUrl}/desk/sign-in/confirm?token=${token}`, lang });
    const send = sendEmail(c.env.EMAIL, senderFor(from, c.var.site, lang), message).then((outcome) => {
      if (outcome.status !== 'submitted') logEvent('sign-in-link-not-sent', { outcome: outcome.status, code: outcome.status === 'refused' ? outcome.code : null }, 'warn');
    });
    c.executionCtx.waitUntil(send.catch((error: unknown) => logEvent('sign-in-link-error', { error: String(error) }, 'error')));
  }
  return deskPage(c, 200, t.checkInboxTitle, <p>{t.checkInbox(email)}</p>);
});

/** The link's page: a button that signs in. Opening it (a mail scanner does) changes nothing. */
signInRoutes.get('/sign-in/confirm', async (c) => {
  await deskKeyOf(c);
  const t = deskStrings(c);
  const token = c.req.query('token');
  if (!wellFormed(token) || !(await linkIsOpen(c.env.DB, await sha256Hex(token), Date.now()))) badLink(c);
  return deskPage(c, 200, t.confirmTitle, [
    <p>{t.confirmIntro}</p>,
    <form method="post" action="/desk/sign-in/confirm" class="subscribe">
      <input type="hidden" name="token" value={token} />
      <button type="submit">{t.confirmButton}</button>
    </form>,
  ]);
});

/** Uses the link (once) and starts a session: 303 to the desk. */
signInRoutes.post('/sign-in/confirm', async (c) => {
  const key = await deskKeyOf(c);
  const t = deskStrings(c);
  if (!sameOrigin(c)) throw new DeskError(403, t.refusedTitle, t.refused);
  const token = (await formFields(c)).get('token');
  if (!wellFormed(token)) badLink(c);
  const now = Date.now();
  const claim = await claimLink(c.env.DB, await sha256Hex(token), now);
  if (!claim.ok || !(await editorByEmail(c.env.DB, claim.email))) badLink(c);
  await startSession(c, key, claim.email, now);
  logEvent('desk-sign-in', { how: 'email-link' });
  return c.redirect('/desk', 303);
});

/** Ends the session: revoked in D1 (its cookie is then worth nothing anywhere), the cookie cleared. */
signInRoutes.post('/sign-out', async (c) => {
  const key = await deskKeyOf(c);
  const now = Date.now();
  const who = await whoIsAsking(c, key, now);
  if (who.kind !== 'editor') return c.redirect('/desk/sign-in', 303);
  await checkCsrf(c, who.user, (await formFields(c)).get('csrf'));
  await revokeSession(c.env.DB, who.user.idHash, now);
  c.header('set-cookie', sessionCookie(c.var.site.siteUrl, null));
  return c.redirect('/desk/sign-in', 303);
});
