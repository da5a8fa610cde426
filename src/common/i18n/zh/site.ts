import type { Catalogue } from '../en/index.ts';

/** 页面框架的中文文字。 */
export const site: Catalogue['site'] = {
  languageName: '中文',
  switchLabel: '语言',
  nav: { home: '报道', archive: '归档', events: '活动', digest: '本周摘要', subscribe: '邮件订阅' },
  follow: '订阅源：',
  latest: '最新报道',
  topic: (topic: string) => `主题：${topic}`,
  onlyIn: (language: string) => `仅${language}`,
  languages: { en: '英文', zh: '中文' },
  alsoIn: '其他语言版本',
  notFoundTitle: '页面不存在',
  notFound: ['此地址没有内容。首页有', '。'],
  notFoundHome: '最新报道',
};
