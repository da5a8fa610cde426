import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeskRig, linkFromInbox, startDesk } from './desk-browser.ts';
import { seriousViolations, watchErrors } from './page-checks.ts';
import type { DevServer } from './wrangler-dev.ts';

/**
 * An editor signs in to the desk in Chromium by the link the real `wrangler dev` sent to its
 * local email simulator, as they would on a laptop: the form, the email, the link's page and
 * its button, the desk, sign-out; the used link is refused. axe-core finds no serious or
 * critical violation on any of these pages.
 */
describe('signing in to the desk in Chromium by the emailed link', () => {
  const rig: DeskRig = {};
  let server: DevServer;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    let browser: Browser;
    ({ server, browser } = await startDesk(rig, { email: 'chief@example.org', name: 'Chief Editor' }));
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    errors = watchErrors(page);
  }, 120_000);
  afterAll(async () => {
    await rig.browser?.close();
    await rig.server?.stop();
  });

  it('walks from the sign-in form through the email to the desk, and out again', async () => {
    await page.goto(`${server.origin}/desk`);
    expect(new URL(page.url()).pathname).toBe('/desk/sign-in');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Email address').fill('chief@example.org');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your inbox');
    expect(await seriousViolations(page)).toEqual([]);

    const link = await linkFromInbox(server, 'chief@example.org');
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
