import type { Catalogue } from '../en/index.ts';

/** 归档页面的中文文字。 */
export const archive: Catalogue['archive'] = {
  title: '归档',
  topicTitle: (topic: string) => `归档：${topic}`,
  topicPeriod: (topic: string, period: string) => `${topic}：${period}`,
  latestOn: (topic: string) => `“${topic}”最新报道`,
  colon: '：',
  monthSeparator: '、',
  emptyInLanguage: '尚未发布中文报道。',
  emptyMonth: '本月报道的中文版本发布于其他月份，已列入相应月份。',
  published: '发布于',
  monthReports: (month: string) => `${month}的报道`,
  periods: '归档时间导航',
  periodsEnd: '归档时间导航（页末）',
  monthFeeds: '关注新报道：订阅源、日历与邮件',
};
