import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { parseReportFile } from '../../../src/reports/front-matter.ts';
import { humanSize } from '../../../src/reports/downloads.tsx';
import type { Report } from '../../../src/reports/schema.ts';
import { makeReport } from '../support/builders.ts';
import { SITE } from '../support/site.ts';
import { api, create, get } from '../support/worker.ts';

export const PDF = { url: `${SITE}/media/${'a'.repeat(64)}.pdf`, title: 'Full report (PDF)', type: 'application/pdf', length: 1_234_567 };
export const CHART = { url: 'https://cdn.example.net/charts/growth chart.png', title: 'Growth chart <2026> & notes', type: 'image/png', length: 48_213 };

const fieldsOf = async (res: Response) => ((await res.json()) as { errors?: { field: string; message: string }[] }).errors ?? [];

describe('a report\'s attachments', () => {
  it('are stored as given through the API, URLs written as the URL parser writes them', async () => {
    const report = await create({ slug: 'with-files', attachments: [PDF, CHART] });
    expect(report.attachments).toEqual([PDF, { ...CHART, url: 'https://cdn.example.net/charts/growth%20chart.png' }]);
    const stored = (await env.REPORTS.get<Report>('report:with-files', 'json'))!;
    expect(stored.attachments).toHaveLength(2);
  });

  it('are read from front matter', () => {
    const parsed = parseReportFile('x.md', `---\ntitle: T\nattachments:\n  - { url: "${PDF.url}", title: Full report, type: application/pdf, length: 1234567 }\n---\nBody.`);
    expect(parsed.ok && parsed.input.attachments).toEqual([{ ...PDF, title: 'Full report' }]);
  });

  it('change nothing for a report without them: none, or an empty list, is no list (the hash stays)', async () => {
    const without = await create({ slug: 'plain' });
    const hash = (await env.REPORTS.get<Report>('report:plain', 'json'))!.hash;
    const res = await api('PUT', '/reports/plain', { ...without, attachments: [] });
    expect(res.status).toBe(200);
    const after = (await env.REPORTS.get<Report>('report:plain', 'json'))!;
    expect(after.hash).toBe(hash);
    expect(after).not.toHaveProperty('attachments');
  });

  it.each([
    ['url', { url: '/media/x.pdf' }, 'attachments.1.url'],
    ['url', { url: 'javascript:alert(1)' }, 'attachments.1.url'],
    ['title', { title: '' }, 'attachments.1.title'],
    ['title', { title: 'A\u0000B' }, 'attachments.1.title'],
    ['title', { title: 'x'.repeat(301) }, 'attachments.1.title'],
    ['title', { title: 'Slide <b>1</b>' }, 'attachments.1.title'],
    ['type', { type: 'text/html' }, 'attachments.1.type'],
    ['type', { type: 'image/svg+xml' }, 'attachments.1.type'],
    ['length', { length: 0 }, 'attachments.1.length'],
    ['length', { length: 1.5 }, 'attachments.1.length'],
    ['length', { length: '12' }, 'attachments.1.length'],
    ['an unknown field', { size: 3 }, 'attachments.1.size'],
  ])('refuse a bad %s with 400 naming the field, storing nothing', async (_what, change, field) => {
    const res = await api('POST', '/reports', makeReport({ slug: 'bad-files', attachments: [PDF, { ...CHART, ...change }] }));
    expect(res.status).toBe(400);
    expect((await fieldsOf(res)).map((e) => e.field)).toEqual([field]);
    expect(await env.REPORTS.get('report:bad-files')).toBeNull();
  });

  it('are at most 20', async () => {
    const res = await api('POST', '/reports', makeReport({ attachments: Array.from({ length: 21 }, () => PDF) }));
    expect(res.status).toBe(400);
    expect((await fieldsOf(res)).map((e) => e.field)).toEqual(['attachments']);
    expect((await api('POST', '/reports', makeReport({ attachments: Array.from({ length: 20 }, () => PDF) }))).status).toBe(201);
  });
});

/** The page's "Downloads" section, or null. */
function downloads(html: string): string | null {
  return /<section class="report-downloads"[^]*?<\/section>/.exec(html)?.[0] ?? null;
}

describe('the report page', () => {
  it('lists the attachments as downloads: title linked with its type, then kind and size', async () => {
    await create({ slug: 'files-en', attachments: [PDF, CHART] });
    const section = downloads(await (await get('/reports/files-en')).text());
    expect(section).toContain('<h2 id="report-downloads">Downloads</h2>');
    expect(section).toContain(`<a href="${PDF.url}" type="application/pdf">Full report (PDF)</a> <span class="download-facts">PDF, 1.2 MB</span>`);
    expect(section).toContain('<a href="https://cdn.example.net/charts/growth%20chart.png" type="image/png">Growth chart &lt;2026&gt; &amp; notes</a> <span class="download-facts">PNG image, 48 KB</span>');
  });

  it('says it in Chinese on a Chinese report', async () => {
    await create({ slug: 'files-zh', lang: 'zh-Hans', title: '网络空间治理研讨会', attachments: [{ ...PDF, title: '报告全文' }] });
    const section = downloads(await (await get('/reports/files-zh')).text());
    expect(section).toContain('<h2 id="report-downloads">附件下载</h2>');
    expect(section).toContain('报告全文</a> <span class="download-facts">PDF 文档，1.2 MB</span>');
  });

  it('has no downloads section without attachments', async () => {
    await create({ slug: 'no-files' });
    expect(downloads(await (await get('/reports/no-files')).text())).toBeNull();
  });

  it('gives sizes as readers read them', () => {
    expect([1, 999, 1000, 48_213, 999_499, 999_500, 1_234_567, 10 * 1024 * 1024, 2_500_000_000].map((n) => humanSize(n, 'en'))).toEqual([
      '1 byte',
      '999 bytes',
      '1 KB',
      '48 KB',
      '999 KB',
      '1 MB',
      '1.2 MB',
      '10 MB',
      '2.5 GB',
    ]);
    expect(humanSize(512, 'zh')).toBe('512 字节');
  });
});
