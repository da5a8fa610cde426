import { describe, expect, it } from 'vitest';
import { firstEmail } from '../../../src/subscriptions/choices.tsx';
import { recordingEmail } from '../digests/helpers.ts';
import { get } from '../support/worker.ts';
import { confirmLink, postForm, postJson, subscriberRow, subscriberWithTokens, tokenOf } from './helpers.ts';

/** Signs up with `fields` and returns the confirmation email and the token of its link. */
async function signUp(fields: Record<string, unknown>, path = '/subscribe') {
  const mail = recordingEmail();
  await postJson(path, fields, { EMAIL: mail.binding });
  const confirmation = mail.sent[0]!;
  const link = /https:\/\/herald\.example\.org(\/zh)?\/confirm\?token=[A-Za-z0-9_.-]+/.exec(confirmation.text)![0];
  return { confirmation, token: tokenOf(link.replace('https://herald.example.org', '')) };
}

/** The text a person sees in an HTML part. */
const visible = (html: string) => html.replace(/<style[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the confirmation email says what the reader chose', () => {
  it('lists how often (with the hour), the topics by their labels, the language of reports and the time zone', async () => {
    const { confirmation } = await signUp({ email: 'choices@example.org', frequency: 'daily', topics: ['sovereignty', 'due-diligence'], lang: 'zh', timezone: 'Asia/Shanghai' });
    for (const line of ['How often: A daily brief at 07:00 your time', 'Topics: Sovereignty in cyberspace, Due diligence', 'Reports in: Chinese', 'Time zone: Asia/Shanghai']) expect(confirmation.text).toContain(line);
    for (const cell of ['A daily brief at 07:00 your time', 'Sovereignty in cyberspace, Due diligence', 'Chinese', 'Asia/Shanghai']) expect(visible(confirmation.html)).toContain(cell);
    expect(confirmation.text + confirmation.html).not.toContain('due-diligence');
    // Still one link to confirm, in the text and behind the button.
    const link = confirmLink(confirmation.text);
    expect(confirmation.html).toContain(`href="https://herald.example.org${link}"`);
  });

  it('says “all topics” and names the weekday of a weekly brief, in Chinese for a Chinese sign-up', async () => {
    const { confirmation } = await signUp({ email: 'zh-choices@example.org', frequency: 'weekly', lang: 'both', timezone: 'Europe/Berlin' }, '/zh/subscribe');
    for (const line of ['接收频率：每周简报，您当地时间每周一 07:00 送达', '主题：全部主题', '报告语言：中英文', '时区：Europe/Berlin']) expect(confirmation.text).toContain(line);
    expect(confirmation.subject).toBe('请确认订阅 Herald 网络空间治理报道');
  });
});

