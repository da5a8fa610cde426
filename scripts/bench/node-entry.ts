/** What the benchmark needs from src in Node: bundled by esbuild (src has .tsx) to a temp .mjs. */
export { buildFeedModel } from '../../src/feeds/model.tsx';
export { renderRss } from '../../src/feeds/rss.ts';
export { renderAtom } from '../../src/feeds/atom.ts';
export { readConfig } from '../../src/common/config.ts';
export { writeReport } from '../../src/reports/publishing.ts';
export { ALL } from '../../src/common/scope.ts';
export { makeReport } from './reports.ts';
export { reportJson, publishedMs } from './corpus.ts';
