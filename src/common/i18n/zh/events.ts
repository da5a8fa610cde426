import type { Catalogue } from '../en/index.ts';

/** 活动页面与日历的中文文字。 */
export const events: Catalogue['events'] = {
  title: '活动',
  topicTitle: (topic: string) => `活动：${topic}`,
  subscribe: '在日历中订阅',
  upcoming: '即将举行的活动',
  noUpcoming: '目前没有已安排的活动。',
  noUpcomingMeaning: '研究院公布研讨会、会议或讲座后，活动会列在这里，并加入可订阅的活动日历。',
  seePast: '查看往期活动',
  followCalendar: '订阅活动日历',
  noEvents: '尚无活动报道。',
  latestReports: '阅读最新报道',
  past: '往期活动',
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
