import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutToWidth, displayWidth, SENDER_NAME_COLUMNS, SUBJECT_COLUMNS } from '../../src/common/email.ts';
import { type DevServer, type SimulatedEmail, startWranglerDev } from './wrangler-dev.ts';

const FREQUENT = '*/5 * * * *';
/** A sender name (the site's Chinese short name) wider than SENDER_NAME_COLUMNS, in Chinese, with an emoji of five code points. */
const SENDER = '网络空间国际治理研究院（武汉大学）· 每日摘要 👩🏽‍💻 Herald';
/** A title that makes a subject wider than SUBJECT_COLUMNS: Han, an astral Han character, a flag. */
const TITLE = '关于网络空间国际规则制定与全球数字治理体系变革的高级别国际研讨会暨第二届𠀀网络空间法治论坛🇨🇳在武汉大学隆重举行';

async function waitForEmail(server: DevServer, match: (email: SimulatedEmail) => boolean, seconds = 40): Promise<SimulatedEmail> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const found = (await server.emails()).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching email within ${seconds} s: ${JSON.stringify((await server.emails()).map((e) => [e.to, e.subject]))}\n${server.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** No lone surrogate and no replacement character: text that went through UTF-8 intact. */
const intact = (text: string) => !text.includes('\uFFFD') && new TextDecoder().decode(new TextEncoder().encode(text)) === text;

describe('Chinese emails through the real `wrangler dev` and its Email Service simulator', () => {
  let server: DevServer;
  const reader = `zh-reader-${Date.now()}@example.org`;

  beforeAll(async () => {
    // Emails are from DIGEST_FROM's address, named with the short name of the reader's language.
    server = await startWranglerDev({ SITE_SHORT_NAME_ZH: SENDER });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('signs up at /zh/subscribe and receives Chinese mail whose subject and sender name arrive as sent, cut by width', async () => {
    const subscribed = await server.fetch('/zh/subscribe', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: reader, frequency: 'instant', lang: 'zh' }) });
    expect(subscribed.status).toBe(202);
    const confirmation = await waitForEmail(server, (email) => email.to.includes(reader));
    expect(confirmation.subject).toBe('请确认订阅 Herald 网络空间治理报道');
    // The simulator keeps the builder's fields as given (no MIME encoding): the name as Herald cut it.
    const name = cutToWidth(SENDER, SENDER_NAME_COLUMNS);
    expect(confirmation.from).toBe(`"${name}" <digest@localhost>`);
    expect(displayWidth(name)).toBeLessThanOrEqual(SENDER_NAME_COLUMNS);
    expect(intact(confirmation.from)).toBe(true);
    expect(confirmation.text).toContain('如需确认，请打开以下链接（7 天内有效）：');

    const link = new URL(/https?:\/\/[^\s"<>]+\/zh\/confirm\?token=[^\s"<>]+/.exec(confirmation.text)![0]);
    const page = await (await server.fetch(link.pathname + link.search)).text();
    expect(page).toContain('<html lang="zh-Hans">');
    const token = /name="token" value="([^"]+)"/.exec(page)![1]!;
    const confirmed = await server.fetch('/zh/confirm', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }) });
    expect(await confirmed.text()).toContain('订阅成功');

    const created = await server.fetch('/api/reports', {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: TITLE, slug: 'long-title-zh', lang: 'zh-Hans', body: '研讨会在武汉大学举行。', topics: ['rule-of-law'] }),
    });
    expect(created.status).toBe(201);
    expect((await server.cron(FREQUENT, Date.now() + 60_000)).ok).toBe(true);
    const instant = await waitForEmail(server, (email) => email.to.includes(reader) && email.subject.startsWith('新报告'));
    const expected = `新报告：${cutToWidth(TITLE, SUBJECT_COLUMNS - displayWidth('新报告：'))}`;
    expect(instant.subject).toBe(expected);
    expect(displayWidth(instant.subject)).toBeLessThanOrEqual(SUBJECT_COLUMNS);
    expect(intact(instant.subject)).toBe(true);
    expect(instant.text).toContain(TITLE);
    expect(instant.html).toContain('<html lang="zh-Hans">');
    // What `wrangler dev` logged of the message: the Subject header on one line, whole.
    expect(server.output().split('\n')).toContain(`Subject: ${expected}`);
  }, 150_000);
});