describe('the welcome email', () => {
  it('is sent once a subscription is confirmed, with the choices, when the first email comes and the subscriber’s links', async () => {
    const { token } = await signUp({ email: 'welcome@example.org', frequency: 'instant', topics: ['rule-of-law'], timezone: 'UTC' });
    const mail = recordingEmail();
    expect((await postForm('/confirm', { token }, { EMAIL: mail.binding })).status).toBe(200);
    expect(mail.sent).toHaveLength(1);
    const welcome = mail.sent[0]!;
    expect(welcome.to).toBe('welcome@example.org');
    expect(welcome.subject).toBe('Welcome to Herald');
    for (const line of ['How often: Each report, as soon as it is published', 'Topics: Rule of law', 'Reports in: English and Chinese', 'Time zone: UTC', 'Your first email comes as soon as the next report is published.']) expect(welcome.text).toContain(line);
    expect(welcome.headers['List-Unsubscribe']).toMatch(/^<https:\/\/herald\.example\.org\/unsubscribe\?token=[^>]+>$/);
    expect(welcome.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(welcome.text).toMatch(/\nhttps:\/\/herald\.example\.org\/preferences\?token=\S+\n/);
    expect(welcome.html).toMatch(/<a href="https:\/\/herald\.example\.org\/unsubscribe\?token=[^"]+"[^>]*>Unsubscribe<\/a>/);
  });

  it('is sent exactly once when the button is pressed twice, one after the other or both at once', async () => {
    const first = await signUp({ email: 'twice@example.org', frequency: 'daily', timezone: 'UTC' });
    const mail = recordingEmail();
    for (let i = 0; i < 2; i += 1) expect((await postForm('/confirm', { token: first.token }, { EMAIL: mail.binding })).status).toBe(200);
    expect(mail.sent.map((m) => m.subject)).toEqual(['Welcome to Herald']);

    const second = await signUp({ email: 'at-once@example.org', frequency: 'weekly', timezone: 'UTC' });
    const raced = recordingEmail();
    const answers = await Promise.all([0, 1, 2].map(() => postForm('/confirm', { token: second.token }, { EMAIL: raced.binding })));
    expect(answers.map((res) => res.status)).toEqual([200, 200, 200]);
    for (const res of answers) expect(await res.text()).toContain('You are subscribed');
    expect(raced.sent.map((m) => m.subject)).toEqual(['Welcome to Herald']);
    expect((await subscriberRow('at-once@example.org'))!.status).toBe('active');
  });

  it('is sent again for a new confirmation after unsubscribing, and never to a suppressed address', async () => {
    const { token } = await signUp({ email: 'again@example.org', timezone: 'UTC' });
    const mail = recordingEmail();
    await postForm('/confirm', { token }, { EMAIL: mail.binding });
    const { unsubscribe } = { unsubscribe: /unsubscribe\?token=([^>\s]+)/.exec(mail.sent[0]!.headers['List-Unsubscribe']!)![1]! };
    await postForm(`/unsubscribe?token=${unsubscribe}`, { 'List-Unsubscribe': 'One-Click' });
    const renewed = await signUp({ email: 'again@example.org', timezone: 'UTC' });
    await postForm('/confirm', { token: renewed.token }, { EMAIL: mail.binding });
    expect(mail.sent.map((m) => m.subject)).toEqual(['Welcome to Herald', 'Welcome to Herald']);

    const { confirm } = await subscriberWithTokens({ email: 'bounced@example.org', status: 'suppressed' });
    const none = recordingEmail();
    expect((await postForm('/confirm', { token: confirm }, { EMAIL: none.binding })).status).toBe(409);
    expect(none.calls).toBe(0);
  });

  it('is in Chinese for a Chinese reader, from the Chinese short name', async () => {
    const { token } = await signUp({ email: 'zh-welcome@example.org', frequency: 'daily', timezone: 'Asia/Shanghai' }, '/zh/subscribe');
    const calls: { from: unknown; subject: string; text: string }[] = [];
    const binding = { send: async (m: { from: unknown; subject: string; text: string }) => (calls.push(m), { messageId: 'w1' }) } as unknown as SendEmail;
    await postForm('/zh/confirm', { token }, { EMAIL: binding, SITE_SHORT_NAME_ZH: '网治院' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.subject).toBe('欢迎订阅 Herald 网络空间治理报道');
    expect(calls[0]!.from).toEqual({ email: 'digest@herald.example.org', name: '网治院' });
    expect(calls[0]!.text.split('\n')[0]).toBe('网治院 · 欢迎订阅');
    expect(calls[0]!.text).toMatch(/第一期每日简报将于您当地时间(今天|明天)（\d{1,2}月\d{1,2}日 星期[一二三四五六日]）07:00 送达。只有在有新报告时才会发送简报。/);
  });
});

describe('when the first email comes, in words', () => {
  const at = (day: number, hour: number) => Date.UTC(2026, 11, day, hour);
  it('says today, tomorrow or the day, on the reader’s calendar and clock, in English and Chinese', () => {
    expect(firstEmail('daily', at(4, 7), at(3, 10), 'UTC', 'en')).toEqual({ line: 'Your first daily brief comes tomorrow, Friday 4 December, at 07:00 your time.', note: 'A brief is sent only when there are new reports.' });
    expect(firstEmail('daily', at(3, 7), at(3, 5), 'UTC', 'en').line).toBe('Your first daily brief comes today, Thursday 3 December, at 07:00 your time.');
    expect(firstEmail('weekly', at(7, 7), at(3, 10), 'UTC', 'en').line).toBe('Your first weekly brief comes on Monday 7 December at 07:00 your time.');
    // 23:00 UTC on the 3rd is 07:00 on the 4th in Shanghai, where it is already the 4th at 20:00 UTC.
    expect(firstEmail('daily', at(3, 23), at(3, 20), 'Asia/Shanghai', 'zh').line).toBe('第一期每日简报将于您当地时间今天（12月4日 星期五）07:00 送达。');
    expect(firstEmail('weekly', at(6, 23), at(3, 10), 'Asia/Shanghai', 'zh').line).toBe('第一期每周简报将于您当地时间12月7日 星期一 07:00 送达。');
    expect(firstEmail('instant', null, at(3, 10), 'UTC', 'zh')).toEqual({ line: '下一篇报告发布后，您将立即收到第一封邮件。', note: null });
  });
});

describe('the pages say the choices too', () => {
  it('shows them before the confirm button, and after confirming with when the first email comes', async () => {
    const { token } = await signUp({ email: 'pages@example.org', frequency: 'weekly', topics: ['international-law'], lang: 'en', timezone: 'America/New_York' });
    const page = await (await get(`/confirm?token=${token}`)).text();
    for (const text of ['<dt>How often</dt><dd>A weekly brief on Mondays at 07:00 your time</dd>', '<dt>Topics</dt><dd>International law</dd>', '<dt>Reports in</dt><dd>English</dd>', '<dt>Time zone</dt><dd>America/New_York</dd>']) expect(page).toContain(text);
    // The confirm button, not the masthead's search button.
    const main = page.slice(page.indexOf('<main'));
    expect(main.indexOf('<dl>')).toBeLessThan(main.indexOf('<button'));
    expect(main.indexOf('<dl>')).toBeGreaterThan(-1);
    const confirmed = await (await postForm('/confirm', { token }, { EMAIL: recordingEmail().binding })).text();
    expect(confirmed).toContain('<dt>Topics</dt><dd>International law</dd>');
    expect(confirmed).toMatch(/Your first weekly brief comes (tomorrow, |today, |on )Monday \d{1,2} [A-Z][a-z]+,? at 07:00 your time\./);
    expect(confirmed).toMatch(/<a href="\/preferences\?token=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+">Change your preferences<\/a>/);
  });

  it('shows an active subscriber pressing an old link their choices, announcing no “first” email and sending none', async () => {
    const { confirm } = await subscriberWithTokens({ email: 'old@example.org', status: 'active', frequency: 'weekly' });
    const mail = recordingEmail();
    const html = await (await postForm('/confirm', { token: confirm }, { EMAIL: mail.binding })).text();
    expect(html).toContain('<dt>How often</dt><dd>A weekly brief on Mondays at 07:00 your time</dd>');
    expect(html).not.toContain('Your first');
    expect(mail.calls).toBe(0);
  });

  it('puts Unsubscribe on the preferences page in its own section and form, below Save and styled as the lesser action', async () => {
    const { manage } = await subscriberWithTokens({ email: 'prefs@example.org', frequency: 'daily' });
    const html = await (await get(`/preferences?token=${manage}`)).text();
    const forms = [...html.matchAll(/<form [^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].map((m) => ({ action: m[1]!, body: m[2]! }));
    const save = forms.find((f) => f.action.startsWith('/preferences'))!;
    const leave = forms.find((f) => f.action.startsWith('/unsubscribe'))!;
    expect(save.body).toContain('<button type="submit">Save preferences</button>');
    expect(save.body).not.toContain('Unsubscribe');
    expect(leave.body).toContain('<button type="submit" class="secondary">Unsubscribe</button>');
    expect(leave.body).not.toContain('Save');
    expect(html.indexOf('Save preferences')).toBeLessThan(html.indexOf('<section class="unsubscribe-section"'));
    expect(html).toMatch(/<section class="unsubscribe-section"[^>]*><h2 id="unsubscribe-heading">Stop all emails<\/h2>[\s\S]*<form method="post" action="\/unsubscribe/);
    // The current choices, summed up above the form.
    expect(html).toContain('<dt>How often</dt><dd>A daily brief at 07:00 your time</dd>');
    expect(html).toContain('<dt>Topics</dt><dd>All topics</dd>');
  });
});
