import { describe, expect, it } from 'vitest';
import workshopEn from '../../../content/reports/2022-08-12-workshop-on-international-rule-of-law-in-cyberspace.md?raw';
import workshopZh from '../../../content/reports/2022-08-12-workshop-on-international-rule-of-law-in-cyberspace.zh.md?raw';
import { bibtexText, type Citation, toBibtex, toRis } from '../../../src/reports/citation.ts';
import { api, create, get } from '../support/worker.ts';
import { SITE } from '../support/site.ts';
import { postSeed as seed } from './seeds.ts';

/** A BibTeX entry's fields, as BibTeX reads them: name = {value} (braces counted, whatever precedes them) or a bare word. */
function bibtexFields(entry: string): Record<string, string> {
  const head = /^@techreport\{([^,]+),\n/.exec(entry);
  if (!head) throw new Error(`not a techreport entry: ${entry}`);
  const fields: Record<string, string> = { key: head[1]! };
  let i = head[0].length;
  while (i < entry.length) {
    const name = /^\s*([a-z]+)\s*=\s*/.exec(entry.slice(i));
    if (!name) break;
    i += name[0].length;
    let value = '';
    if (entry[i] === '{') {
      let depth = 0;
      const start = i;
      for (; i < entry.length; i++) {
        if (entry[i] === '{') depth++;
        else if (entry[i] === '}' && --depth === 0) break;
      }
      if (depth !== 0) throw new Error(`unbalanced braces in ${name[1]}`);
      value = entry.slice(start + 1, i);
      i++;
    } else {
      const word = /^[a-z0-9]+/.exec(entry.slice(i))!;
      value = word[0];
      i += value.length;
    }
    fields[name[1]!] = value;
    const rest = /^\s*(,|\n?\}\n$)/.exec(entry.slice(i));
    if (!rest) throw new Error(`junk after ${name[1]}: ${entry.slice(i, i + 40)}`);
    i += rest[0].length;
  }
  expect(i, 'the whole entry is read').toBe(entry.length);
  return fields;
}

/** An RIS record's lines as [tag, value], after checking every line has the form `XY  - value` and ends with CRLF. */
function risLines(text: string): [string, string][] {
  expect(text.endsWith('\r\n')).toBe(true);
  const lines = text.slice(0, -2).split('\r\n');
  for (const line of lines) expect(line, line).toMatch(/^[A-Z][A-Z0-9] {2}- /);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
  return lines.map((line) => [line.slice(0, 2), line.slice(6)]);
}

