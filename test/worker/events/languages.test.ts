import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { api, create, get, withEnv } from '../support/worker.ts';
import { DAY } from '../support/clock.ts';

const SITE = 'https://herald.example.org';
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const SOON = iso(Date.now() + 20 * DAY);

const FORUM = { kind: 'forum', name: 'Forum on international rules', start: SOON, location: { name: 'Wuzhen', city: 'Wuzhen', country: 'China' }, organizers: ['Wuhan University', 'Shanghai Academy of Social Sciences'] };
const 论坛 = { ...FORUM, name: '网络空间国际规则论坛', location: { name: '乌镇', city: '浙江乌镇', country: '中国' }, organizers: ['武汉大学', '上海社会科学院'] };

/** A group of two with an upcoming event, an English-only event and a Chinese-only one (in a group), all on one topic. */
async function seedEvents() {
  const en = await create({ title: 'Forum on international rules', slug: 'rules-forum-en', translation_key: 'rules-forum', topics: ['rules'], event: FORUM });
  const zh = await create({ title: '网络空间国际规则论坛', lang: 'zh-Hans', translation_key: 'rules-forum', topics: ['rules'], event: 论坛 });
  const enOnly = await create({ title: 'Workshop of 2022', topics: ['rules'], event: { kind: 'workshop', name: 'Workshop of 2022', start: '2022-08-12', organizers: ['Wuhan University'] } });
  const zhOnly = await create({ title: '二〇一七年论坛', lang: 'zh-Hans', translation_key: 'forum-2017', topics: ['rules'], event: { kind: 'forum', name: '二〇一七年论坛', start: '2017-12-04T14:00+08:00', end: '2017-12-04T17:30+08:00', organizers: ['武汉大学', '现代国际关系研究院'] } });
  return { en, zh, enOnly, zhOnly };
}

async function names(path: string, env?: Record<string, string>): Promise<string[]> {
  const res = env ? await withEnv(env, path) : await get(path);
  expect(res.status, path).toBe(200);
  const html = await res.text();
  return [
    ...html.matchAll(/<li class="event-item" lang="[^"]*" dir="auto"><time class="date-block"[^>]*>.*?<\/time><div class="event-body"><p class="kicker" lang="[^"]+">[^<]*(?: · <span class="only">([^<]+)<\/span>)?<\/p><h([34]) class="event-title"><a href="[^"]+">([^<]+)<\/a><\/h\2>/g),
  ].map((m) => (m[1] ? `${m[3]} [${m[1]}]` : m[3]!));
}

async function calendar(path: string, env?: Record<string, string>) {
  const res = env ? await withEnv(env, path) : await get(path);
  expect(res.status, path).toBe(200);
  const text = await res.text();
  const component = new ICAL.Component(ICAL.parse(text));
  const events = component.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  return { text, name: component.getFirstPropertyValue('x-wr-calname'), events, summaries: events.map((e) => e.summary) };
}

