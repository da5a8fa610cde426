import type { Child } from 'hono/jsx';
import { catalogue, LANGUAGE_TAGS, uiLanguage } from '../common/i18n/index.ts';
import type { Digest, DigestItem } from './compose.ts';
import { renderDigestText } from './render-text.ts';

/** A rendered email whose subscriber links are still placeholders (see {@link fillLinks}). */
export interface EmailTemplate {
  subject: string;
  html: string;
  text: string;
}

/** The links that differ per subscriber. */
export interface SubscriberLinks {
  unsubscribe: string;
  preferences: string;
}

/**
 * Placeholders on the reserved `.invalid` domain, so the template stays valid HTML. A report
 * could quote one, so they are replaced only where the template put them: in the HTML as a
 * whole `href="…"` attribute (report text is escaped, so it never holds a bare `"`), in the
 * text on a line of their own (report text never holds a line break).
 */
const PLACEHOLDER = { unsubscribe: 'https://subscriber.invalid/unsubscribe', preferences: 'https://subscriber.invalid/preferences' } as const;

/** Gmail clips messages over 102 KB; the items stop well before that, and the rest are linked. */
export const HTML_BUDGET_BYTES = 80 * 1024;

/** The web archive in the digest's language. */
const archiveUrl = (digest: Digest) => `${digest.siteUrl}${digest.lang === 'zh' ? '/zh' : ''}/digests`;

type Strings = ReturnType<typeof catalogue>['digest'];

const FONT = 'font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,"Noto Sans","Noto Sans CJK SC",sans-serif';
const MUTED = 'color:#5f6368;font-size:14px;line-height:20px;margin:0 0 4px';

function Fact(props: { label: string; value: string; strings: Strings }) {
  return (
    <p style={MUTED}>
      <strong>{props.label}</strong>
      {props.strings.afterLabel(props.value)}
    </p>
  );
}

function Item({ item, strings }: { item: DigestItem; strings: ReturnType<typeof catalogue>['digest'] }) {
  return (
    <tr>
      <td style="padding:16px 0;border-bottom:1px solid #e3e3e3" lang={item.lang} dir="auto">
        <p style="margin:0 0 4px;font-size:13px;color:#5f6368;text-transform:uppercase;letter-spacing:.04em">
          {item.kind === 'event' ? item.eventKind : strings.news}
          {item.only ? ` · ${item.only}` : ''}
        </p>
        <h3 style="margin:0 0 8px;font-size:19px;line-height:25px">
          <a href={item.url} style="color:#0b57d0;text-decoration:none">
            {item.title}
          </a>
        </h3>
        {item.when && <Fact strings={strings} label={strings.label(strings.when)} value={item.when} />}
        {item.where && <Fact strings={strings} label={strings.label(strings.where)} value={item.where} />}
        {item.organizers.length > 0 && <Fact strings={strings} label={strings.label(strings.organizers)} value={strings.list(item.organizers)} />}
        {item.speakers.length > 0 && (
          <Fact strings={strings} label={strings.label(strings.speakers)} value={strings.list([...item.speakers.map((s) => strings.speaker(s.name, s.role)), ...(item.moreSpeakers > 0 ? [strings.moreSpeakers(item.moreSpeakers)] : [])])} />
        )}
        {item.topics.length > 0 && <Fact strings={strings} label={strings.label(strings.topics)} value={strings.wordList(item.topics)} />}
        <p style="margin:8px 0;font-size:16px;line-height:24px">{item.summary}</p>
        <p style="margin:0">
          <a href={item.url} style="color:#0b57d0">
            {strings.read}
          </a>
          {(item.alternates ?? []).map((alternate) => (
            <>
              {' · '}
              <a href={alternate.url} hreflang={alternate.lang} style="color:#0b57d0">
                {alternate.label}
              </a>
            </>
          ))}
        </p>
      </td>
    </tr>
  );
}

function Section({ title, items, strings }: { title: string; items: DigestItem[]; strings: ReturnType<typeof catalogue>['digest'] }) {
  if (items.length === 0) return null;
  return (
    <>
      <h2 style="margin:20px 0 0;font-size:15px;line-height:20px;color:#5f6368;text-transform:uppercase;letter-spacing:.04em">{title}</h2>
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0">
        {items.map((item) => (
          <Item item={item} strings={strings} />
        ))}
      </table>
    </>
  );
}

