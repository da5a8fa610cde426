import { describe, expect, it } from 'vitest';
import { create, get, withEnv } from '../support/worker.ts';
import { SITE } from '../support/site.ts';

function jsonLd(html: string): Record<string, any> {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no JSON-LD in page');
  return JSON.parse(match[1]!);
}

describe('pages', () => {
  it('lists the newest reports on the home page, with autodiscovery of all three feeds', async () => {
    await create({ title: 'Forum on Norms', summary: 'What the forum found.', topics: ['norms'] });
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/i);
    const html = await res.text();
    expect(html).toContain('Forum on Norms');
    expect(html).toContain('What the forum found.');
    // The English page's own feeds first, then those of every language (issue 13).
    expect(html).toContain(`<link rel="alternate" type="application/rss+xml" title="Reports in English (RSS)" href="${SITE}/en/feed.xml"/>`);
    expect(html).toContain(`<link rel="alternate" type="application/rss+xml" title="Reports in every language (RSS)" href="${SITE}/feed.xml"/>`);
    expect(html).toContain(`type="application/atom+xml"`);
    expect(html).toContain(`type="application/feed+json"`);
    expect(html).toContain('<meta name="viewport"');
    expect(html).toContain(`href="${SITE}/topics/norms"`);
  });

  it('shows a topic page that autodiscovers the topic feeds', async () => {
    await create({ title: 'On sovereignty', topics: ['sovereignty'] });
    const html = await (await get('/topics/sovereignty')).text();
    expect(html).toContain('On sovereignty');
    expect(html).toContain(`href="${SITE}/topics/sovereignty/atom.xml"`);
  });

  it('shows a report with its event details and schema.org Event JSON-LD', async () => {
    const report = await create({
      title: 'Workshop on International Rule of Law in Cyberspace',
      event: {
        kind: 'workshop',
        name: 'Workshop on International Rule of Law in Cyberspace',
        start: '2022-08-12',
        location: { name: 'Online', online: true },
        organizers: ['Research Institute for Cyberspace Governance, Wuhan University'],
        speakers: [{ name: 'Professor Zhixiong Huang', role: 'closing remarks' }],
      },
    });
    const res = await get(`/reports/${report.slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<strong class="speaker-name">Professor Zhixiong Huang</strong><br><span class="speaker-role">closing remarks</span>');
    const ld = jsonLd(html);
    expect(ld).toMatchObject({
      '@type': 'Event',
      name: 'Workshop on International Rule of Law in Cyberspace',
      startDate: '2022-08-12',
      eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
      location: { '@type': 'VirtualLocation' },
      organizer: [{ '@type': 'Organization', name: 'Research Institute for Cyberspace Governance, Wuhan University' }],
      url: `${SITE}/reports/${report.slug}`,
    });
  });

  it('has no JSON-LD for a report without an event', async () => {
    const report = await create();
    expect(await (await get(`/reports/${report.slug}`)).text()).not.toContain('application/ld+json');
  });

  it('never lets report text run script: escaped text, no closing of the JSON-LD, and a CSP', async () => {
    const hostile = '</script><script>alert(1)</script>';
    const report = await create({
      title: `Title ${hostile}`,
      body: `Body ${hostile}\n\n[click](javascript:alert(1)) <img src=x onerror=alert(1)>`,
      event: { kind: 'forum', name: `Forum ${hostile}`, start: '2023-01-01', location: { name: `Hall ${hostile}` } },
    });
    const res = await get(`/reports/${report.slug}`);
    const html = await res.text();
    expect(html.match(/<script/g)).toHaveLength(1); // the JSON-LD block only
    expect(html).not.toMatch(/href="javascript:/i); // the link stays visible text, never a link
    expect(html).not.toMatch(/<img[^>]*onerror/);
    expect(jsonLd(html).name).toBe(`Forum ${hostile}`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const home = await (await get('/')).text();
    // The only script on the home page is the site's own time zone filler of the subscribe form.
    expect(home.match(/<script[^>]*>/g)).toEqual(['<script src="/assets/subscribe.js" defer="">']);
  });

  it('shows right-to-left, CJK and emoji text as written, marked with its language', async () => {
    const report = await create({ slug: 'cyberspace-governance-conference-ar', title: 'مؤتمر حوكمة الفضاء الإلكتروني 🛰️', lang: 'ar', body: 'نص عربي. 网络主权。' });
    const html = await (await get(`/reports/${report.slug}`)).text();
    expect(html).toContain('<article class="report" lang="ar" dir="auto">');
    expect(html).toContain('مؤتمر حوكمة الفضاء الإلكتروني 🛰️');
    expect(html).toContain('网络主权。');
  });

  it('answers a conditional request for a report page with 304', async () => {
    const report = await create();
    const first = await get(`/reports/${report.slug}`);
    const etag = first.headers.get('etag')!;
    expect((await get(`/reports/${report.slug}`, { 'if-none-match': etag })).status).toBe(304);
  });

  it('shows a 404 page for unknown reports, topics and paths', async () => {
    for (const path of ['/reports/no-such-report', '/reports/BAD..slug', '/topics/nothing-here', '/no/such/page']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('Page not found');
    }
  });

  it('answers the health check, even when SITE_URL is missing', async () => {
    const res = await withEnv({ SITE_URL: '' }, '/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('refuses to guess links when SITE_URL is missing: 503 problem, no crash', async () => {
    const res = await withEnv({ SITE_URL: '' }, '/feed.xml');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