describe('events in each language', () => {
  it('shows a group of two once on /events and /zh/events, in the page’s language, and marks the other language’s only version', async () => {
    await seedEvents();
    expect(await names('/events')).toEqual(['Forum on international rules', 'Workshop of 2022', '二〇一七年论坛 [Chinese only]']);
    expect(await names('/zh/events')).toEqual(['网络空间国际规则论坛', 'Workshop of 2022 [仅英文]', '二〇一七年论坛']);
    expect(await names('/topics/rules/events')).toEqual(['Forum on international rules', 'Workshop of 2022', '二〇一七年论坛 [Chinese only]']);
    expect(await names('/zh/topics/rules/events')).toEqual(['网络空间国际规则论坛', 'Workshop of 2022 [仅英文]', '二〇一七年论坛']);
  });

  it('has one event per group in each language’s calendar, named in that language, with the other language’s only version marked', async () => {
    await seedEvents();
    const zh = await calendar('/zh/events.ics');
    expect(zh.name).toBe('Herald 网络空间治理报道 · 活动');
    expect(zh.summaries).toEqual(['网络空间国际规则论坛', 'Workshop of 2022', '二〇一七年论坛']);
    expect(zh.events[1]!.description.split('\n')[0]).toBe('仅英文');
    expect(zh.events[0]!.description).toContain('主办单位：武汉大学、上海社会科学院');
    expect(zh.text).toContain('SUMMARY;LANGUAGE=zh-Hans:网络空间国际规则论坛');
    const en = await calendar('/en/events.ics');
    expect(en.name).toBe('Herald events');
    expect(en.summaries).toEqual(['Forum on international rules', 'Workshop of 2022', '二〇一七年论坛']);
    expect(en.events[2]!.description.split('\n')[0]).toBe('Chinese only');
    expect(en.events[0]!.description).toContain('Organized by: Wuhan University; Shanghai Academy of Social Sciences');
    const topic = await calendar('/zh/topics/rules/events.ics');
    expect(topic.name).toBe('Herald 网络空间治理报道 · 活动：rules');
    expect(topic.summaries).toEqual(zh.summaries);
  });

  it('keeps one event per real event in the calendar in every language (/events.ics): the English version, else the other; UIDs unchanged by a translation', async () => {
    const { en } = await seedEvents();
    const before = await calendar('/events.ics');
    expect(before.name).toBe('Herald events');
    expect(before.summaries).toEqual(['Forum on international rules', 'Workshop of 2022', '二〇一七年论坛']);
    // Nothing is marked in the calendar of every language.
    expect(before.events.map((e) => e.description.split('\n')[0])).not.toContain('Chinese only');
    const uids = before.events.map((e) => e.uid);
    expect(new Set(uids).size).toBe(3);
    // A translation of the Chinese-only event: the English version replaces it; the others keep their UIDs.
    await create({ title: 'Forum of 2017', slug: 'forum-2017-en', translation_key: 'forum-2017', topics: ['rules'], event: { kind: 'forum', name: 'Forum of 2017', start: '2017-12-04T14:00+08:00', organizers: ['Wuhan University'] } });
    const after = await calendar('/events.ics');
    expect(after.summaries).toEqual(['Forum on international rules', 'Workshop of 2022', 'Forum of 2017']);
    expect(after.events.slice(0, 2).map((e) => e.uid)).toEqual(uids.slice(0, 2));
    expect(after.events[0]!.uid).toBe(`${en.created.slice(0, 10)}-${en.slug}@herald.example.org`);
    // The Chinese calendar keeps the Chinese version, and its UID.
    const zh = await calendar('/zh/events.ics');
    expect(zh.events[2]!.uid).toBe(uids[2]);
  });

  it('leaves the other language’s only version out under TRANSLATION_FALLBACK=omit, pages and calendars alike', async () => {
    await seedEvents();
    const omit = { TRANSLATION_FALLBACK: 'omit' };
    expect(await names('/events', omit)).toEqual(['Forum on international rules', 'Workshop of 2022']);
    expect(await names('/zh/events', omit)).toEqual(['网络空间国际规则论坛', '二〇一七年论坛']);
    expect((await calendar('/zh/events.ics', omit)).summaries).toEqual(['网络空间国际规则论坛', '二〇一七年论坛']);
    expect((await calendar('/en/events.ics', omit)).summaries).toEqual(['Forum on international rules', 'Workshop of 2022']);
    // Every real event once, whatever the setting.
    expect((await calendar('/events.ics', omit)).summaries).toHaveLength(3);
  });

  it('has reciprocal hreflang alternates and a language switch to the same page', async () => {
    await seedEvents();
    for (const path of ['/events', '/topics/rules/events']) {
      const en = `${SITE}${path}`;
      const zh = `${SITE}/zh${path}`;
      for (const page of [path, `/zh${path}`]) {
        const html = await (await get(page)).text();
        const links = Object.fromEntries([...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
        expect(links, page).toEqual({ en, 'zh-Hans': zh, 'x-default': en });
      }
      expect(await (await get(path)).text()).toContain(`<a href="${zh}" hreflang="zh-Hans" lang="zh-Hans">中文</a>`);
      expect(await (await get(`/zh${path}`)).text()).toContain(`<a href="${en}" hreflang="en" lang="en">English</a>`);
    }
  });

  it('speaks Chinese on /zh/events: labels, kinds, dates through Intl, the calendar links', async () => {
    await seedEvents();
    const html = await (await get('/zh/events')).text();
    expect(html).toContain('<html lang="zh-Hans">');
    expect(html).toContain('<h1>活动</h1>');
    expect(html).toContain('<h2 id="upcoming">即将举行的活动</h2>');
    expect(html).toContain('<h2 id="past">往期活动</h2>');
    expect(html).toContain('<h3 class="year-heading">2022年</h3>');
    // The date block in Chinese: month, day, year.
    expect(html).toContain('<time class="date-block" datetime="2022-08-12" aria-hidden="true"><span class="date-block-month">8月</span><span class="date-block-day">12</span><span class="date-block-year">2022</span></time>');
    expect(html).toContain('在日历中订阅：<a href="webcal://herald.example.org/zh/events.ics">');
    expect(html).toContain('2022年8月12日');
    expect(html).toContain('2017年12月4日 14:00–17:30（UTC+08:00）');
    expect(html).toContain('主办单位：</span>武汉大学、现代国际关系研究院');
    expect(html).toContain('>论坛');
    for (const english of ['Upcoming', 'Subscribe', 'Organized by', 'Forum<', 'Events<']) expect(html).not.toContain(english);
    const english = await (await get('/events')).text();
    expect(english).toContain('4 December 2017, 14:00–17:30 UTC+08:00');
    // A place and a list of names are the report's text: written as its own language writes them.
    expect(html).toContain(' · 乌镇，浙江乌镇，中国');
    expect(english).toContain('Organized by: </span>武汉大学、现代国际关系研究院');
    expect(english).toContain('Subscribe in your calendar: <a href="webcal://herald.example.org/en/events.ics">');
  });

  it('moves a topic named in another case to its own address in the same language', async () => {
    await seedEvents();
    const res = await withEnv({}, '/zh/topics/Rules/events.ics', { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`${SITE}/zh/topics/rules/events.ics`);
  });

  it('drops every language’s copies when a version changes: the Chinese calendar shows a Chinese translation added later', async () => {
    await create({ title: 'Lecture on due diligence', slug: 'lecture-en', translation_key: 'lecture', event: { kind: 'lecture', name: 'Lecture on due diligence', start: SOON } });
    expect((await calendar('/zh/events.ics')).summaries).toEqual(['Lecture on due diligence']);
    expect(await names('/zh/events')).toEqual(['Lecture on due diligence [仅英文]']);
    const zh = await create({ title: '尽职调查讲座', lang: 'zh-Hans', translation_key: 'lecture', event: { kind: 'lecture', name: '尽职调查讲座', start: SOON } });
    expect((await calendar('/zh/events.ics')).summaries).toEqual(['尽职调查讲座']);
    expect(await names('/zh/events')).toEqual(['尽职调查讲座']);
    await api('DELETE', `/reports/${zh.slug}`);
    expect((await calendar('/zh/events.ics')).summaries).toEqual(['Lecture on due diligence']);
  });
});