function Email({ digest, items, hidden, links }: { digest: Digest; items: DigestItem[]; hidden: number; links: SubscriberLinks }) {
  const strings = catalogue(digest.lang).digest;
  return (
    <html lang={LANGUAGE_TAGS[uiLanguage(digest.lang)]}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{digest.subject}</title>
      </head>
      <body style={`margin:0;padding:0;background:#f4f4f5;${FONT};color:#1d1d1f`}>
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5">
          <tr>
            <td align="center" style="padding:16px 8px">
              <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px">
                <tr>
                  <td style="padding:20px 20px 0">
                    <h1 style="margin:0 0 4px;font-size:22px;line-height:28px">{strings.heading(digest.siteTitle)}</h1>
                    <p style={MUTED}>{digest.period}</p>
                  </td>
                </tr>
                <tr>
                  <td style="padding:0 20px">
                    <Section title={strings.upcoming} items={items.filter((i) => i.upcoming)} strings={strings} />
                    <Section title={strings.past} items={items.filter((i) => !i.upcoming)} strings={strings} />
                    {hidden > 0 && (
                      <p style="margin:16px 0;font-size:16px">
                        <a href={digest.webUrl} style="color:#0b57d0">
                          {strings.more(hidden)}
                        </a>
                      </p>
                    )}
                  </td>
                </tr>
                <tr>
                  <td style="padding:20px;font-size:13px;line-height:20px;color:#5f6368">
                    <p style="margin:0 0 8px">{strings.why(digest.siteTitle)}</p>
                    <p style="margin:0">
                      <a href={links.unsubscribe} style="color:#5f6368">
                        {strings.unsubscribe}
                      </a>
                      {' · '}
                      <a href={links.preferences} style="color:#5f6368">
                        {strings.preferences}
                      </a>
                      {' · '}
                      <a href={archiveUrl(digest)} style="color:#5f6368">
                        {strings.archive}
                      </a>
                    </p>
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
}

function html(digest: Digest, count: number): string {
  const items = digest.items.slice(0, count);
  return `<!doctype html>${Email({ digest, items, hidden: digest.items.length - items.length, links: PLACEHOLDER })}`;
}

/**
 * Renders a digest email once, with placeholder subscriber links. Inline styles only, no
 * script, no external CSS or images, no tracking, one column at most 600 px wide. A long
 * digest lists as many items as fit the HTML budget and links the rest to the web digest.
 */
export function renderDigestEmail(digest: Digest): EmailTemplate {
  let count = digest.items.length;
  let body = html(digest, count);
  const encoder = new TextEncoder();
  while (count > 1 && encoder.encode(body).length > HTML_BUDGET_BYTES) {
    count = Math.max(1, Math.floor(count * (HTML_BUDGET_BYTES / encoder.encode(body).length) * 0.95));
    body = html(digest, count);
  }
  const strings = catalogue(digest.lang).digest;
  const text = renderDigestText(digest, {
    limit: count,
    footer: [strings.why(digest.siteTitle), '', strings.label(strings.unsubscribe), PLACEHOLDER.unsubscribe, '', strings.label(strings.preferences), PLACEHOLDER.preferences, '', strings.label(strings.archive), archiveUrl(digest)],
  });
  return { subject: digest.subject, html: body, text };
}

const escapeAttribute = (url: string) => url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * One subscriber's copy of a template: their links in place of the placeholders, escaped
 * for the HTML part. Cheap: a few string replacements, no rendering.
 */
export function fillLinks(template: EmailTemplate, links: SubscriberLinks): EmailTemplate {
  let { html, text } = template;
  for (const name of ['unsubscribe', 'preferences'] as const) {
    // Replacer functions: a `$` in a link is not a replacement pattern.
    html = html.replaceAll(`href="${PLACEHOLDER[name]}"`, () => `href="${escapeAttribute(links[name])}"`);
    text = text.replaceAll(`\n${PLACEHOLDER[name]}\n`, () => `\n${links[name].replace(/\s+/g, '')}\n`);
  }
  return { subject: template.subject, html, text };
}
