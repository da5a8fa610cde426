import type { Catalogue } from '../en/index.ts';
import { report } from './report.ts';

/** 频道推送报道时的中文文字。 */
export const crossposts: Catalogue['crossposts'] = {
  readReport: '阅读全文',
  linked: (head: string, url: string) => `${head}：${url}`,
  /** The same names as the report page's. */
  kinds: report.kinds,
  eventLine: (kind: string, name: string | undefined, when: string, place: string | undefined) => `【${kind}】${[name, when, place].filter(Boolean).join('｜')}`,
  place: (parts: string[], online: boolean) => parts.join('，') + (online && !/线上|在线|网上|云端|online/i.test(parts[0] ?? '') ? '（线上）' : ''),
  testTitle: (site: string) => `${site}测试消息`,
  testSummary: (channel: string) => `本频道（${channel}）已设置完成，新发布的报道将在此推送。`,
};
