import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { composeDigest } from '../../../src/digests/compose.ts';
import { saveEdition } from '../../../src/digests/edition-store.ts';
import { DAY } from '../support/clock.ts';
import { OPTIONS } from './fixtures.ts';
import { publicReport, seed } from '../support/builders.ts';
import { SITE } from '../support/site.ts';
import { get } from '../support/worker.ts';

const T0 = Date.UTC(2026, 10, 1, 7);

/** Keeps run `runId`'s edition, as the hourly cron does, listing reports with these titles. */
async function edition(runId: number, titles: string[], frequency: 'daily' | 'weekly' = 'daily'): Promise<void> {
  const until = T0 + runId * DAY;
  const since = until - (frequency === 'daily' ? 1 : 7) * DAY;
  const reports = await Promise.all(titles.map((title) => publicReport({ title })));
  const digest = composeDigest(reports, { ...OPTIONS, now: until, since, until, edition: frequency });
  await saveEdition(env.DB, { runId, frequency, since, until, digest, now: until + 60_000 });
}

const editionIds = (html: string) => [...html.matchAll(/href="https:\/\/herald\.example\.org\/digests\/(\d+)"/g)].map((m) => Number(m[1]));

/**
 * What an XML parser would refuse: unbalanced or crossed tags, a second root, a bare `<`
 * or `&`, `]]>` outside CDATA, characters XML forbids. Empty when the document is well-formed.
 */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const body = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  const token = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<[\s\S]{0,20})/gy;
  const badText = (text: string) => /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)|\]\]>|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(text);
  for (const m of body.matchAll(token)) {
    const [whole, close, name, attributes, selfClosing, text, stray] = m;
    if (stray !== undefined) problems.push(`stray markup: ${stray}`);
    else if (text !== undefined) {
      if (stack.length === 0 && text.trim() !== '') problems.push(`text outside the root: ${text.slice(0, 20)}`);
      if (badText(text)) problems.push(`bad text: ${text.slice(0, 40)}`);
    } else if (name !== undefined) {
      if (attributes && badText(attributes)) problems.push(`bad attribute in <${name}>`);
      if (close) {
        if (stack.pop() !== name) problems.push(`</${name}> closes nothing open`);
      } else {
        if (stack.length === 0) roots += 1;
        if (!selfClosing) stack.push(name);
      }
    } else if (whole.startsWith('<![CDATA[') && stack.length === 0) problems.push('CDATA outside the root');
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

describe('the digest archive', () => {
  it('lists the editions newest first, daily and weekly, each linking to its page', async () => {
    await edition(1, ['First report']);
    await edition(2, ['Second report', 'Another']);
    await edition(3, ['Weekly report'], 'weekly');
    const res = await get('/digests');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="Herald: past briefs" href="https://herald.example.org/digests/atom.xml"/>');
    const order = ['New report: Weekly report', '2 new reports: Second report and 1 more', 'New report: First report'].map((s) => html.indexOf(s));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(html).toContain('Weekly brief · 4 November 2026');
    expect(html).toContain('Daily brief · 3 November 2026');
    expect(editionIds(html)).toHaveLength(3);
    expect(html).not.toContain('Older briefs');
  });

  it('says so when no edition has been kept yet', async () => {
    const html = await (await get('/digests')).text();
    expect(html).toContain('No brief has been published yet.');
  });

  it('pages through older editions with ?before=', async () => {
    for (let run = 1; run <= 32; run += 1) await edition(run, [`Report of run ${run}`]);
    const first = await (await get('/digests')).text();
    const ids = editionIds(first);
    expect(ids).toHaveLength(30);
    expect(first).toContain('New report: Report of run 32');
    const older = /<a href="(https:\/\/herald\.example\.org\/digests\?before=\d+)">Older briefs<\/a>/.exec(first);
    expect(older).not.toBeNull();
    const second = await (await get(older![1]!.replace(SITE, ''))).text();
    expect(editionIds(second)).toEqual([2, 1].map((run) => ids[0]! - 32 + run));
    expect(second).toContain('New report: Report of run 1');
    expect(second).not.toContain('Older briefs');
    for (const bad of ['abc', '0', '-1', '1.5']) expect((await get(`/digests?before=${bad}`)).status, bad).toBe(404);
  });

  it('shows one edition from its kept digest, cached for an hour, and answers If-None-Match with 304', async () => {
    await edition(1, ['<script>alert(1)</script> in a title']);
    const [id] = editionIds(await (await get('/digests')).text());
    const res = await get(`/digests/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    const html = await res.text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; in a title');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain(`<link rel="canonical" href="${SITE}/digests/${id}"/>`);
    expect(html).toContain('Reports that became public from 1 November 2026 at 07:00 to 2 November 2026 at 07:00 (times in UTC)');
    // Headed with the edition's name, as its email is.
    expect(html).toContain('<h1>Daily brief · Monday 2 November</h1>');
    expect((await get(`/digests/${id}`, { 'if-none-match': res.headers.get('etag')! })).status).toBe(304);
  });

  it('answers 404 with a page for an unknown or malformed edition id', async () => {
    await edition(1, ['Only one']);
    for (const id of ['999', '0', '-1', '1e3', '01', 'abc', '99999999999999999999', '1%0A']) {
      const res = await get(`/digests/${id}`);
      expect(res.status, id).toBe(404);
      expect(res.headers.get('content-type'), id).toMatch(/^text\/html; charset=utf-8$/i);
    }
  });

  it('keeps a run’s first edition: saving it again changes nothing', async () => {
    await edition(1, ['Kept']);
    await edition(1, ['Not kept']);
    const { results } = await env.DB.prepare('SELECT subject, count FROM editions').all();
    expect(results).toEqual([{ subject: 'New report: Kept', count: 1 }]);
  });
});

describe('the archive’s Atom feed', () => {
  it('is well-formed Atom with a self link, an author, tag: ids, and an updated time for the feed and each entry', async () => {
    await edition(1, [(await seed('workshop')).report.title]);
    await edition(2, ['Second'], 'weekly');
    const res = await get('/digests/atom.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const xml = await res.text();
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    expect(xml).toContain('<link rel="self" href="https://herald.example.org/digests/atom.xml"/>');
    expect(xml).toMatch(/<author>\s*<name>[^<]+<\/name>\s*<\/author>/);
    const feedHead = xml.slice(0, xml.indexOf('<entry>'));
    expect(feedHead).toContain(`<updated>${new Date(T0 + 2 * DAY + 60_000).toISOString()}</updated>`);
    const entries = xml.split('<entry>').slice(1);
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry).toMatch(/<id>tag:herald\.example\.org,2026-11-0\d:digests\/\d+<\/id>/);
      expect(entry).toMatch(/<updated>2026-11-0\dT07:01:00\.000Z<\/updated>/);
      expect(entry).toMatch(/<link href="https:\/\/herald\.example\.org\/digests\/\d+"\/>/);
    }
    expect(entries[0]).toContain('New report: Second');
    // The content is the digest as HTML, its links absolute.
    expect(entries[1]).toMatch(/<a href="https:\/\/herald\.example\.org\/reports\/report-\d+">Workshop on International Rule of Law in Cyberspace<\/a>/);
  });

  it('escapes <script> and ]]> in what reports say, and stays well-formed', async () => {
    await edition(1, ['Edition with ]]> and <script>alert(1)</script> & more']);
    const xml = await (await get('/digests/atom.xml')).text();
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('Edition with ]]&gt; and &lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(xml.match(/<entry>/g)).toHaveLength(1);
  });

  it('is valid with no edition yet, dated to the start of today (the W3C validator calls 1970 implausible), and answers If-None-Match with 304', async () => {
    const res = await get('/digests/atom.xml');
    const xml = await res.text();
    expect(xmlProblems(xml)).toEqual([]);
    const today = new Date(Math.floor(Date.now() / DAY) * DAY).toISOString();
    expect(xml).toContain(`<updated>${today}</updated>`);
    expect(xml).not.toContain('1970-01-01');
    expect(xml).not.toContain('<entry>');
    expect((await get('/digests/atom.xml', { 'if-none-match': res.headers.get('etag')! })).status).toBe(304);
    // The same editions give the same bytes: the feed never carries the time of rendering.
    expect(await (await get('/digests/atom.xml')).text()).toBe(xml);
  });
});

describe('the XML check used above', () => {
  it('finds what a parser would refuse', () => {
    expect(xmlProblems('<a><b>x</b></a>')).toEqual([]);
    expect(xmlProblems('<a><b>x</a></b>')).not.toEqual([]);
    expect(xmlProblems('<a>x & y</a>')).not.toEqual([]);
    expect(xmlProblems('<a>x ]]> y</a>')).not.toEqual([]);
    expect(xmlProblems('<a><![CDATA[ <b> ]]></a>')).toEqual([]);
    expect(xmlProblems('<a>1 < 2</a>')).not.toEqual([]);
    expect(xmlProblems('<a/><b/>')).not.toEqual([]);
  });
});
