import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextDueAt } from '../../src/digests/schedule.ts';
import { type DevServer, type SimulatedEmail, startWranglerDev } from './wrangler-dev.ts';

const HOURLY = '0 * * * *';

/**
 * The first form of an HTML page's main content (the masthead's search box comes before it),
 * as a browser would submit it: action and every named input.
 */
function firstForm(html: string, base: string): { action: string; fields: URLSearchParams } {
  const main = html.slice(Math.max(0, html.search(/<main\b/i)));
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(main);
  if (!form) throw new Error(`no form in page:\n${html.slice(0, 2000)}`);
  const attribute = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(tag)?.[1];
  const decode = (value: string) => value.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  const fields = new URLSearchParams();
  for (const [tag] of form[2]!.matchAll(/<(?:input|button)\b[^>]*>/gi)) {
    const name = attribute(tag, 'name');
    if (name) fields.append(decode(name), decode(attribute(tag, 'value') ?? ''));
  }
  return { action: new URL(decode(attribute(form[1]!, 'action') ?? ''), base).href, fields };
}

async function waitForEmail(server: DevServer, match: (email: SimulatedEmail) => boolean, seconds = 40): Promise<SimulatedEmail> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const found = (await server.emails()).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching email within ${seconds} s; the simulator has: ${JSON.stringify((await server.emails()).map((e) => [e.to, e.subject]))}\n${server.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('a reader’s journey through the real `wrangler dev`', () => {
  let server: DevServer;
  const reader = `reader-${Date.now()}@example.org`;

  beforeAll(async () => {
    server = await startWranglerDev();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('subscribes, confirms from the email, gets the daily digest, and unsubscribes in one click', async () => {
    const subscribed = await server.fetch('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: reader, frequency: 'daily', timezone: 'UTC' }),
    });
    expect(subscribed.status).toBe(202);

    const confirmation = await waitForEmail(server, (email) => email.to.includes(reader));
    const link = /https?:\/\/[^\s"<>]+\/confirm\?token=[^\s"<>]+/.exec(confirmation.text)?.[0];
    expect(link, confirmation.text).toBeTruthy();
    const page = await server.fetch(new URL(link!).pathname + new URL(link!).search);
    expect(page.status).toBe(200);
    const form = firstForm(await page.text(), server.origin);
    const confirmed = await fetch(form.action, { method: 'POST', body: form.fields, redirect: 'manual' });
    expect(confirmed.status).toBeLessThan(400);

    const title = `Workshop on cyber norms ${Date.now()}`;
    const created = await server.fetch('/api/reports', {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title, body: 'The workshop discussed due diligence. It ended with a joint statement.', topics: ['norms'] }),
    });
    expect(created.status).toBe(201);

    const due = nextDueAt('daily', 'UTC', Date.now(), { hour: 7, weekday: 1 })!;
    expect((await server.cron(HOURLY, due)).ok).toBe(true);
    const digest = await waitForEmail(server, (email) => email.to.includes(reader) && email.subject.includes(title));
    expect(digest.text).toContain(title);
    expect(digest.html).toContain(title);
    const header = Object.entries(digest.headers).find(([name]) => name.toLowerCase() === 'list-unsubscribe')?.[1] ?? '';
    const unsubscribeUrl = /<([^>]+)>/.exec(header)?.[1];
    expect(unsubscribeUrl, JSON.stringify(digest.headers)).toMatch(/\/unsubscribe\?token=/);
    expect(Object.entries(digest.headers).find(([name]) => name.toLowerCase() === 'list-unsubscribe-post')?.[1]).toBe('List-Unsubscribe=One-Click');

    const oneClick = await fetch(unsubscribeUrl!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);

    // Unsubscribed: the next day's digest does not reach them.
    await server.fetch('/api/reports', {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `${title}, the sequel`, body: 'Another workshop.', topics: ['norms'] }),
    });
    const before = (await server.emails()).length;
    expect((await server.cron(HOURLY, due + 24 * 3_600_000)).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 7000));
    expect((await server.emails()).length).toBe(before);
  }, 150_000);
});
