import type { Catalogue } from '../en/index.ts';

/** 关注方式（/zh/follow 页面）、主题索引与 OPML 文件的中文文字。 */
export const follow: Catalogue['follow'] = {
  title: '关注我们的报道',
  intro: '我们发布新报道时，您可以通过三种方式获知：电子邮件、订阅源阅读器或日历。均无需注册账号，随时可以退订。',
  contentsLabel: '本页内容',
  email: {
    heading: '电子邮件',
    text: '简报会在每篇报道发布时送达，也可以选择每日或每周汇总一次。主题和语言由您选择；每封邮件都附有退订链接。',
    subscribe: '订阅简报',
    past: '在网页上阅读往期简报',
    feed: '简报订阅源',
  },
  feeds: {
    heading: '订阅源阅读器',
    text: '订阅源是一个网址，阅读器（例如 Feedly、Inoreader、NetNewsWire 或 Thunderbird）会定期检查其中的新报道，无需电子邮件即可送达。复制下面的网址，添加到您的阅读器即可。',
    formats: '每个订阅源都有三种格式，内容相同：RSS 适用于所有阅读器；Atom 和 JSON Feed 供偏好这两种格式的阅读器和工具使用。',
    allAtOnce: '如需一次添加全部订阅源，请将下面的列表文件（OPML）导入阅读器：',
    opmlLanguage: '中文报道及各主题',
    opmlEvery: '全部订阅源（所有语言）',
  },
  calendars: {
    heading: '日历',
    text: '我们所报道的活动，以日历形式提供，日历应用会自动更新。复制网址，添加为订阅日历即可：Google 日历中选择“其他日历”→“通过网址添加”；苹果“日历”中选择“文件”→“新建日历订阅”；Outlook 中选择“添加日历”→“从 Web 订阅”。',
    all: '全部活动',
    every: '全部活动（所有语言）',
    open: '在日历应用中打开',
  },
  topics: {
    heading: '按主题',
    text: '每个主题都有单独的订阅源和日历。',
    none: '暂无已发布报道的主题。',
  },
  feed: '订阅源',
  calendar: '日历',
  alsoAs: '其他格式',
  copy: '复制',
  copied: '已复制',
  copyLabel: (what: string, name: string) => `复制${what}网址：${name}`,
  topicsTitle: '主题',
  topicsIntro: '我们的报道所涉及的主题。每个主题都有单独的报道页面、订阅源和日历。',
  topicsFollow: '通过订阅源或日历关注某个主题',
  opmlTitle: (site: string) => `${site}：订阅源`,
  opmlAll: '全部报道',
  opmlBriefs: '每日与每周简报',
};
