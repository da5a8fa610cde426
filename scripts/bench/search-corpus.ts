/**
 * The search benchmark's corpus: deterministic reports mixed like the institute's, 60 %
 * English (the archive benchmark's reports) and 40 % Chinese, built here from a pool of real
 * governance vocabulary drawn with Zipf-like weights, with Chinese names, institutions and a
 * few English terms inside the Chinese text. Report `i` is always the same (its own PRNG), so
 * the 1,000-report archive is the newest part of the 10,000-report one.
 *
 * Planted on purpose: the rare English word {@link RARE_WORD} is in the bodies of exactly the
 * reports {@link RARE_AT} (all below 1,000), so it has the same hits at every size.
 *
 * Bench-only code: no imports at run time beyond the corpus, so it bundles for workerd.
 */
import { EVENT_KINDS } from '../../src/reports/schema.ts';
import { int, pick, pickSome, prng, publishedMs, type Rand, type ReportJson, reportJson } from './corpus.ts';

export const RARE_WORD = 'Wassenaar';
export const RARE_AT: readonly number[] = [17, 210, 430, 650, 880];

/** Governance vocabulary, most frequent first: a word of rank r is drawn with weight 1/(r+2). */
const VOCAB = [
  '网络空间', '治理', '国际法', '安全', '数据', '国家', '规则', '合作', '网络安全', '互联网', '技术', '发展',
  '主权', '人工智能', '联合国', '平台', '监管', '个人信息', '国际社会', '法治', '跨境', '网络犯罪', '信息通信技术', '标准',
  '数字经济', '发展中国家', '国家实践', '国际组织', '风险', '伦理', '立法', '执法', '管辖权', '多边主义', '算法', '关键信息基础设施',
  '网络攻击', '审慎义务', '责任', '供应链', '数字贸易', '能力建设', '公约', '条约', '隐私', '归因', '制裁', '不干涉原则',
  '个人信息保护', '数据安全', '数据出境', '开放式工作组', '政府专家组', '习惯国际法', '国家责任', '自卫权', '国际人道法', '国际人权法', '网络恐怖主义', '半导体',
  '出口管制', '建立信任措施', '电子证据', '司法协助', '全球南方', '区域组织', '数据本地化', '内容审核', '网络主权', '数据主权', '法律确信', '人类命运共同体',
] as const;
const WEIGHTS = VOCAB.map((_, r) => 1 / (r + 2));
const TOTAL = WEIGHTS.reduce((a, b) => a + b, 0);

function word(rand: Rand): string {
  let x = rand() * TOTAL;
  for (let r = 0; r < VOCAB.length; r++) {
    x -= WEIGHTS[r]!;
    if (x <= 0) return VOCAB[r]!;
  }
  return VOCAB[0];
}

const SUBJECTS = [
  ['网络空间国际法治', ['rule-of-law', 'international-law'], ['国际法', '法治']],
  ['数据主权与跨境数据流动', ['data-governance', 'sovereignty'], ['数据主权', '跨境', '数据出境']],
  ['网络行动中的审慎义务', ['due-diligence', 'international-law'], ['审慎义务', '国家责任']],
  ['网络攻击的公开归因', ['cyber-attribution', 'state-responsibility'], ['归因', '网络攻击', '电子证据']],
  ['单边网络制裁的合法性', ['cyber-sanctions', 'international-law'], ['制裁', '不干涉原则']],
  ['联合国网络犯罪公约谈判', ['cybercrime', 'united-nations'], ['网络犯罪', '公约', '司法协助']],
  ['人工智能治理', ['ai-governance', 'ethics'], ['人工智能', '伦理', '算法']],
  ['平台监管与内容审核', ['platform-regulation', 'human-rights'], ['平台', '内容审核', '监管']],
  ['关键信息基础设施保护', ['critical-infrastructure', 'cybersecurity'], ['关键信息基础设施', '网络安全']],
  ['联合国开放式工作组进程', ['united-nations', 'norms'], ['开放式工作组', '联合国', '政府专家组']],
  ['个人信息保护', ['privacy', 'data-governance'], ['个人信息保护', '个人信息', '隐私']],
  ['数字贸易规则', ['digital-trade', 'wto'], ['数字贸易', '数字经济']],
  ['网络恐怖主义的法律规制', ['cyber-terrorism', 'cybercrime'], ['网络恐怖主义', '网络犯罪']],
  ['亚非国家互联网治理', ['asian-african-countries', 'internet-governance'], ['发展中国家', '全球南方', '互联网']],
  ['网络空间主权与不干涉原则', ['non-intervention', 'sovereignty'], ['网络主权', '主权', '不干涉原则']],
  ['半导体供应链安全', ['supply-chain', 'cybersecurity'], ['半导体', '供应链', '出口管制']],
] as const;

const KIND_ZH: Record<(typeof EVENT_KINDS)[number], string> = {
  workshop: '工作坊',
  conference: '学术会议',
  forum: '论坛',
  lecture: '专题讲座',
  seminar: '研讨会',
  meeting: '工作会议',
  other: '圆桌会议',
};
const SURNAMES = ['黄', '郭', '王', '李', '张', '刘', '陈', '杨', '赵', '周', '吴', '徐', '孙', '马', '朱', '胡', '林', '何', '高', '罗'];
const GIVEN = ['志雄', '锋', '伟', '敏', '静', '磊', '洋', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '平', '刚', '文博', '思远', '晓东'];
const RANKS = ['教授', '研究员', '副教授', '博士', '大使'];
const ROLES = ['主旨发言', '开幕致辞', '闭幕总结', '主持', '评议', '专题报告'];
const INSTITUTIONS = [
  '武汉大学网络治理研究院', '武汉大学法学院', '武汉大学国际法研究所', '亚非法律协商组织（AALCO）', '中国社会科学院', '中国现代国际关系研究院',
  '南京大学', '厦门大学', '上海社会科学院', '复旦大学', '清华大学', '北京大学', '中国政法大学', '外交学院', '中国信息通信研究院',
];
const CITIES = [['武汉', '中国'], ['乌镇', '中国'], ['北京', '中国'], ['上海', '中国'], ['日内瓦', '瑞士'], ['新德里', '印度']] as const;
const ENGLISH_TERMS = ['GDPR', 'OEWG', 'AALCO', 'ICT', 'WSIS', 'Tallinn Manual', 'UNODC', 'CBMs'];

