import { describe, expect, it } from 'vitest';
import { addSubscriber, consume, FREQUENT, HOURLY, ledger, recordingEmail, recordingQueue, runCron, type SentEmail, serviceError } from './helpers.ts';
import { api, create, get } from '../support/worker.ts';
import { SITE } from '../support/site.ts';
import { nextDueAt } from '../../../src/digests/schedule.ts';

const HOUR = 3_600_000;
let n = 0;

/** A translation group: an English and a Chinese version of one piece, created in the order given. */
async function group(order: ('en' | 'zh')[] = ['en', 'zh']): Promise<{ key: string; en: string; zh: string }> {
  const key = `rule-of-law-${(n += 1)}`;
  for (const lang of order) {
    if (lang === 'en') await create({ slug: `${key}-en`, title: `Workshop on the rule of law ${n}`, translation_key: key, topics: ['rule-of-law'] });
    else await create({ title: `网络空间国际法治研讨会${n}`, lang: 'zh-Hans', translation_key: key, topics: ['rule-of-law'] });
  }
  return { key, en: `${key}-en`, zh: `${key}-zh` };
}

/** Runs the hourly cron an hour from now (every daily subscriber in UTC is due) and delivers what it enqueued. */
async function dailyRun(at = Date.now() + HOUR): Promise<SentEmail[]> {
  const queue = recordingQueue();
  await runCron(HOURLY, at, { DIGESTS: queue.queue });
  const mail = recordingEmail();
  await consume(queue.messages, { EMAIL: mail.binding });
  return mail.sent;
}

async function instantRun(at: number): Promise<SentEmail[]> {
  const queue = recordingQueue();
  await runCron(FREQUENT, at, { DIGESTS: queue.queue });
  const mail = recordingEmail();
  await consume(queue.messages, { EMAIL: mail.binding });
  return mail.sent;
}

const reportLinks = (html: string) => [...html.matchAll(/href="https:\/\/herald\.example\.org\/reports\/([^"]+)"/g)].map((m) => m[1]!);

