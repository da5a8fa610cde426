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
import type { InterfaceLang } from './types.ts';

/** How the subscription routes answer: a page for a person, problem+json for a program. */
export type C = Context<AppEnv>;

/**
 * The language a path asks for: Chinese under /zh/, English at the root. A page that knows
 * its subscriber (a link from an email) speaks the subscriber's language instead; the path
 * decides only where nobody is known yet (the sign-up form, a broken link).
 */
export const pathLang = (c: C): InterfaceLang => (/^\/zh(?:\/|$)/.test(c.req.path) ? 'zh' : 'en');

/** Where the pages of `lang` live: '' for English, '/zh' for Chinese. */
export const prefixOf = (lang: InterfaceLang): string => (lang === 'zh' ? '/zh' : '');

/** The subscription strings of the catalogue in `lang`. */
export const stringsIn = (lang: InterfaceLang) => catalogue(lang).subscriptions;

/** True when the client sent or asks for JSON rather than an HTML form and page. */
export function wantsJson(c: C): boolean {
  const accept = c.req.header('accept') ?? '';
  return /json/i.test(c.req.header('content-type') ?? '') || (/json/i.test(accept) && !/html/i.test(accept));
}

/** A page of the flow in `lang`; never cached, since it names an address or answers a token. */
export function page(c: C, lang: InterfaceLang, status: number, title: string, body: Child, headers: Record<string, string> = {}, alternates?: Partial<Record<InterfaceLang, string>>): Response {
  const html = `<!doctype html>${SubscriptionPage({ site: c.var.site, lang, title, children: body, alternates })}`;
  return c.html(html, status as 200, { ...HTML_HEADERS, 'cache-control': 'no-store', ...headers });
}

/** An error a person sees as a page, not as problem+json: in `lang`, or the path's. */
export class PageError extends Error {
  override name = 'PageError';
  readonly status: number;
  readonly title: string;
  readonly lang: InterfaceLang | undefined;
  constructor(status: number, title: string, detail: string, lang?: InterfaceLang) {
    super(detail);
    this.status = status;
    this.title = title;
    this.lang = lang;
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
  const t = stringsIn(pathLang(c));
  throw new PageError(503, t.unavailableTitle, t.unavailable);
}

/** The error handler of the subscription routes: pages for people; everything else goes on to the app's. */
export const pageErrors: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof PageError) return page(c, error.lang ?? pathLang(c), error.status, error.title, <p>{error.message}</p>);
  if (error instanceof ConfigError && !wantsJson(c)) {
    logEvent('config-error', { message: error.message }, 'error');
    const t = stringsIn(pathLang(c));
    return page(c, pathLang(c), 503, t.unavailableTitle, <p>{t.unavailable}</p>);
  }
  throw error;
};
