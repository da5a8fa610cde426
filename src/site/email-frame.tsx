import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { LANGUAGE_TAGS, uiLanguage } from '../common/i18n/index.ts';

/**
 * The frame of every email Herald sends (digests, instant reports, confirmation, welcome):
 * the site's short name and the edition's name at the top, one column at most 600 px wide,
 * the footer at the bottom. Built as email clients need it: tables for layout, every style
 * inline, no image, no script, no web font, nothing fetched. One small `<style>` only
 * refines what clients that read it can do better (dark mode, narrower margins on phones);
 * a client that drops it still shows the light layout whole.
 */

/** Who sends: the short name, the accent colour, the home page in the reader's language. */
export interface EmailBrand {
  name: string;
  accent: string;
  home: string;
}

/** The system font stacks, with Chinese fallbacks after the Latin ones. */
/** Unquoted: every name is a valid identifier sequence, and quotes would be escaped in each style attribute. */
export const SANS = '-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Helvetica,Arial,PingFang SC,Hiragino Sans GB,Microsoft YaHei,Noto Sans CJK SC,sans-serif';
export const SERIF = 'Georgia,Cambria,Times New Roman,Songti SC,Noto Serif CJK SC,Source Han Serif SC,serif';

/** Colours of the light layout (the dark one is in DARK_STYLE). */
export const INK = '#1a1a1a';
export const MUTED = '#595959';
export const RULE = '#dcdad5';
const PAPER = '#f3f2ee';
const CARD = '#ffffff';

