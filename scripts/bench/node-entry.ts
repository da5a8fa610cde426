/** What the benchmark needs from src in Node: bundled by esbuild (src has .tsx) to a temp .mjs. */
export { buildFeedModel } from '../../src/feeds/model.tsx';
export { renderRss } from '../../src/feeds/rss.ts';
export { renderAtom } from '../../src/feeds/atom.ts';
export { readConfig } from '../../src/config.ts';
export { putReport } from '../../src/store/reports.ts';
export { ALL } from '../../src/store/keys.ts';
export { makeReport } from './reports.ts';
export { reportJson, publishedMs } from './corpus.ts';