describe('a group of two in the digests', () => {
  it('gives a reader of both languages one item, in their interface language, with a link to the other version', async () => {
    const g = await group(['zh', 'en']);
    await addSubscriber({ email: 'en-ui@example.org', lang: 'both', uiLang: 'en' });
    await addSubscriber({ email: 'zh-ui@example.org', lang: 'both', uiLang: 'zh' });
    const sent = await dailyRun();
    const english = sent.find((m) => m.to === 'en-ui@example.org')!;
    const chinese = sent.find((m) => m.to === 'zh-ui@example.org')!;
    // English interface: the English version (though the Chinese one became public first), once.
    expect(english.subject).toBe(`New report: Workshop on the rule of law ${n}`);
    expect(new Set(reportLinks(english.html))).toEqual(new Set([g.en, g.zh]));
    expect(english.html).toMatch(new RegExp(`<a href="${SITE}/reports/${g.zh}" hreflang="zh" [^>]*>Also in 中文</a>`));
    expect(english.text).toContain(`Also in 中文:\n${SITE}/reports/${g.zh}`);
    expect(english.text).not.toContain('网络空间国际法治研讨会');
    // Chinese interface: the Chinese version, with the English one linked.
    expect(chinese.subject).toBe(`新报告：网络空间国际法治研讨会${n}`);
    expect(chinese.html).toMatch(new RegExp(`<a href="${SITE}/reports/${g.en}" hreflang="en" [^>]*>另有英文版</a>`));
    expect(chinese.text).not.toContain('Workshop on the rule of law');
  });

  it('gives an en reader only English reports and a zh reader only Chinese ones, each linking the other version', async () => {
    const g = await group();
    await create({ title: 'English only report' });
    await create({ title: '仅有中文的报告', slug: 'chinese-only-zh', lang: 'zh' });
    await addSubscriber({ email: 'en@example.org', lang: 'en', uiLang: 'zh' });
    await addSubscriber({ email: 'zh@example.org', lang: 'zh', uiLang: 'en' });
    const sent = await dailyRun();
    const en = sent.find((m) => m.to === 'en@example.org')!;
    const zh = sent.find((m) => m.to === 'zh@example.org')!;
    expect(en.text).toContain('Workshop on the rule of law');
    expect(en.text).toContain('English only report');
    expect(en.text).not.toMatch(/网络空间国际法治研讨会|仅有中文的报告/);
    // Their interface is Chinese: the English-only report is marked so, in Chinese.
    expect(en.subject).toMatch(/^2 篇新报告：/);
    expect(en.text).toContain('仅英文');
    expect(en.text).toContain(`另有中文版：\n${SITE}/reports/${g.zh}`);
    expect(zh.text).toContain('网络空间国际法治研讨会');
    expect(zh.text).toContain('仅有中文的报告');
    expect(zh.text).not.toMatch(/Workshop on the rule of law|English only report/);
    expect(zh.text).toContain('Chinese only');
    expect(zh.text).toContain(`Also in English:\n${SITE}/reports/${g.en}`);
  });

  it('brings a reader of both nothing new when a translation becomes public after the first version went out; en and zh readers get their version then', async () => {
    await addSubscriber({ email: 'both@example.org', lang: 'both', uiLang: 'zh' });
    await addSubscriber({ email: 'zh@example.org', lang: 'zh', uiLang: 'zh' });
    await addSubscriber({ email: 'en@example.org', lang: 'en', uiLang: 'en' });
    const key = 'later-translation';
    await create({ slug: `${key}-en`, title: 'Forum on data governance', translation_key: key });
    const first = await dailyRun();
    expect(first.map((m) => m.to).sort()).toEqual(['both@example.org', 'en@example.org']);
    // The reader of both got the English version (no Chinese one yet), marked as English only.
    expect(first.find((m) => m.to === 'both@example.org')!.text).toContain('Forum on data governance');
    expect(first.find((m) => m.to === 'both@example.org')!.text).toContain('仅英文');

    await create({ title: '数据治理论坛', lang: 'zh-Hans', translation_key: key });
    const second = await dailyRun(Date.now() + 25 * HOUR);
    // Only the Chinese reader, who never got this piece, hears of it now; with a link to the English version.
    expect(second.map((m) => m.to)).toEqual(['zh@example.org']);
    expect(second[0]!.text).toContain('数据治理论坛');
    expect(second[0]!.text).toContain(`另有英文版：\n${SITE}/reports/${key}-en`);
  });

  it('sends a reader of both one instant email per group, and none for a later translation', async () => {
    await addSubscriber({ email: 'both@example.org', frequency: 'instant', lang: 'both', uiLang: 'zh' });
    await addSubscriber({ email: 'en@example.org', frequency: 'instant', lang: 'en', uiLang: 'en' });
    const g = await group(['en', 'zh']);
    const first = await instantRun(Date.now() + 60_000);
    const both = first.filter((m) => m.to === 'both@example.org');
    expect(both.map((m) => m.subject)).toEqual([`新报告：网络空间国际法治研讨会${n}`]);
    expect(first.filter((m) => m.to === 'en@example.org').map((m) => m.subject)).toEqual([`New report: Workshop on the rule of law ${n}`]);

    const key = 'instant-later';
    await create({ slug: `${key}-en`, title: 'Seminar on norms', translation_key: key });
    const second = await instantRun(Date.now() + 6 * 60_000);
    expect(second.map((m) => [m.to, m.subject]).sort()).toEqual([
      ['both@example.org', '新报告：Seminar on norms'],
      ['en@example.org', 'New report: Seminar on norms'],
    ]);
    await create({ title: '规范研讨会', lang: 'zh', translation_key: key });
    expect(await instantRun(Date.now() + 11 * 60_000)).toEqual([]);
    expect(g.zh).toBe(`${g.key}-zh`);
  });
});

