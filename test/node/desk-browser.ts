import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from './page-checks.ts';
import { type DevServer, startWranglerDev } from './wrangler-dev.ts';

/** What a desk test runs: filled in as each part starts, so its afterAll stops what did. */
export interface DeskRig {
  server?: DevServer;
  browser?: Browser;
}

/**
 * Starts the real `wrangler dev` (with `options`) and Chromium side by side into `rig`, then
 * adds `admin` as an admin editor through the API; throws when either fails to start.
 */
export async function startDesk(rig: DeskRig, admin: { email: string; name: string }, options: Parameters<typeof startWranglerDev>[1] = {}): Promise<{ server: DevServer; browser: Browser }> {
  const [started, launched] = await Promise.allSettled([startWranglerDev({}, options), launchChromium()]);
  if (started.status === 'fulfilled') rig.server = started.value;
  if (launched.status === 'fulfilled') rig.browser = launched.value;
  for (const outcome of [started, launched]) if (outcome.status === 'rejected') throw outcome.reason;
  const server = rig.server!;
  const res = await server.fetch('/api/editors', {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...admin, role: 'admin' }),
  });
  expect(res.status).toBe(201);
  return { server, browser: rig.browser! };
}

/** The newest sign-in link the simulator's inbox holds for `email`. */
export async function linkFromInbox(server: DevServer, email: string): Promise<string> {
  const mail = (await server.emails()).filter((m) => m.to.includes(email)).at(-1);
  const link = /http:\/\/\S+\/desk\/sign-in\/confirm\?token=[A-Za-z0-9_-]+/.exec(mail?.text ?? '')?.[0];
  if (!link) throw new Error(`no sign-in link in ${JSON.stringify(mail)}`);
  return link;
}

/** Signs `email` in on `page` as a person would: the form, the emailed link, its button. */
export async function signInByLink(page: Page, server: DevServer, email: string): Promise<void> {
  await page.goto(`${server.origin}/desk/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your inbox');
  await page.goto(await linkFromInbox(server, email));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.origin}/desk`);
}
