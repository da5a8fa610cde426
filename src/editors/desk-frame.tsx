import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../common/app-env.ts';
import { HTML_HEADERS } from '../common/http/security.ts';
import { catalogue, LANGUAGE_TAGS, type Lang } from '../common/i18n/index.ts';
import { stylesheet } from '../site/stylesheet.ts';
import { type DeskUser, deskLang } from './desk-auth.ts';

/** The desk's sections: Reports for everyone, the rest for admins only. */
export const DESK_SECTIONS = [
  { key: 'reports', path: '/desk', admin: false },
  { key: 'delivery', path: '/desk/delivery', admin: true },
  { key: 'editors', path: '/desk/editors', admin: true },
  { key: 'tokens', path: '/desk/tokens', admin: true },
  { key: 'audit', path: '/desk/audit', admin: true },
] as const;

export type DeskSection = (typeof DESK_SECTIONS)[number]['key'];

/** A form that POSTs to the desk: it always carries the session's CSRF token. */
export function DeskForm(props: { action: string; csrf: string; class?: string; children: Child }) {
  return (
    <form method="post" action={props.action} class={props.class}>
      <input type="hidden" name="csrf" value={props.csrf} />
      {props.children}
    </form>
  );
}

/** A dense table of the desk, scrolling sideways on a phone rather than squeezing its columns. */
export function DeskTable(props: { columns: Child[]; children: Child }) {
  return (
    <div class="desk-scroll wide">
      <table class="desk-table">
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/**
 * The frame of every desk page: the site's name and "Desk", who is signed in (name, role)
 * with a sign-out button, and the desk's sections (an `editor` sees no admin section). With
 * no `user` (the sign-in pages, errors before signing in) only the bar with the name.
 */
export function DeskFrame(props: { site: AppEnv['Variables']['site']; lang: Lang; title: string; user?: DeskUser; here?: DeskSection; children: Child }) {
  const t = catalogue(props.lang).desk;
  const user = props.user;
  const sections = DESK_SECTIONS.filter((s) => !s.admin || user?.role === 'admin');
  return (
    <html lang={LANGUAGE_TAGS[props.lang]} class="desk">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · ${t.desk} · ${props.site.names[props.lang].short}`}</title>
        <link rel="stylesheet" href={stylesheet(props.site.accent).path} />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip" href="#content">
          {catalogue(props.lang).site.skip}
        </a>
        <header class="desk-bar">
          <div class="frame">
            <a class="desk-name" href="/desk">
              {props.site.names[props.lang].title}
              <span>{t.desk}</span>
            </a>
            {user && (
              <p class="desk-who">
                {t.signedInAs} <strong>{user.name}</strong> ({t.roles[user.role]})
              </p>
            )}
            {user && (
              <DeskForm action="/desk/sign-out" csrf={user.csrf}>
                <button type="submit">{t.signOut}</button>
              </DeskForm>
            )}
          </div>
        </header>
        {user && (
          <nav class="desk-nav" aria-label={t.navLabel}>
            <div class="frame">
              <ul>
                {sections.map((s) => (
                  <li>
                    <a href={s.path} aria-current={props.here === s.key ? 'page' : undefined}>
                      {t.nav[s.key]}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          </nav>
        )}
        <main id="content" tabindex={-1}>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

type AnyContext = Context<AppEnv> | Context<AppEnv & { Variables: { desk: DeskUser } }>;

/** A desk page as an answer: never cached, never indexed, never framed. */
export function deskPage(c: AnyContext, status: number, title: string, body: Child, options: { user?: DeskUser; here?: DeskSection; headers?: Record<string, string> } = {}): Response {
  const html = `<!doctype html>${DeskFrame({ site: c.var.site, lang: deskLang(c), title, user: options.user, here: options.here, children: body })}`;
  return c.html(html, status as 200, { ...HTML_HEADERS, 'cache-control': 'no-store', 'x-robots-tag': 'noindex', ...options.headers });
}
