import type { Catalogue } from '../en/index.ts';

/** 活动页面与日历的中文文字。 */
export const events: Catalogue['events'] = {
  title: '活动',
  topicTitle: (topic: string) => `活动：${topic}`,
  subscribe: '在日历中订阅',
  upcoming: '即将举行',
  noUpcoming: '暂无即将举行的活动。',
  kinds: { workshop: '研讨会', conference: '大会', forum: '论坛', lecture: '讲座', seminar: '座谈会', meeting: '会议', other: '活动' },
  label: (name: string) => `${name}：`,
  labelled: (name: string, value: string) => `${name}：${value}`,
  organizedBy: '主办单位',
  speakers: '发言人',
  /** 名称本身含逗号时用分号隔开，否则用顿号。 */
  list: (items: string[]) => items.join(items.some((item) => /[,，]/.test(item)) ? '；' : '、'),
  place: (parts: string[]) => parts.join('，'),
  online: '（线上）',
  speaker: (name: string, affiliation: string | undefined, role: string) => `${name}${affiliation ? `，${affiliation}` : ''}（${role}）`,
  calendarName: (site: string) => `${site} · 活动`,
  topicCalendarName: (site: string, topic: string) => `${site} · 活动：${topic}`,
};
