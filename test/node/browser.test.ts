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
    it(`shows /zh/ in Chinese (html lang zh-Hans) with a translation group and an English-only report, fitting a ${width} px screen`, async () => {
      const auth = { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' };
      const post = (report: object) => server.fetch('/api/reports', { method: 'POST', headers: auth, body: JSON.stringify(report) });
      const key = `browser-${width}`;
      await post({ slug: `${key}-en`, translation_key: key, title: 'Workshop on the international rule of law in cyberspace', lang: 'en', topics: ['rule-of-law'], published: '2022-08-12T02:00:00Z', body: 'The workshop discussed the rule of law.' });
      await post({ translation_key: key, title: '网络空间国际法治研讨会：数据跨境流动、平台治理与网络主权的国际规则及其未来发展方向', lang: 'zh-Hans', topics: ['rule-of-law', '网络主权与数据跨境流动的国际规则'], published: '2022-08-12T03:00:00Z', body: '研讨会讨论了网络空间的国际法治。https://example.org/a/very/long/address/without/any/break/that/could/push/the/page/sideways' });
      await post({ slug: `${key}-english-only`, title: 'A forum reported in English only', lang: 'en', topics: ['rule-of-law'], published: '2021-03-04T02:00:00Z', body: 'Only in English.' });
      const { page, violations, close } = await open(browser, `${server.origin}/zh/`, width);
      expect(await page.getAttribute('html', 'lang')).toBe('zh-Hans');
      expect((await page.textContent('h1'))?.trim()).toBe('最新报道');
      expect(await page.textContent('main')).toContain('仅英文');
      await expect.poll(() => page.inputValue('form.subscribe input[name="timezone"]')).toBe(ZONE);
      expect(await fitsWidth(page)).toBe(true);
      expect(violations).toEqual([]);
      await close();
    });

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
    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
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
