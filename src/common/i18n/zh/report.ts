import type { Catalogue } from '../en/index.ts';

let dayFormat: Intl.DateTimeFormat | undefined;
const day = (ms: number) => (dayFormat ??= new Intl.DateTimeFormat('zh-Hans', { dateStyle: 'long', timeZone: 'UTC' })).format(ms);

/** What a name says of itself: an event noun at its end ("……研讨会", "……论坛") needs no kind before it. */
const NAMES_ITS_KIND = /(会|会议|论坛|讲座|活动|研讨班|工作坊|沙龙|对话|峰会|培训班|课程)$/u;

/** Two Latin words meet with a space; Chinese text runs on. */
const joinRun = (a: string, b: string) => (/[\p{Script=Latin}\d]$/u.test(a) && /^[\p{Script=Latin}\d]/u.test(b) ? `${a} ${b}` : `${a}${b}`);

/** Separators of a list: 、 between plain items; ； when an item has a comma or 、 of its own, so items stay apart. */
const list = (items: string[]) => items.join(items.some((item) => /[、，,；;]/u.test(item)) ? '；' : '、');

/** 报道页面及活动信息的中文文字。 */
export const report: Catalogue['report'] = {
  kinds: { workshop: '研讨会', conference: '大会', forum: '论坛', lecture: '讲座', seminar: '研讨会', meeting: '会议', other: '活动' },
  // “网络空间国际规则：共识与展望”论坛；网络空间国际法治研讨会（名称已含类别）。
  heading: (kind: string, name: string) => (NAMES_ITS_KIND.test(name) ? name : /[“”"《]/u.test(name) ? `${kind}：${name}` : `“${name}”${kind}`),
  kicker: '报道',
  aboutEvent: '活动信息',
  gist: (when: string, where: string | undefined) => (where ? `${when}，${where}` : when),
  when: '时间',
  where: '地点',
  organizers: '主办单位',
  participants: '参会机构',
  speakers: '发言嘉宾',
  byline: (names: string[]) => `作者：${list(names)}`,
  // 2022年8月12日发布；2022年9月3日更新。
  published: ['', '发布'],
  updated: ['', '更新'],
  topics: '主题',
  downloads: '附件下载',
  fileKinds: { 'application/pdf': 'PDF 文档', 'image/png': 'PNG 图片', 'image/jpeg': 'JPEG 图片', 'image/webp': 'WebP 图片', 'image/gif': 'GIF 图片' },
  bytes: (n: number) => `${n} 字节`,
  // PDF 文档，1.2 MB
  fileFacts: (kind: string, size: string) => `${kind}，${size}`,
  citeThis: '引用本文',
  downloadCitation: '下载引文',
  // 按 GB/T 7714—2015 著录：作者. 题名[R/OL]. 出版者, 日期. 网址
  citation: (authors: string[], title: string, institution: string, published: number, url: string) =>
    `${authors.join(', ')}. ${title}[R/OL]. ${institution}, ${new Date(published).toISOString().slice(0, 10)}. ${url}`,
  // 由大到小：中国武汉，珞珈山庄。
  place: (name: string, city: string | undefined, country: string | undefined, online: boolean) => {
    const region = country && city ? (city.startsWith(country) ? city : joinRun(country, city)) : (city ?? country);
    const parts = [region, name].filter((part): part is string => Boolean(part));
    return parts.filter((part, i) => parts.indexOf(part) === i).join('，') + (online && !/线上|在线|网上|online/iu.test(name) ? '（线上）' : '');
  },
  day,
  comma: '、',
  label: (name: string) => `${name}：`,
  addToCalendar: '添加到日历',
  ics: 'iCalendar 文件（.ics）',
  googleCalendar: 'Google 日历',
  calendarName: (site: string, event: string) => `${site}：${event}`,
  pageTitle: (title: string, site: string) => `${title} · ${site}`,
};
