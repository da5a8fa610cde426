import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { consume, HOURLY, recordingEmail, recordingQueue, runCron } from '../digests/helpers.ts';
import { create, get } from '../support/worker.ts';
import { SITE } from '../support/site.ts';
import { postForm, postJson, subscriberRow, subscriberWithTokens } from './helpers.ts';

/** The site's Chinese title (SITE_TITLE_ZH in wrangler.toml). */
const TITLE = 'Herald 网络空间治理报道';

/** The path and query of a link to this site. */
const pathOf = (link: string) => link.replace(SITE, '');

/** The hidden fields and action of a page's first form, as a browser would post it. */
function formOf(html: string): { action: string; fields: Record<string, string> } {
  const form = /<form method="post" action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/.exec(html)!;
  const fields = Object.fromEntries([...form[2]!.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  return { action: form[1]!.replace(/&amp;/g, '&'), fields };
}

describe('a Chinese reader’s subscription', () => {
  it('signs up at /zh/subscribe, and gets the confirmation email, the confirm page and the digest in Chinese', async () => {
    const signup = await get('/zh/subscribe');
    expect(signup.status).toBe(200);
    const form = await signup.text();
    expect(form).toMatch(/^<!doctype html><html lang="zh-Hans">/);
    expect(form).toContain('<h1>邮件订阅</h1>');
    expect(form).toContain('<form method="post" action="/zh/subscribe" class="subscribe">');
    expect(form).toContain('<input type="hidden" name="ui_lang" value="zh"/>');
    expect(form).toMatch(/<select name="lang"[^>]*><option value="en">英文<\/option><option value="zh">中文<\/option><option value="both" selected="">中英文/);

    const mail = recordingEmail();
    const answer = await postForm('/zh/subscribe', { email: 'li.wei@example.org', frequency: 'daily', lang: 'both', ui_lang: 'zh', timezone: 'UTC' }, { EMAIL: mail.binding });
    expect(answer.status).toBe(200);
    const inbox = await answer.text();
    expect(inbox).toContain('<h1>请查收邮件</h1>');
    expect(inbox).toContain('如果 li.wei@example.org 能够接收我们的邮件');
    expect(await subscriberRow('li.wei@example.org')).toMatchObject({ status: 'pending', lang: 'both', ui_lang: 'zh' });

    const confirmation = mail.sent[0]!;
    expect(env.SITE_TITLE_ZH).toBe(TITLE);
    expect(confirmation.subject).toBe(`请确认订阅 ${TITLE}`);
    expect(confirmation.html).toMatch(/^<!doctype html><html lang="zh-Hans">/);
    expect(confirmation.text).toContain(`有人（希望是您本人）申请以此地址接收 ${TITLE}的邮件。`);
    const link = /https:\/\/herald\.example\.org\/zh\/confirm\?token=[A-Za-z0-9_.-]+/.exec(confirmation.text)![0];

    const page = await (await get(pathOf(link))).text();
    expect(page).toMatch(/^<!doctype html><html lang="zh-Hans">/);
    expect(page).toContain('<h1>确认订阅</h1>');
    const button = formOf(page);
    expect(button.action).toBe('/zh/confirm');
    const confirmed = await postForm(button.action, button.fields);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('<h1>订阅成功</h1>');
    expect(await subscriberRow('li.wei@example.org')).toMatchObject({ status: 'active' });

    await create({
      title: 'Workshop on International Rule of Law in Cyberspace',
      translation_key: 'rule-of-law',
      slug: 'rule-of-law-en',
      event: { kind: 'workshop', name: 'Workshop', start: '2099-08-12', organizers: ['Wuhan University, School of Law', 'Chinese Society of International Law'], participants: [], speakers: [{ name: 'Guo Feng', role: 'opening address' }] },
    });
    await create({
      title: '网络空间国际法治研讨会',
      body: '研讨会在武汉大学举行。与会专家就网络空间国际法治展开讨论。',
      lang: 'zh-Hans',
      translation_key: 'rule-of-law',
      topics: ['网络主权', '法治'],
      event: { kind: 'workshop', name: '网络空间国际法治研讨会', start: '2099-08-12', organizers: ['武汉大学法学院', '中国国际法学会'], participants: [], speakers: [{ name: '郭锋', role: '开幕致辞' }] },
    });
    // Their first daily digest, at 07:00 in their time zone.
    const due = (await subscriberRow('li.wei@example.org'))!.next_due_at as number;
    const queue = recordingQueue();
    await runCron(HOURLY, due, { DIGESTS: queue.queue });
    const digests = recordingEmail();
    await consume(queue.messages, { EMAIL: digests.binding });
    const digest = digests.sent[0]!;
    expect(digest.subject).toBe('新报告：网络空间国际法治研讨会');
    expect(digest.html).toMatch(/^<!doctype html><html lang="zh-Hans">/);
    // The short name (the Chinese title, no SITE_SHORT_NAME_ZH), the edition on the reader's calendar, one line of introduction.
    expect(digest.text.split('\n').slice(0, 2)).toEqual([expect.stringMatching(new RegExp(`^${TITLE} · 每日简报 · \\d{1,2}月\\d{1,2}日 星期[一二三四五六日]$`)), '过去一天新发布 1 篇报告。']);
    expect(digest.text).toContain('## 即将举行的活动');
    // The title underlined as wide as it looks: 11 Han characters, 22 columns.
    expect(digest.text).toContain('网络空间国际法治研讨会\n======================\n');
    expect(digest.text).toContain('\n网络空间国际法治研讨会\n时间：2099年8月12日');
    expect(digest.text).toContain('时间：2099年8月12日');
    expect(digest.text).toContain('主办单位：武汉大学法学院；中国国际法学会');
    expect(digest.text).toContain('  - 郭锋：开幕致辞');
    expect(digest.text).toContain('主题：网络主权、法治');
    expect(digest.text).toContain(`另有英文版：\n${SITE}/reports/rule-of-law-en`);
    expect(digest.text).toContain(`您收到这封邮件，是因为您订阅了 ${TITLE}。`);
    expect(digest.text).toMatch(/\n退订：\nhttps:\/\/herald\.example\.org\/zh\/unsubscribe\?token=/);
    expect(digest.text).toMatch(/\n修改订阅设置：\nhttps:\/\/herald\.example\.org\/zh\/preferences\?token=/);
    expect(digest.text).toContain(`往期简报（网页版）：\n${SITE}/zh/digests`);
    expect(digest.headers['List-Unsubscribe']).toMatch(/^<https:\/\/herald\.example\.org\/zh\/unsubscribe\?token=/);
    // No English word of Herald's own: only the site's name and the addresses.
    expect(digest.text.replace(/https:\/\/\S+/g, '').replace(/Herald|UTC|Workshop|rule-of-law/g, '')).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('answers an unknown lang with a 400 problem+json listing the choices, and stores nothing', async () => {
    const res = await postJson('/zh/subscribe', { email: 'x@example.org', lang: 'zh-Hans' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { errors: unknown[] }).errors).toEqual([{ field: 'lang', message: 'must be one of en, zh, both' }]);
    const ui = await postJson('/subscribe', { email: 'x@example.org', ui_lang: 'fr' });
    expect(((await ui.json()) as { errors: unknown[] }).errors).toEqual([{ field: 'ui_lang', message: 'must be one of en, zh' }]);
    expect(await subscriberRow('x@example.org')).toBeNull();
  });

  it('shows the form again in Chinese, each error from the catalogue, when a field is wrong', async () => {
    const res = await postForm('/zh/subscribe', { email: 'not-an-address', lang: 'klingon', ui_lang: 'zh', timezone: 'UTC' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('请更正下方标出的内容。');
    expect(html).toContain('<span class="error" id="email-error" role="alert">请输入一个有效的电子邮箱地址，例如 name@example.org。</span>');
    expect(html).toContain('<span class="error" id="lang-error" role="alert">请选择报告语言。</span>');
  });

  it('records the interface language of the page (a JSON sign-up at /zh/subscribe: Chinese; at /subscribe: English; or its ui_lang)', async () => {
    for (const [path, body, lang] of [
      ['/zh/subscribe', {}, 'zh'],
      ['/subscribe', {}, 'en'],
      ['/subscribe', { ui_lang: 'zh' }, 'zh'],
    ] as const) {
      const email = `${lang}-${path.length}-${Object.keys(body).length}@example.org`;
      const mail = recordingEmail();
      const res = await postJson(path, { email, ...body }, { EMAIL: mail.binding });
      expect(res.status).toBe(202);
      expect((await subscriberRow(email))!.ui_lang).toBe(lang);
      expect(mail.sent[0]!.text).toContain(lang === 'zh' ? `${SITE}/zh/confirm?token=` : `${SITE}/confirm?token=`);
    }
  });
});

describe('the pages behind an email’s links', () => {
  it('are in the subscriber’s interface language, whichever path opens them; a broken link in the path’s', async () => {
    const { manage, unsubscribe } = await subscriberWithTokens();
    await env.DB.prepare("UPDATE subscribers SET ui_lang = 'zh'").run();
    for (const path of [`/preferences?token=${manage}`, `/zh/preferences?token=${manage}`]) {
      const html = await (await get(path)).text();
      expect(html, path).toMatch(/^<!doctype html><html lang="zh-Hans">/);
      expect(html).toContain('<h1>订阅设置</h1>');
      expect(html).toContain(`action="/zh/preferences?token=${manage}"`);
    }
    expect(await (await get(`/unsubscribe?token=${unsubscribe}`)).text()).toContain('<h1>退订</h1>');
    expect(await (await get('/zh/preferences?token=broken')).text()).toContain('<h1>此链接无效</h1>');
    expect(await (await get('/preferences?token=broken')).text()).toContain('<h1>This link does not work</h1>');
  });

  it('switch language when the subscriber chooses another in their preferences', async () => {
    const { manage } = await subscriberWithTokens();
    const saved = await postForm(`/preferences?token=${manage}`, { frequency: 'weekly', timezone: 'UTC', lang: 'zh', ui_lang: 'zh' });
    const html = await saved.text();
    expect(html).toMatch(/^<!doctype html><html lang="zh-Hans">/);
    expect(html).toContain('您的设置已保存。');
    expect(html).toMatch(/<option value="zh" lang="zh" selected="">中文<\/option>/);
    expect(await subscriberRow('reader@example.org')).toMatchObject({ lang: 'zh', ui_lang: 'zh' });
    const back = await postForm(`/zh/preferences?token=${manage}`, { frequency: 'weekly', timezone: 'UTC', lang: 'both', ui_lang: 'en' });
    expect(await back.text()).toContain('Your preferences are saved.');
  });
});