/** The accent mixed with white: readable as text on a dark card (`share` of white, 0–1). */
export function lighten(accent: string, share = 0.5): string {
  const channel = (i: number) => {
    const value = parseInt(accent.slice(1 + i * 2, 3 + i * 2), 16);
    return Math.round(value + (255 - value) * share)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/**
 * What clients that read a `<style>` get besides the inline styles: the dark palette when
 * the reader's system is dark (Apple Mail, Outlook on the Mac, iOS), and narrower margins
 * on phones. Selectors name classes only; the inline styles stay the light layout.
 */
function darkStyle(accent: string): string {
  const light = lighten(accent, 0.55);
  return [
    '@media (max-width:520px){.em-pad{padding-left:20px!important;padding-right:20px!important}.em-outer{padding:12px 8px!important}.em-h1{font-size:23px!important;line-height:29px!important}.em-label{width:96px!important}}',
    '@media (prefers-color-scheme:dark){',
    '.em-bg{background:#121212!important}.em-card{background:#1e1e1e!important}',
    '.em-ink{color:#ececec!important}.em-muted{color:#b3b3b3!important}.em-rule{border-color:#3b3b3b!important}',
    `.em-accent{color:${light}!important}.em-top{border-top-color:${light}!important}`,
    `.em-button{background:${light}!important}.em-button a{color:#121212!important}`,
    '}',
  ].join('');
}

/** A bulletproof button: a table cell with the colour, so clients that drop padding on links still show it. */
export function EmailButton({ href, label, accent }: { href: string; label: string; accent: string }) {
  return (
    <table role="presentation" cellpadding="0" cellspacing="0" style="margin:20px 0">
      <tr>
        <td class="em-button" style={`background:${accent};border-radius:4px`}>
          <a href={href} style={`display:inline-block;padding:12px 22px;font-family:${SANS};font-size:16px;line-height:20px;font-weight:600;color:#ffffff;text-decoration:none;border-radius:4px`}>
            {label}
          </a>
        </td>
      </tr>
    </table>
  );
}

/** Label and value rows (a subscriber's choices, an event's facts). */
export function EmailFacts({ rows }: { rows: { label: string; value: string }[] }) {
  if (rows.length === 0) return null;
  return (
    <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:10px 0 18px;border-collapse:collapse">
      {rows.map((row) => (
        <tr>
          <th scope="row" align="left" valign="top" class="em-muted em-rule em-label" style={`padding:8px 12px 8px 0;width:130px;border-top:1px solid ${RULE};font-family:${SANS};font-size:14px;line-height:21px;font-weight:600;color:${MUTED}`}>
            {row.label}
          </th>
          <td valign="top" class="em-ink em-rule" style={`padding:8px 0;border-top:1px solid ${RULE};font-family:${SANS};font-size:15px;line-height:21px;color:${INK}`}>
            {row.value}
          </td>
        </tr>
      ))}
    </table>
  );
}

/** A section's heading: small capitals under a rule, as newsletters head their sections. */
export function EmailHeading({ children }: { children: Child }) {
  return (
    <h2 class="em-ink em-rule" style={`margin:20px 0 0;padding-top:10px;border-top:2px solid ${INK};font-size:13px;line-height:18px;font-weight:700;letter-spacing:.1em;text-transform:uppercase;color:${INK}`}>
      {children}
    </h2>
  );
}

/** A paragraph in the body text. */
export function EmailText({ children, muted = false }: { children: Child; muted?: boolean }) {
  return (
    <p class={muted ? 'em-muted' : 'em-ink'} style={`margin:0 0 14px;font-size:${muted ? 14 : 16}px;line-height:${muted ? 21 : 25}px;color:${muted ? MUTED : INK}`}>
      {children}
    </p>
  );
}

/** A footer link. */
export function FooterLink({ href, children }: { href: string; children: Child }) {
  return (
    <a href={href} class="em-muted" style={`color:${MUTED};text-decoration:underline`}>
      {children}
    </a>
  );
}

/**
 * A whole email as HTML: `<!doctype html>` and all. `edition` is the heading under the
 * short name ("Daily brief · Thursday 3 December"), `intro` the one line below it and the
 * inbox preview (the hidden preheader).
 */
export function emailDocument(props: { lang: string; title: string; brand: EmailBrand; edition: string; intro?: string; children: Child; footer: Child }): string {
  const lang = uiLanguage(props.lang);
  const { brand } = props;
  const html = (
    <html lang={LANGUAGE_TAGS[lang]}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <title>{props.title}</title>
        <style>{raw(darkStyle(brand.accent))}</style>
      </head>
      <body class="em-bg" style={`margin:0;padding:0;background:${PAPER};font-family:${SANS};color:${INK};-webkit-text-size-adjust:100%`}>
        {props.intro && (
          <div style="display:none;max-height:0;overflow:hidden;mso-hide:all" aria-hidden="true">
            {props.intro}
          </div>
        )}
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" class="em-bg" style={`background:${PAPER}`}>
          <tr>
            <td align="center" class="em-outer" style="padding:24px 12px">
              <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px">
                <tr>
                  <td class="em-card em-pad em-top" style={`background:${CARD};border-top:4px solid ${brand.accent};padding:26px 36px 18px;font-family:${SANS}`}>
                    <p style={`margin:0 0 12px;font-size:13px;line-height:16px;font-weight:700;letter-spacing:.12em;text-transform:uppercase`}>
                      <a href={brand.home} class="em-accent" style={`color:${brand.accent};text-decoration:none`}>
                        {brand.name}
                      </a>
                    </p>
                    <h1 class="em-ink em-h1" style={`margin:0;font-family:${SERIF};font-size:26px;line-height:32px;font-weight:700;color:${INK}`}>
                      {props.edition}
                    </h1>
                    {props.intro && (
                      <p class="em-muted" style={`margin:8px 0 0;font-size:15px;line-height:22px;color:${MUTED}`}>
                        {props.intro}
                      </p>
                    )}
                  </td>
                </tr>
                <tr>
                  <td class="em-card em-pad" style={`background:${CARD};padding:4px 36px 24px;font-family:${SANS};color:${INK}`}>
                    {props.children}
                  </td>
                </tr>
                <tr>
                  <td class="em-pad em-muted" style={`padding:20px 36px 8px;font-family:${SANS};font-size:13px;line-height:20px;color:${MUTED}`}>
                    {props.footer}
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
  return `<!doctype html>${html}`;
}
