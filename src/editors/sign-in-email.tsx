import type { SiteConfig } from '../common/config.ts';
import type { OutgoingEmail } from '../common/email.ts';
import { catalogue, type Lang } from '../common/i18n/index.ts';
import { homeUrl } from '../common/urls.ts';
import { EmailButton, EmailText, emailDocument, FooterLink } from '../site/email-frame.tsx';

/**
 * The sign-in email: one link, to a page whose button signs in (mail scanners open every
 * link; opening it signs no one in). Nothing else about the desk is in it.
 */
export function signInEmail(options: { to: string; site: Pick<SiteConfig, 'siteUrl' | 'names' | 'accent'>; link: string; lang: Lang }): OutgoingEmail {
  const { site, lang } = options;
  const t = catalogue(lang).desk;
  const name = site.names[lang].short;
  const subject = t.mailSubject(name);
  const html = emailDocument({
    lang,
    title: subject,
    brand: { name, accent: site.accent, home: homeUrl(site, lang) },
    edition: t.desk,
    intro: t.mailIntro,
    footer: <FooterLink href={homeUrl(site, lang)}>{site.names[lang].title}</FooterLink>,
    children: (
      <>
        <EmailButton href={options.link} label={t.mailButton} accent={site.accent} />
        <EmailText muted>
          <span style="word-break:break-all">{options.link}</span>
        </EmailText>
        <EmailText muted>{t.mailIgnore}</EmailText>
      </>
    ),
  });
  const text = [`${name} · ${t.desk}`, '', t.mailIntro, '', options.link, '', t.mailIgnore, ''].join('\n');
  return { to: options.to, subject, text, html };
}
