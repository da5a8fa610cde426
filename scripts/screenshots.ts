/**
 * npm run screenshots [-- <page name>…]: every page type of the site, in English and in
 * Chinese, on a phone (390 px) and a laptop (1280 px), full-page, as PNGs in `screenshots/`
 * (ignored by git) with a contact sheet, `screenshots/index.html`, to review the look at a
 * glance. Also the digest email a subscriber would get, in both languages.
 *
 * Starts its own `wrangler dev` on a free port with an empty state of its own (under
 * `.wrangler/`, removed at the end), seeded the way the browser tests seed it (the reports of
 * `content/reports`, an upcoming event in both languages, two confirmed readers, a kept
 * digest edition), so what it shows does not depend on the local site of `npm start`. It
 * reads and writes nothing outside the repository but that state. Needs Debian's Chromium
 * (`node scripts/ensure-chromium.ts` installs it). Names limit it to those page types
 * (`npm run screenshots -- home report`).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { LANGUAGES, type Lang } from '../src/common/i18n/index.ts';
import { launchChromium, WIDTHS } from '../test/node/page-checks.ts';
import { pathOf, type Seeded, seedSite, SITE_PAGES, visit } from '../test/node/site-pages.ts';
import { type DevServer, startWranglerDev } from '../test/node/wrangler-dev.ts';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, 'screenshots');
process.chdir(root);

/** One row of the contact sheet: a page type and its shots by language and width. */
interface Row {
  name: string;
  paths: Partial<Record<Lang, string>>;
  shots: { lang: Lang; width: number; file: string | null; error?: string }[];
}

const EMAIL = 'email-digest';
const wanted = process.argv.slice(2);
const known = [...SITE_PAGES.map((p) => p.name), EMAIL];
const unknown = wanted.filter((name) => !known.includes(name));
if (unknown.length > 0) {
  console.error(`No page type named ${unknown.join(', ')}. The page types: ${known.join(', ')}.`);
  process.exit(1);
}
const chosen = (name: string) => wanted.length === 0 || wanted.includes(name);

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function contactSheet(rows: Row[], made: string): string {
  const columns = LANGUAGES.flatMap((lang) => WIDTHS.map((width) => ({ lang, width })));
  const cell = (row: Row, lang: Lang, width: number) => {
    const shot = row.shots.find((s) => s.lang === lang && s.width === width);
    if (!shot) return '<td></td>';
    if (!shot.file) return `<td class="error">${escape(shot.error ?? 'failed')}</td>`;
    return `<td><a href="${escape(shot.file)}"><img src="${escape(shot.file)}" alt="${escape(`${row.name}, ${lang}, ${width} px`)}" loading="lazy" width="${width === WIDTHS[0] ? 130 : 260}"></a></td>`;
  };
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Herald: every page type at ${WIDTHS.join(' and ')} px</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:1.5rem;color:#1d1d1f;background:#f4f4f4}
table{border-collapse:collapse}th,td{padding:.5rem;vertical-align:top;text-align:left;border-bottom:1px solid #ddd}
th[scope=row]{min-width:10rem}th code{font-weight:normal;font-size:.8rem;color:#555;word-break:break-all;display:block}
img{border:1px solid #ccc;background:#fff;display:block;height:auto}td.error{color:#a00;max-width:16rem}
</style>
<h1>Every page type at ${WIDTHS.join(' and ')} px, in ${LANGUAGES.join(' and ')}</h1>
<p>Made ${escape(made)} by <code>npm run screenshots</code>. Full-page shots; click one to see it at full size.</p>
<table>
<thead><tr><th>page</th>${columns.map((c) => `<th>${c.lang} · ${c.width} px</th>`).join('')}</tr></thead>
<tbody>
${rows.map((row) => `<tr><th scope="row">${escape(row.name)}${LANGUAGES.map((l) => (row.paths[l] ? `<code>${escape(row.paths[l]!.replace(/token=[^&]+/, 'token=…'))}</code>` : '')).join('')}</th>${columns.map((c) => cell(row, c.lang, c.width)).join('')}</tr>`).join('\n')}
</tbody>
</table>
</html>
`;
}

async function shoot(browser: Browser, server: DevServer, seeded: Seeded): Promise<Row[]> {
  const rows: Row[] = [];
  for (const entry of SITE_PAGES.filter((p) => chosen(p.name))) {
    const row: Row = { name: entry.name, paths: {}, shots: [] };
    rows.push(row);
    for (const lang of LANGUAGES) {
      row.paths[lang] = pathOf(entry, lang, seeded);
      for (const width of WIDTHS) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, timezoneId: 'Asia/Shanghai' });
        const page = await context.newPage();
        const file = `${entry.name}.${lang}.${width}.png`;
        try {
          await visit(page, server.origin, seeded, entry, lang);
          await page.screenshot({ path: join(out, file), fullPage: true });
          row.shots.push({ lang, width, file });
        } catch (error) {
          row.shots.push({ lang, width, file: null, error: error instanceof Error ? error.message.split('\n')[0] : String(error) });
        } finally {
          await context.close();
        }
      }
    }
    process.stdout.write('.');
  }
  if (chosen(EMAIL)) {
    const row: Row = { name: EMAIL, paths: {}, shots: [] };
    rows.push(row);
    for (const lang of LANGUAGES) {
      for (const width of WIDTHS) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        // The email as a mail client shows it: nothing it names is fetched.
        await context.route('**/*', (route) => route.abort());
        const page = await context.newPage();
        const file = `${EMAIL}.${lang}.${width}.png`;
        await page.setContent(seeded.email[lang].html, { waitUntil: 'load' });
        await page.screenshot({ path: join(out, file), fullPage: true });
        row.shots.push({ lang, width, file });
        await context.close();
      }
    }
  }
  process.stdout.write('\n');
  return rows;
}

const stateParent = join(root, '.wrangler');
await mkdir(stateParent, { recursive: true });
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

let server: DevServer | undefined;
let browser: Browser | undefined;
const stop = async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop().catch(() => undefined);
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stop().then(() => process.exit(130));
  });
}

let failed = 0;
try {
  console.log('Starting wrangler dev with seeded content…');
  server = await startWranglerDev({}, { stateParent });
  browser = await launchChromium();
  const seeded = await seedSite(server);
  console.log(`Taking screenshots of ${wanted.length > 0 ? wanted.join(', ') : 'every page type'} at ${WIDTHS.join(' and ')} px in ${LANGUAGES.join(' and ')}`);
  const rows = await shoot(browser, server, seeded);
  await writeFile(join(out, 'index.html'), contactSheet(rows, new Date().toISOString()));
  const shots = rows.flatMap((r) => r.shots);
  failed = shots.filter((s) => !s.file).length;
  for (const shot of rows.flatMap((r) => r.shots.filter((s) => !s.file).map((s) => `${r.name} (${s.lang}, ${s.width} px): ${s.error}`))) console.error(`failed: ${shot}`);
  console.log(`Wrote ${shots.length - failed} screenshots to ${relative(process.cwd(), out) || '.'}/ (${out}); the contact sheet: ${join(out, 'index.html')}`);
} finally {
  await stop();
}
process.exit(failed > 0 ? 1 : 0);
