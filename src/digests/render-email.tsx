import { catalogue, uiLanguage } from '../common/i18n/index.ts';
import { homeUrl } from '../common/urls.ts';
import { EmailFacts, EmailHeading, EmailText, emailDocument, type EmailBrand, FooterLink, INK, MUTED, RULE, SERIF } from '../site/email-frame.tsx';
import type { Digest, DigestItem } from './compose.ts';
import { editionHeading, topicLabels } from './edition-name.ts';
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

/** Who the email is from, as its header shows it: the short name and accent (the title and the default accent when not given). */
export interface Brand {
  name: string;
  accent: string;
}

const DEFAULT_ACCENT = '#8c1d18';

const brandOf = (digest: Digest, brand?: Partial<Brand>): EmailBrand => ({ name: brand?.name ?? digest.siteTitle, accent: brand?.accent ?? DEFAULT_ACCENT, home: homeUrl(digest, uiLanguage(digest.lang)) });

const KICKER = `margin:0 0 6px;font-size:12px;line-height:16px;font-weight:700;letter-spacing:.08em;text-transform:uppercase`;
const FACT = `margin:0 0 3px;font-size:14px;line-height:20px;color:${MUTED}`;

/** The facts of an item, label and value, as the email and its text list them. */
function factsOf(item: DigestItem, t: Strings): { label: string; value: string }[] {
  const rows: { label: string; value: string }[] = [];
  if (item.when) rows.push({ label: t.when, value: item.when });
  if (item.where) rows.push({ label: t.where, value: item.where });
  if (item.organizers.length > 0) rows.push({ label: t.organizers, value: t.list(item.organizers) });
  if (item.speakers.length > 0) rows.push({ label: t.speakers, value: t.list([...item.speakers.map((s) => t.speaker(s.name, s.role)), ...(item.moreSpeakers > 0 ? [t.moreSpeakers(item.moreSpeakers)] : [])]) });
  return rows;
}

function Kicker({ item, t, accent }: { item: DigestItem; t: Strings; accent: string }) {
  return (
    <p class="em-accent" style={`${KICKER};color:${accent}`}>
      {item.kind === 'event' ? item.eventKind : t.news}
      {item.only ? ` · ${item.only}` : ''}
    </p>
  );
}

/** "Read: <title>" and the report's other languages. */
function ReadLinks({ item, t, accent, size }: { item: DigestItem; t: Strings; accent: string; size: number }) {
  return (
    <p style={`margin:0;font-size:${size}px;line-height:${size + 6}px`}>
      <a href={item.url} class="em-accent" style={`color:${accent};font-weight:600;text-decoration:underline`}>
        {t.readTitle(item.title)}
      </a>
      {(item.alternates ?? []).map((alternate) => (
        <>
          <span class="em-muted" style={`color:${MUTED}`}>
            {' · '}
          </span>
          <a href={alternate.url} hreflang={alternate.lang} lang={alternate.lang} class="em-accent" style={`color:${accent};text-decoration:underline`}>
            {alternate.label}
          </a>
        </>
      ))}
    </p>
  );
}

function Item({ item, t, accent, lang, first }: { item: DigestItem; t: Strings; accent: string; lang: string; first: boolean }) {
  const topics = topicLabels(item.topics, lang);
  return (
    <tr>
      <td class="em-rule" style={`padding:${first ? 16 : 20}px 0 20px;${first ? '' : `border-top:1px solid ${RULE}`}`} lang={item.lang} dir="auto">
        <Kicker item={item} t={t} accent={accent} />
        <h3 style={`margin:0 0 8px;font-family:${SERIF};font-size:20px;line-height:26px;font-weight:700`}>
          <a href={item.url} class="em-ink" style={`color:${INK};text-decoration:none`}>
            {item.title}
          </a>
        </h3>
        {factsOf(item, t).map((fact) => (
          <p class="em-muted" style={FACT}>
            <strong class="em-ink" style={`color:${INK};font-weight:600`}>{t.label(fact.label)}</strong>
            {t.afterLabel(fact.value)}
          </p>
        ))}
        <p class="em-ink" style={`margin:10px 0 10px;font-size:16px;line-height:25px;color:${INK}`}>
          {item.summary}
        </p>
        {topics.length > 0 && (
          <p class="em-muted" style={`${FACT};margin:0 0 10px`}>
            {t.label(t.topics)}
            {t.afterLabel(t.wordList(topics))}
          </p>
        )}
        <ReadLinks item={item} t={t} accent={accent} size={15} />
      </td>
    </tr>
  );
}

function Section({ title, items, t, accent, lang }: { title: string; items: DigestItem[]; t: Strings; accent: string; lang: string }) {
  if (items.length === 0) return null;
  return (
    <>
      <EmailHeading>{title}</EmailHeading>
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0">
        {items.map((item, i) => (
          <Item item={item} t={t} accent={accent} lang={lang} first={i === 0} />
        ))}
      </table>
    </>
  );
}