describe('"Cite this": BibTeX and RIS files', () => {
  it('serves /reports/:slug.bib as a BibTeX download: type, file name, fields, Chinese kept as UTF-8', async () => {
    const zh = await seed(workshopZh);
    const res = await get(`/reports/${zh}.bib`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-bibtex; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${zh}.bib"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const fields = bibtexFields(await res.text());
    expect(fields.key).toBe(zh);
    expect(fields.title).toBe('{网络空间国际法治研讨会}');
    expect(fields.institution).toBe('Herald 网络空间治理报道');
    expect(fields.year).toBe('2022');
    expect(fields.month).toBe('aug');
    expect(fields.date).toBe('2022-08-12');
    expect(fields.url).toBe(`${SITE}/reports/${zh}`);
    expect(fields.keywords).toContain('法治, 国际法');
    expect(fields.abstract).toContain('2022年8月12日，由武汉大学网络治理研究院');
    // No named author: the institute, braced so that BibTeX does not take it for a person's name.
    expect(fields.author).toMatch(/^\{[^{}]+\}$/);
  });

  it('serves /reports/:slug.ris as an RIS download: TY  - RPRT first, ER  - last, lines ended by CRLF', async () => {
    const en = await seed(workshopEn);
    const res = await get(`/reports/${en}.ris`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-research-info-systems; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${en}.ris"`);
    const text = await res.text();
    expect(text.startsWith('TY  - RPRT\r\n')).toBe(true);
    expect(text.endsWith('\r\nER  - \r\n')).toBe(true);
    const lines = risLines(text);
    const values = (tag: string) => lines.filter(([t]) => t === tag).map(([, v]) => v);
    expect(values('TI')).toEqual(['Workshop on International Rule of Law in Cyberspace']);
    expect(values('PY')).toEqual(['2022']);
    expect(values('DA')).toEqual(['2022/08/12/']);
    expect(values('PB')).toEqual(['Herald']);
    expect(values('LA')).toEqual(['en']);
    expect(values('UR')).toEqual([`${SITE}/reports/${en}`]);
    expect(values('KW')).toEqual(['Rule of law', 'International law', 'Cybercrime', 'Cyber terrorism', 'Sovereignty in cyberspace', 'Non-intervention', 'Due diligence', 'Attribution', 'Cyber sanctions']);
    expect(values('AU')).toHaveLength(1);
    expect(values('AB')[0]).toMatch(/^On 12th August 2022/);
  });

  it('escapes what BibTeX and LaTeX take for commands, keeping every field’s braces balanced', async () => {
    const report = await create({
      title: 'Costs of {cyber} defence: 50% & $1,000 per #node_id \\ ~^ “quoted”',
      summary: 'A } lone brace and a { another.',
      authors: [{ name: 'Jane Doe' }, { name: 'Research and Policy Team' }, { name: 'Smith, John' }, { name: '张三' }],
    });
    const fields = bibtexFields(await (await get(`/reports/${report.slug}.bib`)).text());
    expect(fields.title).toBe(
      '{Costs of \\textbraceleft{}cyber\\textbraceright{} defence: 50\\% \\& \\$1,000 per \\#node\\_id \\textbackslash{} \\textasciitilde{}\\textasciicircum{} “quoted”}',
    );
    expect(fields.abstract).toBe('A \\textbraceright{} lone brace and a \\textbraceleft{} another.');
    // " and " and a comma would split or turn a name: those are braced whole.
    expect(fields.author).toBe('Jane Doe and {Research and Policy Team} and {Smith, John} and 张三');
  });

  it('keeps a line break out of every RIS line, so no text can end the record or start a tag', async () => {
    const citation: Citation = {
      key: 'k',
      authors: ['Jane\r\nER  - ', 'Li\u2028Wei'],
      corporate: false,
      title: 'A title\r\nTY  - JOUR\nAU  - Mallory',
      institution: 'Institute\u0085PB  - X',
      published: '2024-01-02T00:00:00.000Z',
      url: `${SITE}/reports/k`,
      lang: 'en',
      abstract: 'One\n\nTwo',
      keywords: ['a\rb'],
    };
    const lines = risLines(toRis(citation));
    expect(lines.filter(([tag]) => tag === 'TY')).toHaveLength(1);
    expect(lines.filter(([tag]) => tag === 'ER')).toHaveLength(1);
    expect(lines.filter(([tag]) => tag === 'AU').map(([, v]) => v)).toEqual(['Jane ER -', 'Li Wei']);
    expect(lines.find(([tag]) => tag === 'TI')![1]).toBe('A title TY - JOUR AU - Mallory');
    // BibTeX too: every field on its line.
    const bib = toBibtex(citation);
    expect(bib.split('\n').filter((line) => line.startsWith('  ')).every((line) => /^ {2}[a-z]+ += /.test(line))).toBe(true);
    expect(bibtexText('a\nb')).toBe('a b');
  });

  it('answers a title with line breaks sent through the API on one RIS line', async () => {
    const report = await create({ title: 'Line one\r\nTY  - JOUR\r\nLine two' });
    const lines = risLines(await (await get(`/reports/${report.slug}.ris`)).text());
    expect(lines.filter(([tag]) => tag === 'TY')).toEqual([['TY', 'RPRT']]);
  });

  it('answers 304 to a matching ETag, and 404 for an unknown, draft or scheduled report, as the page does', async () => {
    const report = await create({ title: 'Cited seminar' });
    for (const ext of ['bib', 'ris']) {
      const first = await get(`/reports/${report.slug}.${ext}`);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"[0-9a-f]+"$/);
      expect(first.headers.get('last-modified')).toBeTruthy();
      const again = await get(`/reports/${report.slug}.${ext}`, { 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
    }
    expect((await get(`/reports/${report.slug}.bib`)).headers.get('etag')).not.toBe((await get(`/reports/${report.slug}.ris`)).headers.get('etag'));
    const draft = await create({ title: 'Draft seminar', draft: true });
    const scheduled = await create({ title: 'Scheduled seminar', published: '2999-01-01T00:00:00Z' });
    for (const slug of [draft.slug, scheduled.slug, 'no-such-report']) {
      for (const ext of ['bib', 'ris']) {
        expect((await get(`/reports/${slug}.${ext}`)).status, `${slug}.${ext}`).toBe(404);
        expect((await get(`/reports/${slug}`)).status, slug).toBe(404);
      }
    }
    expect((await get(`/reports/${report.slug}.txt`)).status).toBe(404);
    expect((await get(`/reports/${report.slug.toUpperCase()}.bib`)).status).toBe(404);
  });

  it('changes the files’ ETag when the report changes', async () => {
    const report = await create({ title: 'Seminar before', slug: 'cited-etag' });
    const before = (await get('/reports/cited-etag.bib')).headers.get('etag');
    await api('PUT', '/reports/cited-etag', { title: 'Seminar after', body: 'Body.', published: report.published });
    const after = await get('/reports/cited-etag.bib', { 'if-none-match': before! });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('{{Seminar after}}');
  });

  it('puts a "Cite this" box on the page: the reference in the report’s language and links to both files', async () => {
    const report = await create({ title: 'Forum “Rules for Cyberspace” at the summit', authors: [{ name: 'Jane Doe' }, { name: 'John Roe' }], published: '2023-04-05T00:00:00Z' });
    const html = await (await get(`/reports/${report.slug}`)).text();
    const url = `${SITE}/reports/${report.slug}`;
    expect(html).toContain('<h2 id="cite-this">Cite this report</h2>');
    expect(html).toContain(`<p class="report-citation">Jane Doe and John Roe. “Forum ‘Rules for Cyberspace’ at the summit.” Herald, 5 April 2023. ${url}</p>`);
    expect(html).toContain(`<a href="${url}.bib" type="application/x-bibtex" download="${report.slug}.bib">BibTeX</a>`);
    expect(html).toContain(`<a href="${url}.ris" type="application/x-research-info-systems" download="${report.slug}.ris">RIS</a>`);
    const zh = await seed(workshopZh);
    const zhHtml = await (await get(`/reports/${zh}`)).text();
    expect(zhHtml).toContain('<h2 id="cite-this">引用本文</h2>');
    expect(zhHtml).toContain('下载引文：');
  });
});
