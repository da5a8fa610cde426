import type { digest as en } from '../en/digest.ts';
import { mix } from './mix.ts';
import { report } from './report.ts';
import { dateFormat } from '../../intl.ts';

/** A language's Chinese name (“英文”, “中文”). */
function languageName(lang: string): string {
  const primary = lang.split('-')[0]!.toLowerCase();
  return primary === 'zh' ? '中文' : primary === 'en' ? '英文' : (new Intl.DisplayNames('zh', { type: 'language' }).of(primary) ?? lang);
}

/** 按时区缓存的日期格式（见 dateFormat）。 */
const formatIn = (timeZone: string, options: Intl.DateTimeFormatOptions) => dateFormat('zh-Hans', { timeZone, ...options });

/** 摘要（网页、JSON、纯文本、邮件）及往期摘要的文字。 */
export const digest: typeof en = {
  /** 读者日历上的一天：“12月3日 星期四”。 */
  dayDate: (ms: number, timeZone: string) => `${formatIn(timeZone, { month: 'long', day: 'numeric' }).format(ms)} ${formatIn(timeZone, { weekday: 'long' }).format(ms)}`,
  /** 不带星期的日期：“11月30日”。 */
  dayMonth: (ms: number, timeZone: string) => formatIn(timeZone, { month: 'long', day: 'numeric' }).format(ms),
  /** 24 小时制时刻：“07:00”。 */
  clock: (ms: number, timeZone: string) => formatIn(timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms),
  editions: {
    daily: (day: string) => `每日简报 · ${day}`,
    weekly: (day: string) => `每周简报 · ${day}当周`,
    instant: '新报告',
  },
  intro: {
    daily: (count: number, upcomingFirst: boolean) => `${mix('过去一天新发布', count, '篇报告')}${upcomingFirst ? '，即将举行的活动排在前面' : ''}。`,
    weekly: (count: number, upcomingFirst: boolean) => `${mix('过去一周新发布', count, '篇报告')}${upcomingFirst ? '，即将举行的活动排在前面' : ''}。`,
    instant: (site: string, day: string) => `${mix(site, '于', day, '发布。')}`,
  },
  readTitle: (title: string) => `阅读：${title}`,
  subjectOne: (title: string) => `新报告：${title}`,
  subjectMany: (count: number, first: string) => `${mix(count, '篇新报告')}：${mix(first, '等')}`,
  subjectNone: '暂无新报告',
  heading: (site: string) => mix(site, '摘要'),
  window: (since: string, until: string, timeZone: string) => `${since}至${until}期间公开的报告（${mix('时间为', timeZone, '时区')}）`,
  upcoming: '即将举行的活动',
  past: '报告',
  news: '新闻',
  /** 与报告页面相同的名称。 */
  kinds: report.kinds,
  /** 中文标签用全角冒号，其后不加空格。 */
  label: (name: string) => `${name}：`,
  /** 全角冒号后不加空格。 */
  afterLabel: (value: string) => value,
  /** 机构名、发言人等本身可能含逗号的名称，用分号隔开。 */
  list: (items: string[]) => items.join('；'),
  /** 主题等简单词语，用顿号隔开。 */
  wordList: (items: string[]) => items.join('、'),
  /** 与报告页面一致：姓名（单位）：角色。 */
  speaker: (name: string, role: string) => `${name}：${role}`,
  affiliated: (name: string, affiliation: string) => `${name}（${affiliation}）`,
  when: '时间',
  where: '地点',
  organizers: '主办单位',
  speakers: '发言嘉宾',
  topics: '主题',
  moreSpeakers: (n: number) => mix('另有', n, '位'),
  read: '阅读报告全文',
  alsoIn: (lang: string) => `另有${languageName(lang)}版`,
  only: (lang: string) => `仅${languageName(lang)}`,
  more: (n: number) => mix('网页版另有', n, '篇报告'),
  empty: '此期间没有公开的报告。',
  unsubscribe: '退订',
  preferences: '修改订阅设置',
  archive: '往期简报（网页版）',
  why: (site: string) => mix('您收到这封邮件，是因为您订阅了', site, '。'),
  visit: '访问网站',
  archiveTitle: (site: string) => `${site}：往期简报`,
  archiveEmpty: '尚未发布任何简报。',
  daily: '每日简报',
  weekly: '每周简报',
  older: '更早的简报',
  subscribe: '邮件订阅',
};