/** The footer every email to a subscriber carries: why they get it, unsubscribe, preferences, the archive. */
function Footer({ digest, links, t }: { digest: Digest; links: SubscriberLinks; t: Strings }) {
  return (
    <>
      <p style="margin:0 0 8px">{t.why(digest.siteTitle)}</p>
      <p style="margin:0">
        <FooterLink href={links.unsubscribe}>{t.unsubscribe}</FooterLink>
        {' · '}
        <FooterLink href={links.preferences}>{t.preferences}</FooterLink>
        {' · '}
        <FooterLink href={archiveUrl(digest)}>{t.archive}</FooterLink>
      </p>
    </>
  );
}

function digestHtml(digest: Digest, brand: EmailBrand, items: DigestItem[], hidden: number, links: SubscriberLinks): string {
  const t = catalogue(digest.lang).digest;
  const heading = editionHeading(digest, brand.name);
  return emailDocument({
    lang: digest.lang,
    title: digest.subject,
    brand,
    edition: heading.name,
    intro: heading.intro,
    footer: <Footer digest={digest} links={links} t={t} />,
    children: (
      <>
        {digest.items.length === 0 && <EmailText>{t.empty}</EmailText>}
        <Section title={t.upcoming} items={items.filter((i) => i.upcoming)} t={t} accent={brand.accent} lang={digest.lang} />
        <Section title={t.past} items={items.filter((i) => !i.upcoming)} t={t} accent={brand.accent} lang={digest.lang} />
        {hidden > 0 && (
          <p style={`margin:8px 0 0;padding-top:16px;border-top:1px solid ${RULE};font-size:16px`} class="em-rule">
            <a href={digest.webUrl} class="em-accent" style={`color:${brand.accent};font-weight:600`}>
              {t.more(hidden)}
            </a>
          </p>
        )}
      </>
    ),
  });
}

/** The footer's lines in the text part: each link on a line of its own, under its label. */
function textFooter(digest: Digest): string[] {
  const t = catalogue(digest.lang).digest;
  return [t.why(digest.siteTitle), '', t.label(t.unsubscribe), PLACEHOLDER.unsubscribe, '', t.label(t.preferences), PLACEHOLDER.preferences, '', t.label(t.archive), archiveUrl(digest)];
}

/**
 * Renders a daily or weekly brief once, with placeholder subscriber links: the site's short
 * name and the edition's name at the top, a line of introduction, upcoming events then the
 * other reports, each with a link named for it ("Read: <title>"). No script, no external
 * CSS or images, no tracking, one column at most 600 px wide. A long digest lists as many
 * items as fit the HTML budget and links the rest to the web digest.
 */
export function renderDigestEmail(digest: Digest, brand?: Partial<Brand>): EmailTemplate {
  const frame = brandOf(digest, brand);
  let count = digest.items.length;
  const html = (n: number) => digestHtml(digest, frame, digest.items.slice(0, n), digest.items.length - n, PLACEHOLDER);
  let body = html(count);
  const encoder = new TextEncoder();
  while (count > 1 && encoder.encode(body).length > HTML_BUDGET_BYTES) {
    count = Math.max(1, Math.floor(count * (HTML_BUDGET_BYTES / encoder.encode(body).length) * 0.95));
    body = html(count);
  }
  const heading = editionHeading(digest, frame.name);
  const text = renderDigestText(digest, { limit: count, heading: { brand: frame.name, ...heading }, footer: textFooter(digest) });
  return { subject: digest.subject, html: body, text };
}

/**
 * One report as it becomes public, for an instant subscriber: headed "New report", with the
 * report in full (kind, title, summary, the event's facts, topics) and a link named for it.
 * It says when it was published, never a window: an instant email covers no period.
 */
export function renderInstantEmail(digest: Digest, brand?: Partial<Brand>): EmailTemplate {
  const frame = brandOf(digest, brand);
  const t = catalogue(digest.lang).digest;
  const item = digest.items[0];
  if (!item || digest.items.length > 1) return renderDigestEmail(digest, brand);
  const heading = editionHeading({ ...digest, edition: 'instant' }, frame.name);
  const topics = topicLabels(item.topics, digest.lang);
  const facts = [...factsOf(item, t), ...(topics.length > 0 ? [{ label: t.topics, value: t.wordList(topics) }] : [])];
  const html = emailDocument({
    lang: digest.lang,
    title: digest.subject,
    brand: frame,
    edition: heading.name,
    intro: heading.intro,
    footer: <Footer digest={digest} links={PLACEHOLDER} t={t} />,
    children: (
      <div lang={item.lang} dir="auto" class="em-rule" style={`margin-top:16px;padding-top:18px;border-top:2px solid ${INK}`}>
        <Kicker item={item} t={t} accent={frame.accent} />
        <h2 style={`margin:0 0 12px;font-family:${SERIF};font-size:24px;line-height:31px;font-weight:700`}>
          <a href={item.url} class="em-ink" style={`color:${INK};text-decoration:none`}>
            {item.title}
          </a>
        </h2>
        <p class="em-ink" style={`margin:0 0 8px;font-size:17px;line-height:27px;color:${INK}`}>
          {item.summary}
        </p>
        <EmailFacts rows={facts} />
        <ReadLinks item={item} t={t} accent={frame.accent} size={16} />
      </div>
    ),
  });
  const text = renderDigestText(digest, { heading: { brand: frame.name, ...heading }, sections: false, footer: textFooter(digest) });
  return { subject: digest.subject, html, text };
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
