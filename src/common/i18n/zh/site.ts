import type { Catalogue } from '../en/index.ts';

/** 页面框架的中文文字。 */
export const site: Catalogue['site'] = {
  languageName: '中文',
  switchLabel: '语言',
  nav: { reports: '报道', events: '活动', topics: '主题', archive: '归档', newsletter: '简报', follow: '关注' },
  navLabel: '栏目',
  footerNavLabel: '栏目（页脚）',
  skip: '跳到正文',
  homeLabel: (name: string) => `${name}：首页`,
  footerFollow: '订阅源、日历与邮件：全部关注方式',
  latest: '最新报道',
  topic: (topic: string) => `主题：${topic}`,
  onlyIn: (language: string) => `仅${language}`,
  languages: { en: '英文', zh: '中文' },
  alsoIn: '其他语言版本',
  notFoundTitle: '页面不存在',
  notFound: ['此地址没有内容。首页有', '。'],
  notFoundHome: '最新报道',
};