describe('choosing again', () => {
  it('chooses the same one version per group when a refused email is sent on the retry, and digests of both kinds', async () => {
    for (const frequency of ['daily', 'instant'] as const) await addSubscriber({ email: `${frequency}@example.org`, frequency, lang: 'both', uiLang: 'en' });
    const g = await group(['zh', 'en']);
    for (const [cron, at] of [
      [HOURLY, Date.now() + HOUR],
      [FREQUENT, Date.now() + 60_000],
    ] as const) {
      const queue = recordingQueue();
      await runCron(cron, at, { DIGESTS: queue.queue });
      // The first attempt claims the window, then the service refuses: the row waits, claimed.
      await consume(queue.messages, { EMAIL: recordingEmail(() => ({ throw: serviceError('E_RATE_LIMIT_EXCEEDED') })).binding });
      const mail = recordingEmail();
      await consume(queue.messages, { EMAIL: mail.binding }, { attempts: 2 });
      expect(mail.sent.map((m) => m.subject)).toEqual([`New report: Workshop on the rule of law ${n}`]);
      expect(mail.sent[0]!.html).toContain(`href="${SITE}/reports/${g.zh}" hreflang="zh"`);
    }
    expect((await ledger()).map((row) => row.status)).toEqual(['sent', 'sent']);
  });

  it('previews for the admin what a reader of both would get: one item per group', async () => {
    await addSubscriber({ email: 'both@example.org', lang: 'both', uiLang: 'zh' });
    await group();
    const preview = (await (await api('GET', '/digests/preview?email=both@example.org')).json()) as { reports: number; subject: string };
    expect(preview).toMatchObject({ reports: 1, subject: `新报告：网络空间国际法治研讨会${n}` });
  });
});

describe('the web digest in each language', () => {
  it('lists one item per group in the page’s language at /digest and /zh/digest, with a link to the other version', async () => {
    const g = await group(['zh', 'en']);
    const english = await (await get('/digest')).text();
    expect(english).toMatch(/^<!doctype html><html lang="en">/);
    expect(new Set(reportLinks(english))).toEqual(new Set([g.en, g.zh]));
    expect(english).not.toContain('网络空间国际法治研讨会');
    const chinese = await (await get('/zh/digest')).text();
    expect(chinese).toMatch(/^<!doctype html><html lang="zh-Hans">/);
    expect(chinese).toContain('网络空间国际法治研讨会');
    expect(chinese).not.toContain('>Workshop on the rule of law');
    expect(chinese).toContain('另有英文版');
    // The topic by its Chinese label, never its slug.
    expect(chinese).toContain('主题：法治');
    expect(chinese).toContain(`<link rel="alternate" hreflang="en" href="${SITE}/digest"/>`);
    expect(chinese).toContain(`<link rel="alternate" hreflang="zh-Hans" href="${SITE}/zh/digest"/>`);
    const json = (await (await get('/zh/digest.json?lang=en')).json()) as { lang: string; items: { slug: string; alternates: { lang: string }[] }[] };
    expect(json.lang).toBe('zh');
    expect(json.items.map((i) => i.slug)).toEqual([g.en]);
  });

  it('keeps each edition in both languages: /digests and /zh/digests, and their Atom feeds, one item per group', async () => {
    const g = await group(['zh', 'en']);
    const seven = nextDueAt('daily', 'UTC', Date.now(), { hour: 7, weekday: 1 })!;
    await runCron(HOURLY, seven, { DIGESTS: recordingQueue().queue });
    const english = await (await get('/digests')).text();
    const chinese = await (await get('/zh/digests')).text();
    expect(english).toContain(`New report: Workshop on the rule of law ${n}`);
    expect(chinese).toMatch(/^<!doctype html><html lang="zh-Hans">/);
    expect(chinese).toContain(`新报告：网络空间国际法治研讨会${n}`);
    const id = /href="https:\/\/herald\.example\.org\/zh\/digests\/(\d+)"/.exec(chinese)![1];
    const edition = await (await get(`/zh/digests/${id}`)).text();
    expect(new Set(reportLinks(edition))).toEqual(new Set([g.zh, g.en]));
    expect(edition).toContain('另有英文版');
    const atom = await (await get('/zh/digests/atom.xml')).text();
    expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-Hans">');
    expect(atom).toContain(`<id>${SITE}/zh/digests</id>`);
  });

  it('answers an unknown lang with a 400 listing the choices', async () => {
    const res = await get('/zh/digest?lang=fr');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ field: 'lang', message: 'must be one of en, zh, both' }] });
  });
});
