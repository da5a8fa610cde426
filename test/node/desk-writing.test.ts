import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, overflowProblems, seriousViolations, watchErrors, WIDTHS } from './page-checks.ts';
import { type DevServer, startWranglerDev } from './wrangler-dev.ts';

/**
 * An editor's day at the desk, in Chromium against the real `wrangler dev`: signing in by the
 * emailed link (read from the local Email Service simulator), writing a report with an event
 * while the body previews itself, uploading an image and a PDF, previewing everything it
 * becomes, scheduling it, meeting a conflict when a second session saved first and merging
 * it, restoring an earlier revision; an `editor` kept out of subscribers and channels; and
 * every desk page visited audited by axe-core at 390 and 1280 px. `DESK_SCREENSHOTS=1`
 * also writes each page, full-page, into screenshots/desk/.
 */

/** The smallest PNG: one transparent pixel. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const SLUG = 'desk-seminar-on-due-diligence';
const SHOTS = process.env.DESK_SCREENSHOTS === '1';
/** Waits for what the page shows, as long as a save on a busy machine can take. */
const poll = <T,>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

describe('the desk in Chromium: an editor writes, previews, schedules, merges and restores', () => {
  let server: DevServer;
  let browser: Browser;
  const audited: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([startWranglerDev(), launchChromium()]);
    if (started.status === 'fulfilled') server = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const outcome of [started, launched]) if (outcome.status === 'rejected') throw outcome.reason;
    const owner = { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' };
    for (const editor of [{ email: 'writer@example.org', name: 'Wang Fang', role: 'editor' }, { email: 'chief@example.org', name: 'Chen Jie', role: 'admin' }]) {
      const res = await server.fetch('/api/editors', { method: 'POST', headers: owner, body: JSON.stringify(editor) });
      expect(res.status, await res.text()).toBeLessThan(300);
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Signs `email` in as a person does: the form, the email in the simulator, its link, the button. */
  async function signIn(email: string, width = 1280): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const before = new Set((await server.emails()).map((m) => m.messageId));
    await page.goto(`${server.origin}/desk`);
    expect(new URL(page.url()).pathname).toBe('/desk/sign-in');
    await page.fill('input[name=email]', email);
    await page.click('form[action="/desk/sign-in"] button[type=submit]');
    let link: string | undefined;
    for (let i = 0; i < 40 && !link; i++) {
      const mail = (await server.emails()).find((m) => !before.has(m.messageId) && m.to.includes(email));
      link = mail ? /https?:\/\/\S+\/desk\/sign-in\/confirm\?token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0] : undefined;
      if (!link) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(link, 'the sign-in email reached the simulator').toBeDefined();
    await page.goto(link!);
    await page.click('form[action="/desk/sign-in/confirm"] button[type=submit]');
    await page.waitForURL(`${server.origin}/desk`);
    return { context, page, errors };
  }

  /** Audits the page as it is at both widths (and keeps a screenshot when asked). */
  async function audit(page: Page, name: string): Promise<void> {
    const width = page.viewportSize()!.width;
    for (const w of WIDTHS) {
      await page.setViewportSize({ width: w, height: 900 });
      problems.push(...(await seriousViolations(page)).map((v) => `${name} at ${w} px: axe ${v}`));
      problems.push(...(await overflowProblems(page)).map((v) => `${name} at ${w} px: ${v}`));
      if (SHOTS) {
        mkdirSync('screenshots/desk', { recursive: true });
        await page.screenshot({ path: `screenshots/desk/${name}-${w}.png`, fullPage: true });
      }
    }
    await page.setViewportSize({ width, height: 900 });
    audited.push(name);
  }

  let writer: { context: BrowserContext; page: Page; errors: string[] };

  it('signs an editor in by the emailed link and shows the reports, with no admin section', async () => {
    writer = await signIn('writer@example.org');
    const { page } = writer;
    await poll(() => page.locator('.desk-who').textContent()).toContain('Wang Fang');
    expect(await page.locator('.desk-nav a[href="/desk/delivery"]').count()).toBe(0);
    await audit(page, 'reports');
  }, 60_000);

  it('writes a report with an event, previews the body as it is typed, uploads an image and a PDF, and saves with Ctrl+S', async () => {
    const { page } = writer;
    await page.goto(`${server.origin}/desk/reports/new`);
    await page.fill('[name=title]', 'Seminar on Due Diligence in Cyberspace');
    await page.fill('[name=slug]', SLUG);
    await page.fill('[name=summary]', 'Scholars met in Wuhan to discuss due diligence.');
    await page.check('input[name=topics] >> nth=0');
    await page.selectOption('[name="event.kind"]', 'seminar');
    await page.fill('[name="event.name"]', 'Seminar on Due Diligence');
    await page.fill('[name="event.start"]', '2026-12-01T09:00+08:00');
    await page.fill('[name="event.end"]', '2026-12-01T17:00+08:00');
    await page.fill('[name="event.timezone"]', 'Asia/Shanghai');
    await page.fill('[name="event.location.name"]', 'Wuhan University');
    await page.fill('[name="event.location.city"]', 'Wuhan');
    await page.fill('[name="event.location.country"]', 'China');
    await page.fill('[name="event.organizers"]', 'Institute of International Law\nCyber Governance Centre');
    await page.fill('[name="event.participants"]', 'Wuhan University\nUniversity of Oxford');
    await page.fill('[name="event.speakers.0.name"]', 'Huang Zhixiong');
    await page.fill('[name="event.speakers.0.role"]', 'Keynote');
    await page.click('[data-add-row="event.speakers"]');
    await page.fill('[name="event.speakers.1.name"]', 'Li Wei');
    await page.fill('[name="event.speakers.1.role"]', 'Chair');
    await page.fill('[name=body]', '## What was said\n\nThe **seminar** discussed due diligence.');
    await poll(() => page.locator('#live-preview h2').textContent()).toBe('What was said');
    await poll(() => page.locator('#live-preview strong').textContent()).toBe('seminar');

    // An image without alt text is refused by the API, and says why.
    await page.setInputFiles('#upload-file', { name: 'chart.png', mimeType: 'image/png', buffer: PNG });
    await page.click('#upload-button');
    await poll(() => page.locator('#upload-status').textContent()).toMatch(/alt/);
    await page.fill('#upload-alt', 'A chart of cross-border data flows');
    await page.click('#upload-button');
    await poll(() => page.inputValue('[name=body]')).toMatch(/!\[A chart of cross-border data flows\]\(http[^)]*\/media\/[0-9a-f]+\.png\)/);
    await page.setInputFiles('#upload-file', { name: 'programme.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.click('#upload-button');
    await poll(() => page.inputValue('[name="attachments.0.url"]')).toMatch(/\/media\/[0-9a-f]+\.pdf$/);
    expect(await page.inputValue('[name="attachments.0.type"]')).toBe('application/pdf');
    await audit(page, 'editor-new');

    await page.keyboard.press('Control+s');
    await page.waitForURL(`${server.origin}/desk/reports/${SLUG}/edit?saved=1`);
    const stored = (await (await server.fetch(`/api/reports/${SLUG}`, { headers: { authorization: `Bearer ${server.adminToken}` } })).json()) as Record<string, any>;
    expect(stored).toMatchObject({ draft: true, source: 'desk', event: { kind: 'seminar', speakers: [{ name: 'Huang Zhixiong' }, { name: 'Li Wei' }], organizers: ['Institute of International Law', 'Cyber Governance Centre'] } });
    expect(stored.attachments[0]).toMatchObject({ type: 'application/pdf', length: PDF.length });
    await audit(page, 'editor');
  }, 90_000);

  it('previews everything the report becomes: the page, each feed item, the emails', async () => {
    const { page } = writer;
    await page.goto(`${server.origin}/desk/reports/${SLUG}/preview`);
    await poll(() => page.frameLocator('iframe.page-frame').locator('h1').textContent()).toContain('Seminar on Due Diligence in Cyberspace');
    for (const format of ['rss', 'atom', 'json']) await poll(() => page.locator(`.feed-card[data-format=${format}] .feed-title`).textContent()).toContain('Seminar on Due Diligence in Cyberspace');
    await poll(() => page.locator('#preview-instant').textContent()).toContain('Seminar on Due Diligence in Cyberspace');
    await poll(() => page.frameLocator('#preview-daily iframe').locator('body').textContent()).toContain('Seminar on Due Diligence in Cyberspace');
    await poll(() => page.locator('#preview-channels').isVisible()).toBe(true);
    await audit(page, 'preview');
  }, 60_000);

  it('schedules it for a date, time and zone', async () => {
    const { page } = writer;
    await page.goto(`${server.origin}/desk/reports/${SLUG}/edit`);
    await page.fill('[name="schedule.date"]', '2099-06-01');
    await page.fill('[name="schedule.time"]', '08:00');
    await page.fill('[name="schedule.zone"]', 'Asia/Shanghai');
    await page.click('button[value=schedule]');
    await poll(() => page.locator('#editor-status').textContent()).toBe('Saved.');
    const stored = (await (await server.fetch(`/api/reports/${SLUG}`, { headers: { authorization: `Bearer ${server.adminToken}` } })).json()) as Record<string, any>;
    expect(stored.draft).toBe(false);
    expect(stored.published).toBe('2099-06-01T00:00:00.000Z');
    await page.goto(`${server.origin}/desk?state=scheduled`);
    await poll(() => page.locator('#desk-reports tbody tr').count()).toBe(1);
    await page.fill('input[name=q]', 'nothing like this');
    await poll(() => page.locator('#desk-reports tbody tr:visible').count()).toBe(0);
    await page.fill('input[name=q]', 'due diligence');
    await poll(() => page.locator('#desk-reports tbody tr:visible').count()).toBe(1);
    await audit(page, 'reports-found');
  }, 60_000);

  it('shows both versions side by side when a second session saved first, and saves the merge', async () => {
    const { page } = writer;
    await page.goto(`${server.origin}/desk/reports/${SLUG}/edit`);
    const chief = await signIn('chief@example.org');
    await chief.page.goto(`${server.origin}/desk/reports/${SLUG}/edit`);
    await chief.page.fill('[name=title]', 'Due Diligence in Cyberspace: a Seminar');
    await chief.page.keyboard.press('Control+s');
    await poll(() => chief.page.locator('#editor-status').textContent()).toBe('Saved.');
    await chief.context.close();

    await page.fill('[name=summary]', 'Scholars and diplomats met in Wuhan.');
    await page.keyboard.press('Control+s');
    await poll(() => page.locator('h1').textContent()).toContain('Someone saved this report first');
    await poll(() => page.locator('tr.differs[data-field=title]').textContent()).toContain('Due Diligence in Cyberspace: a Seminar');
    await poll(() => page.locator('tr.differs[data-field=summary]').textContent()).toContain('Scholars and diplomats met in Wuhan.');
    await audit(page, 'conflict');
    await page.check('input[name="take.title"][value=theirs]');
    await page.click('#conflict button[type=submit]');
    await page.waitForURL(`${server.origin}/desk/reports/${SLUG}/edit?saved=1`);
    const stored = (await (await server.fetch(`/api/reports/${SLUG}`, { headers: { authorization: `Bearer ${server.adminToken}` } })).json()) as Record<string, any>;
    expect(stored.title).toBe('Due Diligence in Cyberspace: a Seminar');
    expect(stored.summary).toBe('Scholars and diplomats met in Wuhan.');
  }, 90_000);

  it('restores an earlier revision from the report’s page', async () => {
    const { page } = writer;
    await page.goto(`${server.origin}/desk/reports/${SLUG}`);
    await audit(page, 'report');
    await page.click('button[aria-label="Restore revision 1"]');
    await page.waitForURL(/\?restored=1$/);
    const stored = (await (await server.fetch(`/api/reports/${SLUG}`, { headers: { authorization: `Bearer ${server.adminToken}` } })).json()) as Record<string, any>;
    expect(stored.title).toBe('Seminar on Due Diligence in Cyberspace');
    expect(stored.draft).toBe(true);
  }, 60_000);

  it('keeps an editor out of subscribers and channels: 403 in the API, hidden in the desk', async () => {
    const { page } = writer;
    await page.goto(`${server.origin}/desk`);
    const statuses = await page.evaluate(`(async () => {
      const csrf = document.querySelector('input[name=csrf]').value;
      const get = async (path) => (await fetch(path, { headers: { 'x-csrf-token': csrf } })).status;
      return { subscribers: await get('/api/subscribers'), channels: await get('/api/channels'), reports: await get('/api/reports') };
    })()`);
    expect(statuses).toEqual({ subscribers: 403, channels: 403, reports: 200 });
    expect(await page.locator('a[href^="/desk/delivery"]').count()).toBe(0);
    expect((await page.goto(`${server.origin}/desk/delivery`))!.status()).toBe(403);
  }, 60_000);

  it('finds no serious or critical axe-core violation, no sideways scrolling and no script error on any desk page', () => {
    expect(audited).toEqual(expect.arrayContaining(['reports', 'editor-new', 'editor', 'preview', 'conflict', 'report']));
    expect(problems).toEqual([]);
    expect(writer.errors).toEqual([]);
  });
});
