import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriberLinks } from '../../src/subscriptions/tokens.ts';
import { type DevServer, startWranglerDev } from './wrangler-dev.ts';

/** Debian's Chromium; `.ci/run` installs it. */
const CHROMIUM = '/usr/bin/chromium';
const WIDTHS = [390, 1280];
const ZONE = 'Asia/Shanghai';

async function open(browser: Browser, url: string, width: number): Promise<{ page: Page; violations: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, timezoneId: ZONE, locale: 'en-GB' });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(String(error)));
  await page.goto(url, { waitUntil: 'load' });
  return { page, violations, close: () => context.close() };
}

/** True when nothing on the page is wider than the viewport (no sideways scrolling on a phone). */
const fitsWidth = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');

describe('the subscription pages in a real browser (Chromium)', () => {
  let server: DevServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
    server = await startWranglerDev();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const width of WIDTHS) {
    it(`fills in the reader's time zone under the CSP and fits a ${width} px screen`, async () => {
      for (const path of ['/subscribe', '/', '/zh/subscribe']) {
        const { page, violations, close } = await open(browser, `${server.origin}${path}`, width);
        await expect.poll(() => page.inputValue('form.subscribe input[name="timezone"]')).toBe(ZONE);
        expect(await fitsWidth(page)).toBe(true);
        expect(violations).toEqual([]);
        await close();
      }
    });
  }

  it('subscribes from the form, confirms with the button, and saves preferences', async () => {
    const email = `browser-${Date.now()}@example.org`;
    const { page, violations, close } = await open(browser, `${server.origin}/subscribe`, 390);
    await page.fill('input[name="email"]', email);
    await page.check('input[name="frequency"][value="daily"]');
    await Promise.all([page.waitForNavigation(), page.click('form.subscribe button[type="submit"]')]);
    expect((await page.textContent('h1'))?.trim()).toBe('Check your inbox');

    let link: string | undefined;
    for (let i = 0; i < 40 && !link; i += 1) {
      const mail = (await server.emails()).find((e) => e.to.includes(email));
      link = mail && /https?:\/\/[^\s"<>]+\/confirm\?token=[^\s"<>]+/.exec(mail.text)?.[0];
      if (!link) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(link).toBeTruthy();
    await page.goto(link!);
    expect((await page.textContent('h1'))?.trim()).toBe('Confirm your subscription');
    await Promise.all([page.waitForNavigation(), page.click('form button[type="submit"]')]);
    expect((await page.textContent('h1'))?.trim()).toBe('You are subscribed');
    expect(await fitsWidth(page)).toBe(true);

    const listed = (await (await server.fetch('/api/subscribers?status=active', { headers: { authorization: `Bearer ${server.adminToken}` } })).json()) as { subscribers: { email: string; timezone: string; frequency: string }[] };
    expect(listed.subscribers.find((s) => s.email === email)).toMatchObject({ timezone: ZONE, frequency: 'daily' });

    // The preferences link every email carries (the first subscriber of this fresh database has id 1).
    const links = await subscriberLinks(server.origin, 'e2e-subscription-secret-of-32-bytes-or-more', 1);
    await page.goto(links.preferences);
    expect((await page.textContent('h1'))?.trim()).toBe('Your email preferences');
    expect(await page.inputValue('input[name="timezone"]')).toBe(ZONE);
    await page.check('input[name="frequency"][value="weekly"]');
    await page.fill('input[name="timezone"]', 'Europe/Paris');
    await Promise.all([page.waitForNavigation(), page.click('form.subscribe button[type="submit"] >> nth=0')]);
    expect((await page.textContent('[role="status"]'))?.trim()).toBe('Your preferences are saved.');
    expect(await page.inputValue('input[name="timezone"]')).toBe('Europe/Paris');
    await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/herald-preferences-390.png`, fullPage: true });
    expect(violations).toEqual([]);
    await close();
  }, 90_000);
});
