import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES, type Lang } from '../../src/common/i18n/index.ts';
import { checkPanelBeside, checkPanelFolded } from './report-panel.ts';
import { headingProblems, launchChromium, NARROWEST, overflowProblems, seriousViolations, watchErrors, WIDTHS } from './page-checks.ts';
import { type Seeded, seedSite, SITE_PAGES, type SitePage, visit } from './site-pages.ts';
import { type DevServer, startWranglerDev } from './wrangler-dev.ts';

/**
 * Every page type of the site, in both languages, as a reader sees it in Chromium on a phone
 * (390 px) and a laptop (1280 px): no sideways scrolling (at 320 px either), headings in
 * order, no script error or CSP refusal, and no serious or critical axe-core violation (in the
 * light scheme at both widths; colour contrast in the dark scheme too). The digest email is
 * audited the same way. One `wrangler dev` and one Chromium for the whole file.
 */
describe('every page type in Chromium at 390 and 1280 px (and 320 px for width), in both languages', () => {
  let server: DevServer;
  let browser: Browser;
  let seeded: Seeded;

  beforeAll(async () => {
    // Both at once; whichever starts is stopped by afterAll even when the other fails.
    const [started, launched] = await Promise.allSettled([startWranglerDev(), launchChromium()]);
    if (started.status === 'fulfilled') server = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const outcome of [started, launched]) if (outcome.status === 'rejected') throw outcome.reason;
    seeded = await seedSite(server);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** One page per width, reused by every test: a page load is what each test pays for. */
  const pages = new Map<number, { page: Page; errors: string[] }>();
  async function pageAt(width: number): Promise<{ page: Page; errors: string[] }> {
    let open = pages.get(width);
    if (!open) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, timezoneId: 'Asia/Shanghai', colorScheme: 'light' });
      const page = await context.newPage();
      open = { page, errors: watchErrors(page) };
      pages.set(width, open);
    }
    open.errors.length = 0;
    await open.page.emulateMedia({ colorScheme: 'light' });
    return open;
  }

  const at = (where: string, list: string[]) => list.map((p) => `${where}: ${p}`);

  /** Everything wrong with `entry` in `lang`, each problem prefixed with where it shows. */
  async function check(entry: SitePage, lang: Lang): Promise<string[]> {
    const problems: string[] = [];
    for (const width of WIDTHS) {
      const { page, errors } = await pageAt(width);
      await visit(page, server.origin, seeded, entry, lang);
      expect(await page.getAttribute('html', 'lang')).toBe(lang === 'zh' ? 'zh-Hans' : 'en');
      problems.push(...at(`${width} px`, await overflowProblems(page)));
      problems.push(...at(`${width} px`, (await seriousViolations(page)).map((v) => `axe ${v}`)));
      if (width === WIDTHS[0]) {
        // The outline is the document's: the same at every width.
        problems.push(...at('headings', await headingProblems(page)));
        // The narrowest phone in use: the same page made narrower, no sideways scrolling either.
        await page.setViewportSize({ width: NARROWEST, height: 900 });
        problems.push(...at(`${NARROWEST} px`, await overflowProblems(page)));
        await page.setViewportSize({ width, height: 900 });
      }
      if (width === WIDTHS[WIDTHS.length - 1]) {
        await page.emulateMedia({ colorScheme: 'dark' });
        problems.push(...at(`${width} px, dark`, (await seriousViolations(page, ['color-contrast'])).map((v) => `axe ${v}`)));
      }
      problems.push(...at(`${width} px`, errors));
    }
    return problems;
  }

  it('finds what it looks for: sideways scrolling, a skipped heading level, a second h1, faint text', async () => {
    const { page } = await pageAt(390);
    await page.setContent('<!doctype html><html lang="en"><title>Bad</title><main><h1>One</h1><h3>Skipped</h3><h1>Two</h1><p style="color:#bbb;background:#fff">Faint text</p><div style="width:600px">Wide</div></main></html>');
    expect(await overflowProblems(page)).toEqual([expect.stringMatching(/^scrolls sideways: 6\d\d px wide in a 390 px window; widest: body > main > div/)]);
    expect(await headingProblems(page)).toEqual(['2 h1 elements ("One", "Two"), not one', 'h3 "Skipped" follows h1 "One": a level skipped']);
    expect(await seriousViolations(page)).toEqual([expect.stringMatching(/^color-contrast \(serious\): p — /)]);
  });

  for (const entry of SITE_PAGES) {
    for (const lang of LANGUAGES) {
      it(`${entry.name} (${lang}): fits the screen, headings in order, no serious or critical axe violation`, async () => {
        expect(await check(entry, lang)).toEqual([]);
      });
    }
  }

  for (const lang of LANGUAGES) {
    it(`the digest email (${lang}): fits the screen and has no serious or critical axe violation`, async () => {
      const problems: string[] = [];
      for (const width of WIDTHS) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        // An email is a document on its own: nothing it names is fetched.
        await context.route('**/*', (route) => route.abort());
        const page = await context.newPage();
        await page.setContent(seeded.email[lang].html, { waitUntil: 'load' });
        expect(await page.textContent('body')).toContain(lang === 'zh' ? '网络空间尽职调查义务研讨会' : 'Seminar on Due Diligence in Cyberspace');
        problems.push(...at(`${width} px`, await overflowProblems(page)), ...at(`${width} px`, (await seriousViolations(page)).map((v) => `axe ${v}`)));
        if (width === WIDTHS[0]) {
          await page.setViewportSize({ width: NARROWEST, height: 900 });
          problems.push(...at(`${NARROWEST} px`, await overflowProblems(page)));
        }
        await context.close();
      }
      expect(problems).toEqual([]);
    });
  }

  // The report page's event panel: beside the text on a laptop, folded before it on a phone.
  const panelPages = () => [seeded.reports.many.en, seeded.reports.many.zh, seeded.reports.upcoming.en, seeded.reports.upcoming.zh];
  for (const [width, check, what] of [
    [1280, checkPanelBeside, 'stands beside the body, its details shown, on a 1280 px screen'],
    [390, checkPanelFolded, 'is a closed <details> before the body on a 390 px screen, and a tap on its summary opens it'],
  ] as const) {
    it(`the report page's event panel ${what}`, async () => {
      for (const slug of panelPages()) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        const page = await context.newPage();
        expect((await page.goto(`${server.origin}/reports/${slug}`, { waitUntil: 'load' }))?.status()).toBe(200);
        await check(page, slug);
        await context.close();
      }
    });
  }
});
