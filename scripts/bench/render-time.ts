/**
 * Render time of a 50-item feed in Node: our pipeline (buildFeedModel + renderRss /
 * renderAtom) against the bare `feed` package given the same items (titles, content HTML,
 * dates, topics, authors) with no Markdown, sanitizing or escaping of ours.
 */
import { gzipSync } from 'node:zlib';
import { Feed } from 'feed';
import type { Env } from '../../src/common/config.ts';
import type { FeedModel } from '../../src/feeds/model.tsx';
import type { Report } from '../../src/reports/schema.ts';
import type { WorkerConfig } from './archive.ts';
import type * as NodeEntry from './node-entry.ts';
import { summarize, type Summary } from './stats.ts';

export type Variant = 'buildFeedModel' | 'renderRss(model)' | 'renderAtom(model)' | 'pipelineRss' | 'pipelineAtom' | 'bareFeedRss' | 'bareFeedAtom';

export interface RenderResult {
  items: number;
  rounds: number;
  ms: Record<Variant, Summary>;
  bytes: Record<'pipelineRss' | 'pipelineRssGzip' | 'pipelineAtom' | 'bareFeedRss' | 'bareFeedAtom', number>;
  ratios: { rss: number; atom: number; rssSerializeOnly: number; atomSerializeOnly: number };
}

function bareFeed(model: FeedModel): Feed {
  const feed = new Feed({
    title: model.title,
    description: model.description,
    id: model.homeUrl,
    link: model.homeUrl,
    language: model.lang,
    updated: new Date(model.updated),
    generator: 'Herald',
    feedLinks: { rss: model.feedUrls.rss, atom: model.feedUrls.atom },
    author: { name: model.author },
    copyright: model.author,
  });
  for (const item of model.items) {
    feed.addItem({
      title: item.title,
      id: item.id,
      link: item.url,
      date: new Date(item.updated),
      published: new Date(item.published),
      description: item.summary,
      content: item.contentHtml,
      category: item.topics.map((topic) => ({ name: topic.name, term: topic.name, domain: topic.url, scheme: topic.url })),
      author: item.authors.map((author) => ({ name: author.name, link: author.url })),
    });
  }
  return feed;
}

export async function runRenderTime(options: { node: typeof NodeEntry; config: WorkerConfig; items: number; minRounds: number; maxRounds: number; budgetMs: number; log: (m: string) => void }): Promise<RenderResult> {
  const { node } = options;
  const site = node.readConfig({ ...options.config.vars } as unknown as Env);
  const reports: Report[] = [];
  for (let i = 0; reports.length < options.items; i++) {
    const report = await node.makeReport(i, site.siteUrl);
    if (!report.draft) reports.push(report);
  }
  const model = node.buildFeedModel(site, node.ALL, reports);
  const variants: Record<Variant, () => string | FeedModel> = {
    buildFeedModel: () => node.buildFeedModel(site, node.ALL, reports),
    'renderRss(model)': () => node.renderRss(model),
    'renderAtom(model)': () => node.renderAtom(model),
    pipelineRss: () => node.renderRss(node.buildFeedModel(site, node.ALL, reports)),
    pipelineAtom: () => node.renderAtom(node.buildFeedModel(site, node.ALL, reports)),
    bareFeedRss: () => bareFeed(model).rss2(),
    bareFeedAtom: () => bareFeed(model).atom1(),
  };
  const names = Object.keys(variants) as Variant[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Variant, number[]>;
  options.log(`render time: ${options.items} items, interleaved rounds…`);
  // Warm-up, then interleaved rounds (each variant once per round, rotating the order).
  for (let w = 0; w < 10; w++) for (const name of names) variants[name]();
  const started = performance.now();
  let rounds = 0;
  while (rounds < options.maxRounds && (rounds < options.minRounds || performance.now() - started < options.budgetMs)) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + rounds) % names.length]!;
      const t = performance.now();
      variants[name]();
      samples[name].push(performance.now() - t);
    }
    rounds++;
  }
  const ms = Object.fromEntries(names.map((n) => [n, summarize(samples[n])])) as Record<Variant, Summary>;
  const size = (text: string | FeedModel) => Buffer.byteLength(text as string);
  return {
    items: reports.length,
    rounds,
    ms,
    bytes: {
      pipelineRss: size(variants.pipelineRss()),
      pipelineRssGzip: gzipSync(variants.pipelineRss() as string).byteLength,
      pipelineAtom: size(variants.pipelineAtom()),
      bareFeedRss: size(variants.bareFeedRss()),
      bareFeedAtom: size(variants.bareFeedAtom()),
    },
    ratios: {
      rss: ms.pipelineRss.median / ms.bareFeedRss.median,
      atom: ms.pipelineAtom.median / ms.bareFeedAtom.median,
      rssSerializeOnly: ms['renderRss(model)'].median / ms.bareFeedRss.median,
      atomSerializeOnly: ms['renderAtom(model)'].median / ms.bareFeedAtom.median,
    },
  };
}
