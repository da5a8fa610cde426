import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousViolations, watchErrors } from './page-checks.ts';
import { type DevServer, startWranglerDev } from './wrangler-dev.ts';

/**
 * An editor signs in to the desk in Chromium by the link the real `wrangler dev` sent to its
 * local email simulator, as they would on a laptop: the form, the email, the link's page and
 * its button, the desk, sign-out; the used link is refused. axe-core finds no serious or
 * critical violation on any of these pages.
 */
describe('signing in to the desk in Chromium by the emailed link', () => {
  let server: DevServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([startWranglerDev(), launchChromium()]);
    if (started.status === 'fulfilled') server = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const outcome of [started, launched]) if (outcome.status === 'rejected') throw outcome.reason;
    const res = await server.fetch('/api/editors', {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'chief@example.org', name: 'Chief Editor', role: 'admin' }),
    });
    expect(res.status).toBe(201);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    errors = watchErrors(page);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function linkFromInbox(): Promise<string> {
    const mail = (await server.emails()).filter((m) => m.to.includes('chief@example.org')).at(-1);
    const link = /http:\/\/\S+\/desk\/sign-in\/confirm\?token=[A-Za-z0-9_-]+/.exec(mail?.text ?? '')?.[0];
    if (!link) throw new Error(`no sign-in link in ${JSON.stringify(mail)}`);
    return link;
  }

  it('walks from the sign-in form through the email to the desk, and out again', async () => {
    await page.goto(`${server.origin}/desk`);
    expect(new URL(page.url()).pathname).toBe('/desk/sign-in');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Email address').fill('chief@example.org');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your inbox');
    expect(await seriousViolations(page)).toEqual([]);

    const link = await linkFromInbox();
    await page.goto(link);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.origin}/desk`);
    expect(await page.locator('.desk-who').textContent()).toContain('Chief Editor');
    expect(await seriousViolations(page)).toEqual([]);

    for (const path of ['/desk/editors', '/desk/tokens', '/desk/audit', '/desk/delivery']) {
      await page.goto(`${server.origin}${path}`);
      expect(await seriousViolations(page), path).toEqual([]);
    }

    // The link was used: opening it again is refused.
    const again = await page.goto(link);
    expect(again?.status()).toBe(400);
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${server.origin}/desk`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.origin}/desk/sign-in`);
    await page.goto(`${server.origin}/desk`);
    expect(new URL(page.url()).pathname).toBe('/desk/sign-in');
    expect(errors).toEqual([]);
  });
});
