import { catalogue, LANGUAGE_TAGS, uiLanguage } from '../common/i18n/index.ts';
import type { OutgoingEmail } from '../common/email.ts';

/**
 * The double opt-in email: one link to a page whose button confirms. Plain text and simple
 * HTML with inline styles; no tracking. `link` is the only data in it besides the site's name.
 */
export function confirmationEmail(options: { to: string; siteTitle: string; link: string; lang: string }): OutgoingEmail {
  const t = catalogue(options.lang).subscriptions;
  const html = (
    <html lang={LANGUAGE_TAGS[uiLanguage(options.lang)]}>
      <body style="margin:0;padding:16px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1d1d1f">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px">
          <tr>
            <td>
              <p style="font-size:16px;line-height:24px">{t.confirmEmailLead(options.siteTitle)}</p>
              <p style="margin:24px 0">
                <a href={options.link} style="background:#0b57d0;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-size:16px">
                  {t.confirmEmailButton}
                </a>
              </p>
              <p style="font-size:14px;line-height:20px;color:#5f6368">{t.confirmEmailIgnore}</p>
              <p style="font-size:13px;line-height:20px;color:#5f6368;word-break:break-all">{options.link}</p>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
  return { to: options.to, subject: t.confirmEmailSubject(options.siteTitle), text: t.confirmEmailText(options.siteTitle, options.link), html: `<!doctype html>${html}` };
}
