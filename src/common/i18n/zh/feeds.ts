import type { Catalogue } from '../en/index.ts';

/** 首页、主题页与订阅源的中文文字。 */
export const feeds: Catalogue['feeds'] = {
  published: ['发布于', ''],
  allByMonth: '按月浏览全部报道',
  andBefore: (month: string) => `${month}及更早 →`,
  olderReports: '更早的报道',
  moreReports: '更多报道',
  topicKicker: '主题',
  topicsLabel: '主题',
  moreTopics: (count: number) => `另有${count}个`,
  none: '尚未发布报道。',
  noneInLanguage: '该主题暂无中文报道。',
  readFullReport: '阅读报道全文',
  colon: '：',
  separator: '、',
  archiveDescription: (description: string, month: string) => `${description}：${month}的报道`,
  topicTitle: (site: string, topic: string) => `${site}：${topic}`,
  topicDescription: (description: string, topic: string) => `${description}（主题：${topic}）`,
  feedInLanguage: '中文报道',
  feedEveryLanguage: '全部语言的报道',
  kinds: { workshop: '研讨会', conference: '大会', forum: '论坛', lecture: '讲座', seminar: '专题研讨会', meeting: '会议', other: '活动' },
  kindAndName: (kind: string, name: string) => `${kind}：${name}`,
  place: (parts: string[]) => parts.join('，'),
  online: (place: string) => `${place}（线上）`,
};
