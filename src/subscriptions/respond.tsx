import type { Context, ErrorHandler } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../common/app-env.ts';
import { ConfigError } from '../common/config.ts';
import { type KeyRing, readKeyRing } from '../common/secrets.ts';
import { HTML_HEADERS } from '../common/http/security.ts';
import { catalogue } from '../common/i18n/index.ts';
import { logEvent } from '../common/log.ts';
import { Problem } from '../common/problem.ts';
import { SubscriptionPage } from './pages.tsx';

/** How the subscription routes answer: a page for a person, problem+json for a program. */
export type C = Context<AppEnv>;

/** The language of the subscription pages: the site's. */
export const langOf = (c: C) => c.var.site.lang;

/** The subscription strings of the catalogue, in the site's language. */
export const stringsOf = (c: C) => catalogue(langOf(c)).subscriptions;

/** True when the client sent or asks for JSON rather than an HTML form and page. */
export function wantsJson(c: C): boolean {
  const accept = c.req.header('accept') ?? '';
  return /json/i.test(c.req.header('content-type') ?? '') || (/json/i.test(accept) && !/html/i.test(accept));
}

/** A page of the flow; never cached, since it names an address or answers a token. */
export function page(c: C, status: number, title: string, body: Child, headers: Record<string, string> = {}): Response {
  const html = `<!doctype html>${SubscriptionPage({ site: c.var.site, lang: langOf(c), title, children: body })}`;
  return c.html(html, status as 200, { ...HTML_HEADERS, 'cache-control': 'no-store', ...headers });
}

/** An error a person sees as a page, not as problem+json. */
export class PageError extends Error {
  override name = 'PageError';
  readonly status: number;
  readonly title: string;
  constructor(status: number, title: string, detail: string) {
    super(detail);
    this.status = status;
    this.title = title;
  }
}

/**
 * SUBSCRIPTION_SECRET (which signs) and SUBSCRIPTION_SECRET_PREVIOUS (also accepted), without
 * which no token can be signed or checked: every subscription route answers 503 (and sends
 * nothing) until it is set, and while either is refused as too short (a ConfigError naming it).
 */
export function secretOf(c: C): KeyRing {
  const secret = readKeyRing(c.env, 'SUBSCRIPTION_SECRET');
  if (secret) return secret;
  if (wantsJson(c)) throw new Problem(503, 'Email subscriptions are disabled: the SUBSCRIPTION_SECRET secret is not set.');
  throw new PageError(503, stringsOf(c).unavailableTitle, stringsOf(c).unavailable);
}

/** The error handler of the subscription routes: pages for people; everything else goes on to the app's. */
export const pageErrors: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof PageError) return page(c, error.status, error.title, <p>{error.message}</p>);
  if (error instanceof ConfigError && !wantsJson(c)) {
    logEvent('config-error', { message: error.message }, 'error');
    return page(c, 503, stringsOf(c).unavailableTitle, <p>{stringsOf(c).unavailable}</p>);
  }
  throw error;
};
