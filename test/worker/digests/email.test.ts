import { describe, expect, it } from 'vitest';
import { composeDigest } from '../../../src/digests/compose.ts';
import { type EmailTemplate, fillLinks, HTML_BUDGET_BYTES, renderDigestEmail } from '../../../src/digests/render-email.tsx';
import { event, publicReport, seed } from '../support/builders.ts';
import { OPTIONS } from './fixtures.ts';
import { SITE } from '../support/site.ts';

const LINKS = { unsubscribe: `${SITE}/unsubscribe?token=eyJwIjoidSJ9.c2ln`, preferences: `${SITE}/preferences?token=eyJwIjoibSJ9.c2ln` };
const bytes = (text: string) => new TextEncoder().encode(text).length;
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);

async function hostileEmail(): Promise<EmailTemplate> {
  const hostile = await publicReport({
    title: '<script>alert(1)</script> ]]> & "quotes"',
    summary: '<img src=x onerror=alert(1)> A summary with ]]> in it.',
    event: event({ name: '<b>Name</b>', organizers: ['<i>Org</i> & co'], speakers: [{ name: '<u>Eve</u>', role: '"role"' }], location: { name: '<Venue>' } }),
  });
  return renderDigestEmail(composeDigest([hostile], OPTIONS));
}

describe('the digest email', () => {
  it('says “New report: <title>” for one report, and “3 new reports: <first> and 2 more” for three', async () => {
    const workshop = await seed('workshop');
    expect(renderDigestEmail(composeDigest([workshop], OPTIONS)).subject).toBe('New report: Workshop on International Rule of Law in Cyberspace');
    const others = [await publicReport({ title: 'Older one', published: '2020-01-01' }), await publicReport({ title: 'Oldest one', published: '2019-01-01' })];
    expect(renderDigestEmail(composeDigest([...others, workshop], OPTIONS)).subject).toBe('3 new reports: Workshop on International Rule of Law in Cyberspace and 2 more');
  });

  it('escapes <script> and ]]> in report text, and carries no script, image or markup from reports', async () => {
    const { html, subject } = await hostileEmail();
    expect(subject).toBe('New report: <script>alert(1)</script> ]]> & "quotes"');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('&lt;i&gt;Org&lt;/i&gt; &amp; co');
    expect(html).toContain('&lt;u&gt;Eve&lt;/u&gt; (&quot;role&quot;)');
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<u>|\]\]>/i);
  });

  it('is one fluid column at most 600 px wide, styled inline, with nothing fetched from elsewhere', async () => {
    const { html } = renderDigestEmail(composeDigest([await seed('workshop'), await seed('forum')], OPTIONS));
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(html).toContain('<meta name="color-scheme" content="light dark"/>');
    expect(html).toContain('max-width:600px');
    expect(html).toContain('width="100%"');
    expect(html).not.toMatch(/<link|<script|<img|<iframe|<form|src=|url\(/i);
    // One <style>, in the head, that only refines (dark mode, phones): every element that has a class is styled inline too.
    expect(html.match(/<style/g)).toHaveLength(1);
    expect(html.indexOf('</style>')).toBeLessThan(html.indexOf('<body'));
    for (const tag of html.match(/<[a-z0-9]+ [^>]*class="[^"]*"[^>]*>/g) ?? []) expect(tag, tag).toMatch(/ style="[^"]+"/);
    // Links go to the site itself, as they are: no redirect or tracking host.
    for (const href of hrefs(html)) expect(href.startsWith(`${SITE}/`) || href.startsWith('https://subscriber.invalid/'), href).toBe(true);
  });

  it('marks each report’s language and direction, so right-to-left text reads right', async () => {
    const arabic = await publicReport({ title: 'مؤتمر حوكمة الفضاء الإلكتروني', lang: 'ar', body: 'نص التقرير.' });
    const { html } = renderDigestEmail(composeDigest([arabic], OPTIONS));
    expect(html).toMatch(/<td [^>]*lang="ar" dir="auto">/);
    expect(html).toContain('مؤتمر حوكمة الفضاء الإلكتروني');
  });

  it('heads upcoming events and other reports separately, upcoming first', async () => {
    const { html, text } = renderDigestEmail(composeDigest([await seed('workshop'), await publicReport({ title: 'Next seminar', event: event({ start: '2026-12-01' }) })], OPTIONS));
    expect(html.indexOf('>Upcoming events<')).toBeLessThan(html.indexOf('>Next seminar<'));
    expect(html.indexOf('>Next seminar<')).toBeLessThan(html.indexOf('>Reports<'));
    expect(html.indexOf('>Reports<')).toBeLessThan(html.indexOf('Workshop on International'));
    expect(text.indexOf('## Upcoming events')).toBeLessThan(text.indexOf('## Reports'));
  });

  it('has a real plain-text part: underlined titles, one fact a line, every URL on a line of its own', async () => {
    const { text } = fillLinks(renderDigestEmail(composeDigest([await seed('workshop')], OPTIONS)), LINKS);
    expect(text).not.toMatch(/<[a-z/!]|&[a-z]+;/i);
    const lines = text.split('\n');
    const title = lines.indexOf('Workshop on International Rule of Law in Cyberspace');
    expect(lines[title + 1]).toMatch(/^=+$/);
    expect(lines).toContain('When: 12 August 2022');
    expect(lines).toContain('Where: Online');
    expect(lines).toContain('  - Professor Guo Feng, Dean of Wuhan University Law School (opening address)');
    for (const url of [`${SITE}/reports/2022-08-12-workshop-on-international-rule-of-law-in-cyberspace`, LINKS.unsubscribe, LINKS.preferences, `${SITE}/digests`]) {
      expect(lines, url).toContain(url);
    }
    expect(lines.every((line) => !/\S https?:\/\//.test(line))).toBe(true);
  });

  it('stays under Gmail’s clipping limit with 300 long reports, listing the first in full and linking the rest to the web digest', async () => {
    const reports = [];
    for (let i = 0; i < 300; i += 1) {
      reports.push(await publicReport({ title: `Long report ${i} ${'on cyber norms '.repeat(18)}`, summary: 'A long summary sentence about governance. '.repeat(20), event: event({ organizers: ['Institute of International Law, Wuhan University'.repeat(3)] }) }));
    }
    const digest = composeDigest(reports, OPTIONS);
    const filled = fillLinks(renderDigestEmail(digest), LINKS);
    expect(bytes(filled.html)).toBeLessThanOrEqual(HTML_BUDGET_BYTES + 1024);
    expect(HTML_BUDGET_BYTES).toBeLessThanOrEqual(90 * 1024);
    const shown = (filled.html.match(/<h3 /g) ?? []).length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(300);
    expect(filled.html).toContain(`${300 - shown} more reports on the web`);
    expect(filled.html).toContain(`href="${OPTIONS.webUrl.replaceAll('&', '&amp;')}"`);
    expect(filled.text).toContain(`${300 - shown} more reports on the web:\n${OPTIONS.webUrl}\n`);
    // The footer survives the cut.
    expect(hrefs(filled.html)).toEqual(expect.arrayContaining([LINKS.unsubscribe, LINKS.preferences, `${SITE}/digests`]));
  });

  it('lists a short digest in full, with no “more” link', async () => {
    const { html, text } = renderDigestEmail(composeDigest([await seed('workshop'), await seed('forum')], OPTIONS));
    expect(html).not.toContain('more report');
    expect(text).not.toContain('more report');
  });
});

describe('filling one subscriber’s links', () => {
  it('puts a visible unsubscribe link, a preferences link and the archive link in the footer, escaped for HTML', async () => {
    const template = renderDigestEmail(composeDigest([await seed('forum')], OPTIONS));
    const filled = fillLinks(template, { unsubscribe: `${SITE}/unsubscribe?token=a.b&x="1"`, preferences: `${SITE}/preferences?token=c.d` });
    expect(filled.html).toMatch(new RegExp(`<a href="${SITE}/unsubscribe\\?token=a\\.b&amp;x=&quot;1&quot;"[^>]*>Unsubscribe</a>`));
    expect(filled.html).toMatch(new RegExp(`<a href="${SITE}/preferences\\?token=c\\.d"[^>]*>Change your preferences</a>`));
    expect(filled.html).toMatch(new RegExp(`<a href="${SITE}/digests"[^>]*>Past briefs on the web</a>`));
    expect(filled.text).toContain(`\nUnsubscribe:\n${SITE}/unsubscribe?token=a.b&x="1"\n`);
    expect(filled.html + filled.text).not.toContain('subscriber.invalid');
    expect(filled.subject).toBe(template.subject);
  });

  it('gives each subscriber a copy that differs from another’s only in their links', async () => {
    const template = renderDigestEmail(composeDigest([await seed('workshop')], OPTIONS));
    const other = { unsubscribe: `${SITE}/unsubscribe?token=other`, preferences: `${SITE}/preferences?token=other` };
    const mine = fillLinks(template, LINKS);
    const theirs = fillLinks(template, other);
    expect(mine.html.replaceAll(LINKS.unsubscribe, 'U').replaceAll(LINKS.preferences, 'P')).toBe(theirs.html.replaceAll(other.unsubscribe, 'U').replaceAll(other.preferences, 'P'));
    expect(fillLinks(template, LINKS)).toEqual(mine);
  });

  it('leaves a report that quotes the placeholder address alone, and keeps a $ in a link as it is', async () => {
    const quoting = await publicReport({ title: 'See https://subscriber.invalid/unsubscribe here', summary: 'Also https://subscriber.invalid/preferences in text.' });
    const filled = fillLinks(renderDigestEmail(composeDigest([quoting], OPTIONS)), { unsubscribe: `${SITE}/u?t=$&$'`, preferences: `${SITE}/p?t=1` });
    expect(filled.html).toContain('See https://subscriber.invalid/unsubscribe here');
    expect(filled.text).toContain('See https://subscriber.invalid/unsubscribe here');
    expect(filled.text).toContain('Also https://subscriber.invalid/preferences in text.');
    expect(filled.html).toContain(`href="${SITE}/u?t=$&amp;$'"`);
    expect(filled.text).toContain(`\n${SITE}/u?t=$&$'\n`);
  });
});
