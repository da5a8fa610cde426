import type { SiteConfig } from '../common/config.ts';
import type { OutgoingEmail } from '../common/email.ts';
import { catalogue } from '../common/i18n/index.ts';
import { homeUrl } from '../common/urls.ts';
import { EmailButton, EmailFacts, EmailHeading, EmailText, emailDocument, FooterLink } from '../site/email-frame.tsx';
import { type Choices, describeChoices, firstEmail, type Schedule } from './choices.tsx';
import type { InterfaceLang } from './types.ts';

/** What the emails of the subscription flow need of the site: its names, accent and address. */
export type MailSite = Pick<SiteConfig, 'siteUrl' | 'names' | 'accent'>;

const brandOf = (site: MailSite, lang: InterfaceLang) => ({ name: site.names[lang].short, accent: site.accent, home: homeUrl(site, lang) });

/** Label and value on one line of the text part. */
const textRows = (rows: { label: string; value: string }[], lang: InterfaceLang) => {
  const d = catalogue(lang).digest;
  return rows.map((row) => `${d.label(row.label)}${d.afterLabel(row.value)}`);
};

/**
 * The double opt-in email: what the reader asked for (how often, topics, languages, time
 * zone), and one link to a page whose button confirms. No tracking; the choices and the link
 * are the only data in it besides the site's names.
 */
export function confirmationEmail(options: { to: string; site: MailSite; link: string; lang: InterfaceLang; choices: Choices; schedule: Schedule }): OutgoingEmail {
  const { site, lang } = options;
  const t = catalogue(lang).subscriptions;
  const d = catalogue(lang).digest;
  const title = site.names[lang].title;
  const brand = brandOf(site, lang);
  const rows = describeChoices(options.choices, lang, options.schedule);
  const html = emailDocument({
    lang,
    title: t.confirmEmailSubject(title),
    brand,
    edition: t.confirmHeading,
    intro: t.confirmEmailLead(title),
    footer: <FooterLink href={brand.home}>{title}</FooterLink>,
    children: (
      <>
        <EmailHeading>{t.confirmEmailChoices}</EmailHeading>
        <EmailFacts rows={rows} />
        <EmailButton href={options.link} label={t.confirmEmailButton} accent={site.accent} />
        <EmailText muted>{t.confirmEmailIgnore}</EmailText>
        <EmailText muted>
          {t.confirmEmailLink}
          <br />
          <span style="word-break:break-all">{options.link}</span>
        </EmailText>
      </>
    ),
  });
  const text = [
    `${brand.name} · ${t.confirmHeading}`,
    '',
    t.confirmEmailLead(title),
    '',
    d.label(t.confirmEmailChoices),
    ...textRows(rows, lang),
    '',
    t.confirmEmailOpen,
    options.link,
    '',
    t.confirmEmailIgnore,
    '',
  ].join('\n');
  return { to: options.to, subject: t.confirmEmailSubject(title), text, html };
}

/**
 * The email sent once a subscription is confirmed: the choices again, when the first email
 * comes, and the links every email to a subscriber carries (preferences, unsubscribe).
 */
export function welcomeEmail(options: { to: string; site: MailSite; lang: InterfaceLang; choices: Choices; schedule: Schedule; due: number | null; now: number; links: { unsubscribe: string; preferences: string }; headers: Record<string, string> }): OutgoingEmail {
  const { site, lang } = options;
  const t = catalogue(lang).subscriptions;
  const d = catalogue(lang).digest;
  const title = site.names[lang].title;
  const brand = brandOf(site, lang);
  const rows = describeChoices(options.choices, lang, options.schedule);
  const first = firstEmail(options.choices.frequency, options.due, options.now, options.choices.timeZone, lang);
  const html = emailDocument({
    lang,
    title: t.welcomeSubject(title),
    brand,
    edition: t.welcomeHeading,
    intro: t.welcomeLead(title),
    footer: (
      <>
        <p style="margin:0 0 8px">{d.why(title)}</p>
        <p style="margin:0">
          <FooterLink href={options.links.unsubscribe}>{d.unsubscribe}</FooterLink>
          {' · '}
          <FooterLink href={options.links.preferences}>{d.preferences}</FooterLink>
          {' · '}
          <FooterLink href={brand.home}>{d.visit}</FooterLink>
        </p>
      </>
    ),
    children: (
      <>
        <EmailHeading>{t.choices.heading}</EmailHeading>
        <EmailFacts rows={rows} />
        <EmailHeading>{t.firstEmailHeading}</EmailHeading>
        <div style="height:12px;line-height:12px;font-size:12px">&nbsp;</div>
        <EmailText>
          <strong>{first.line}</strong>
          {first.note && t.sentences(['', first.note])}
        </EmailText>
        <EmailText muted>{t.changeLater}</EmailText>
      </>
    ),
  });
  const text = [
    `${brand.name} · ${t.welcomeHeading}`,
    '',
    t.welcomeLead(title),
    '',
    d.label(t.choices.heading),
    ...textRows(rows, lang),
    '',
    t.sentences([first.line, ...(first.note ? [first.note] : [])]),
    '',
    t.changeLater,
    '',
    '--',
    d.why(title),
    '',
    d.label(d.preferences),
    options.links.preferences,
    '',
    d.label(d.unsubscribe),
    options.links.unsubscribe,
    '',
  ].join('\n');
  return { to: options.to, subject: t.welcomeSubject(title), text, html, headers: options.headers };
}
