import { describe, expect, it } from 'vitest';
import { SITE } from '../support/site.ts';
import { create, get } from '../support/worker.ts';

const PDF = { url: `${SITE}/media/${'b'.repeat(64)}.pdf`, title: 'Full report', type: 'application/pdf', length: 1_234_567 };
const ANNEX = { url: 'https://files.example.net/annex.pdf?lang=en&v=2', title: 'Annex "B" & <tables>', type: 'application/pdf', length: 20_480 };
const CHART = { url: `${SITE}/media/${'c'.repeat(64)}.webp`, title: '增长图表', type: 'image/webp', length: 48_213 };

/** The text of the `tag` element (item or entry) that holds `slug`'s link. */
function elementOf(xml: string, tag: string, slug: string): string {
  const found = xml.split(`<${tag}`).find((part) => part.includes(`${SITE}/reports/${slug}`));
  if (!found) throw new Error(`no ${tag} for ${slug}`);
  return found.slice(0, found.indexOf(`</${tag}>`));
}

async function publish(): Promise<void> {
  await create({ slug: 'with-files', attachments: [CHART, PDF, ANNEX] });
  await create({ slug: 'image-only', attachments: [CHART] });
  await create({ slug: 'no-files' });
}

describe('attachments in the feeds', () => {
  it('RSS encloses the first PDF of an item (one enclosure: RSS allows one), and nothing for an item without a PDF', async () => {
    await publish();
    const xml = await (await get('/feed.xml')).text();
    const item = elementOf(xml, 'item', 'with-files');
    expect(item.match(/<enclosure /g)).toHaveLength(1);
    expect(item).toContain(`<enclosure url="${PDF.url}" length="1234567" type="application/pdf"/>`);
    expect(elementOf(xml, 'item', 'image-only')).not.toContain('<enclosure');
    expect(elementOf(xml, 'item', 'no-files')).not.toContain('<enclosure');
  });

  it('Atom links every attachment as an enclosure with its type, length and title (&, < and > as hexadecimal references, as in titles)', async () => {
    await publish();
    const xml = await (await get('/atom.xml')).text();
    const entry = elementOf(xml, 'entry', 'with-files');
    expect(entry.match(/rel="enclosure"/g)).toHaveLength(3);
    expect(entry).toContain(`<link rel="enclosure" type="image/webp" href="${CHART.url}" length="48213" title="增长图表"/>`);
    expect(entry).toContain(`<link rel="enclosure" type="application/pdf" href="${PDF.url}" length="1234567" title="Full report"/>`);
    expect(entry).toContain('<link rel="enclosure" type="application/pdf" href="https://files.example.net/annex.pdf?lang=en&amp;v=2" length="20480" title="Annex &quot;B&quot; &#x26; &#x3C;tables&#x3E;"/>');
    expect(elementOf(xml, 'entry', 'no-files')).not.toContain('enclosure');
  });

  it('the archive month in Atom carries them too', async () => {
    await publish();
    const xml = await (await get('/archive/2024/01/atom.xml')).text();
    expect(elementOf(xml, 'entry', 'with-files').match(/rel="enclosure"/g)).toHaveLength(3);
  });

  it('JSON Feed lists each as an attachment (url, mime_type, title, size_in_bytes)', async () => {
    await publish();
    const feed = (await (await get('/feed.json')).json()) as { items: { url: string; attachments?: unknown[] }[] };
    const item = feed.items.find((i) => i.url === `${SITE}/reports/with-files`)!;
    expect(item.attachments).toEqual([
      { url: CHART.url, mime_type: 'image/webp', title: '增长图表', size_in_bytes: 48_213 },
      { url: PDF.url, mime_type: 'application/pdf', title: 'Full report', size_in_bytes: 1_234_567 },
      { url: ANNEX.url, mime_type: 'application/pdf', title: ANNEX.title, size_in_bytes: 20_480 },
    ]);
    expect(feed.items.find((i) => i.url === `${SITE}/reports/no-files`)).not.toHaveProperty('attachments');
  });

  it('a topic\'s and a language\'s feeds carry them as the main ones do', async () => {
    await publish();
    for (const path of ['/topics/due-diligence/feed.xml', '/en/feed.xml']) {
      expect(elementOf(await (await get(path)).text(), 'item', 'with-files'), path).toContain(`<enclosure url="${PDF.url}"`);
    }
    for (const path of ['/topics/due-diligence/atom.xml', '/en/atom.xml']) {
      expect(elementOf(await (await get(path)).text(), 'entry', 'with-files').match(/rel="enclosure"/g), path).toHaveLength(3);
    }
  });
});