type Slot = () => string;
const TEMPLATES: ((w: Slot, p: Slot, en: Slot) => string)[] = [
  (w) => `与会专家围绕${w()}与${w()}等议题展开深入讨论。`,
  (w, p) => `${p()}指出，${w()}是${w()}的重要组成部分，各国应在${w()}问题上加强${w()}。`,
  (w, p) => `${p()}认为，当前${w()}面临${w()}带来的新挑战，亟需完善${w()}的相关规则。`,
  (w) => `会议还就${w()}、${w()}和${w()}之间的关系进行了交流。`,
  (w) => `与会者一致认为，应当坚持${w()}，推动${w()}和${w()}的协调发展。`,
  (w, p) => `${p()}系统梳理了${w()}的发展历程，并分析了${w()}对${w()}的影响。`,
  (w) => `报告分析了${w()}对${w()}的影响，并就${w()}提出了若干政策建议。`,
  (w) => `在${w()}领域，各国的${w()}仍存在分歧，${w()}尚未形成共识。`,
  (w, _p, en) => `${w()}方面，${en()}等文件为${w()}提供了参考，但其对${w()}的适用仍有争议。`,
  (w, p, en) => `${p()}结合${en()}的最新进展，介绍了${w()}与${w()}的实践。`,
];

/** One Chinese report as an editor would send it: 1,000–2,000 characters of Markdown, topics and an event. */
function chineseReport(i: number): ReportJson {
  const rand = prng(0x2545f491 ^ Math.imul(i + 1, 0x9e3779b1));
  const [subject, topics, keywords] = pick(rand, SUBJECTS);
  const kind = pick(rand, EVENT_KINDS);
  const [city, country] = pick(rand, CITIES);
  const online = rand() < 0.25;
  const organizers = pickSome(rand, INSTITUTIONS, int(rand, 1, 3));
  const participants = pickSome(rand, INSTITUTIONS, int(rand, 0, 6));
  const speakers = Array.from({ length: int(rand, 1, 5) }, () => ({ name: `${pick(rand, SURNAMES)}${pick(rand, GIVEN)}`, role: pick(rand, ROLES), affiliation: pick(rand, INSTITUTIONS) }));
  const w: Slot = () => (rand() < 0.3 ? pick(rand, keywords) : word(rand));
  const p: Slot = () => {
    const s = pick(rand, speakers);
    return `${s.affiliation}${s.name}${pick(rand, RANKS)}`;
  };
  const en: Slot = () => pick(rand, ENGLISH_TERMS);
  const sentence = () => pick(rand, TEMPLATES)(w, p, en);
  const paragraph = (n: number) => Array.from({ length: n }, sentence).join('');
  const edition = int(rand, 1, 12);
  const published = new Date(publishedMs(i));
  const day = published.toISOString().slice(0, 10);
  const title = rand() < 0.5 ? `第${edition}届${subject}${KIND_ZH[kind]}在${city}举行` : `“${subject}”${KIND_ZH[kind]}成功举办`;
  const parts = [`${day.slice(0, 4)}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日，${title.replace(/在.*举行$|成功举办$/, '')}${online ? '在线上' : `在${city}`}举行，由${organizers.join('、')}主办。${paragraph(2)}`];
  const target = 1000 + Math.floor(rand() * 1000);
  let size = parts[0]!.length;
  let section = 0;
  while (size < target) {
    const r = rand();
    const block =
      r < 0.15 && section < 3
        ? `## ${['会议背景', '主要观点', '后续安排'][section++]}`
        : r < 0.3
          ? speakers.map((s) => `- **${s.name}**（${s.affiliation}）：${w()}与${w()}`).join('\n')
          : paragraph(int(rand, 2, 4));
    parts.push(block);
    size += block.length + 2;
  }
  return {
    slug: `${day}-zh-${topics[0]}-${i.toString(36)}`,
    title,
    summary: `${organizers[0]}举办${subject}${KIND_ZH[kind]}，与会专家围绕${w()}与${w()}展开讨论。`,
    body: parts.join('\n\n'),
    lang: 'zh-Hans',
    topics: [...topics],
    published: published.toISOString(),
    draft: false,
    authors: rand() < 0.5 ? [{ name: `${pick(rand, SURNAMES)}${pick(rand, GIVEN)}` }] : [],
    event: {
      kind,
      name: title,
      start: day,
      location: online ? { name: '线上', online: true } : { name: pick(rand, ['国际会议中心', '法学院', '学术交流中心']), city, country },
      organizers,
      participants,
      speakers,
    },
  };
}

/** Report `i` of the search corpus: Chinese when i % 5 is 1 or 3, else the English corpus' report (never a draft). */
export function searchReportJson(i: number): ReportJson {
  if (i % 5 === 1 || i % 5 === 3) return chineseReport(i);
  const json = reportJson(i);
  const rare = RARE_AT.includes(i) ? `\n\nDelegates also compared the ${RARE_WORD} Arrangement's controls on intrusion software with the draft rules.` : '';
  return { ...json, draft: false, body: `${json.body}${rare}` };
}
