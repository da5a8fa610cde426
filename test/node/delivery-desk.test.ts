import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeskRig, signInByLink, startDesk } from './desk-browser.ts';
import { overflowProblems, seriousViolations, watchErrors, WIDTHS } from './page-checks.ts';
import { applyLocalMigrations } from '../../scripts/lib/sync-targets.ts';
import type { DevServer } from './wrangler-dev.ts';

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Runs SQL statements on a local D1 state before the dev server opens it, as `wrangler d1 execute --local --file` does. */
function runSql(state: string, statements: string[]): void {
  const file = join(state, 'seed.sql');
  writeFileSync(file, statements.map((statement) => `${statement};`).join('\n'));
  const result = spawnSync('wrangler', ['d1', 'execute', 'DB', '--local', '--persist-to', state, '--file', file], {
    encoding: 'utf8',
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: 'true' },
  });
  if (result.status !== 0) throw new Error(`d1 execute failed:\n${result.stdout}${result.stderr}`);
}

/** Sixty days of a list that grows, with a dip, and this site's runs, channels and deliveries. */
function seed(state: string, now: number): void {
  const statements: string[] = [];
  const days: string[] = [];
  for (let i = 59; i >= 1; i -= 1) {
    const growth = 60 - i;
    const counts: [string, string, number][] = [
      ['daily', 'en', 40 + growth * 3 - (i < 20 && i > 15 ? 9 : 0)],
      ['daily', 'zh', 25 + growth * 2],
      ['weekly', 'both', 30 + Math.round(growth * 1.2)],
      ['instant', 'en', 8 + Math.round(growth / 3)],
    ];
    for (const [frequency, lang, active] of counts) days.push(`('${day(now - i * DAY)}', '${frequency}', '${lang}', ${active}, ${now - i * DAY})`);
  }
  statements.push(`INSERT INTO subscriber_days (day, frequency, lang, active, counted_at) VALUES ${days.join(', ')}`);
  // Today's active subscribers, as many as the history's last day had: the hourly cron counts them.
  const today: [string, string, number][] = [['daily', 'en', 217], ['daily', 'zh', 143], ['weekly', 'both', 101], ['instant', 'en', 28]];
  for (const [frequency, lang, count] of today) {
    statements.push(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
       INSERT INTO subscribers (email, status, frequency, topics, lang, timezone, created_at, updated_at, confirmed_at, last_seq, ui_lang)
       SELECT '${frequency}-${lang}-' || i || '@example.org', 'active', '${frequency}', '[]', '${lang}', 'UTC', 0, 0, 0, 0, 'en' FROM n`,
    );
  }
  statements.push(`INSERT INTO runs (id, frequency, cutoff, to_seq, trigger, created_at, due, skipped) VALUES (1, 'daily', ${now - 2 * DAY}, 3, 'cron', ${now - 2 * DAY}, 4, 0), (2, 'weekly', ${now - DAY}, 4, 'admin', ${now - DAY}, 3, 1)`);
  statements.push(
    `INSERT INTO sends (subscriber_id, run_id, edition, from_seq, to_seq, status, attempts, message_id, error, created_at, updated_at, bounce_type) VALUES
     (1, 1, 'daily-1', 0, 3, 'delivered', 1, 'm1', NULL, ${now - 2 * DAY}, ${now - 2 * DAY}, NULL),
     (2, 1, 'daily-1b', 0, 3, 'bounced', 1, 'm2', 'mailbox full', ${now - 2 * DAY}, ${now - 2 * DAY}, 'soft'),
     (3, 1, 'daily-1c', 0, 3, 'failed', 3, NULL, 'E_RATE_LIMIT_EXCEEDED: too many messages in a short time', ${now - 2 * DAY}, ${now - 2 * DAY}, NULL),
     (4, 2, 'weekly-2', 0, 4, 'unknown', 1, NULL, 'timeout after hand-over', ${now - DAY}, ${now - DAY}, NULL)`,
  );
  statements.push(
    `INSERT INTO channels (id, type, settings, enabled, disabled_reason, created_at, updated_at) VALUES
     ('mastodon-main', 'mastodon', '{"instance":"https://social.example"}', 1, NULL, 0, 0),
     ('old-webhook', 'webhook', '{"url":"https://hooks.example/herald"}', 0, 'HTTP 410 Gone: the endpoint was removed', 0, 0)`,
  );
  statements.push(
    `INSERT INTO deliveries (channel_id, slug, status, attempts, last_status, last_error, remote_url, created_at, updated_at) VALUES
     ('mastodon-main', 'cyber-norms-2026', 'sent', 1, 200, NULL, 'https://social.example/@herald/1', ${now - DAY}, ${now - DAY}),
     ('mastodon-main', 'data-flows-asia', 'failed', 5, 503, 'HTTP 503: Service Unavailable', NULL, ${now - 3600_000}, ${now - 3600_000}),
     ('old-webhook', 'data-flows-asia', 'unknown', 1, NULL, 'timeout: no answer within 10 s', NULL, ${now - 1800_000}, ${now - 1800_000})`,
  );
  runSql(state, statements);
}

/**
 * An admin opens "Subscribers & delivery" in Chromium, on a phone and a laptop, in light and
 * dark mode, with sixty days of subscribers, feed readers counted from real Feedly and
 * Inoreader User-Agents, runs with problems and a failed cross-post they retry. axe-core finds
 * no serious or critical violation; nothing scrolls sideways but the tables' own scrollers.
 */
describe('Subscribers & delivery in Chromium', () => {
  const rig: DeskRig = {};
  let server: DevServer;
  let browser: Browser;
  let parent: string;
  const now = Date.now();

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'herald-delivery-'));
    const state = join(parent, 'state');
    mkdirSync(state);
    applyLocalMigrations(state);
    seed(state, now);
    ({ server, browser } = await startDesk(rig, { email: 'chief@example.org', name: 'Chief Editor' }, { state }));
  }, 180_000);
  afterAll(async () => {
    await rig.browser?.close();
    await rig.server?.stop();
    if (parent) rmSync(parent, { recursive: true, force: true });
  });

  it('shows reach, the chart, runs, channels and the log, and retries a failed delivery', async () => {
    // Feed readers as they poll: counted once a day per aggregator and feed.
    for (const [path, ua] of [
      ['/feed.xml', 'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 1462 subscribers; )'],
      ['/feed.xml', 'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 9999 subscribers; )'],
      ['/feed.xml', 'Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)'],
      ['/zh/atom.xml', 'NewsBlur Feed Fetcher - 27 subscribers - https://www.newsblur.com/site/1/herald'],
    ]) {
      const res = await server.fetch(path!, { headers: { 'user-agent': ua! } }).catch((error: unknown) => {
        throw new Error(`${String(error)}\n${server.output().slice(-3000)}`);
      });
      expect(res.status).toBe(200);
    }
    expect((await server.cron('0 * * * *', now)).status).toBe(200);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInByLink(page, server, 'chief@example.org');

    await page.goto(`${server.origin}/desk/delivery`);
    const figures = await page.locator('.reach-figures dd').allTextContents();
    // 489 email subscribers + 1,462 (Feedly's first count today) + 114 + 27 in readers.
    expect(figures).toEqual(['2,092', '489', '1,603']);
    expect(await page.locator('svg.chart title').textContent()).toBe('Active email subscribers per day');
    expect(await page.locator('svg.chart g[data-series="total"] circle').count()).toBe(60);

    const shots = join(process.cwd(), 'screenshots');
    mkdirSync(shots, { recursive: true });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        expect(await overflowProblems(page), `${width} px ${scheme}`).toEqual([]);
        expect(await seriousViolations(page), `${width} px ${scheme}`).toEqual([]);
        await page.screenshot({ path: join(shots, `delivery-${width}-${scheme}.png`), fullPage: true });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 900 });

    // The same page for a Chinese desk, on a phone.
    await page.setExtraHTTPHeaders({ 'accept-language': 'zh-CN,zh;q=0.9' });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.reload();
    expect(await page.locator('h1').textContent()).toBe('订阅与投递');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'delivery-390-zh.png'), fullPage: true });
    await page.setExtraHTTPHeaders({});
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.reload();

    await page.getByRole('link', { name: /Problems \(2\)/ }).click();
    expect(await page.locator('main').textContent()).toContain('E_RATE_LIMIT_EXCEEDED');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'delivery-run-1280.png'), fullPage: true });

    await page.goto(`${server.origin}/desk/delivery`);
    const retry = page.getByRole('button', { name: /^Retry delivery 2$/ });
    await retry.click();
    await page.waitForURL(/retried=2/);
    expect(await page.getByRole('status').textContent()).toContain('Delivery 2 is queued again.');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
