/**
 * npm run bench: one run measures
 *   1. KV operations per request (feed current / absent / 304, report page, home page),
 *   2. /feed.xml latency (current copy and rebuild) with 100, 10,000 and 100,000 reports, and
 *      the rebuild's KV work (the same list and reads) by a bare Worker on the same namespaces,
 *   3. throughput of /feed.xml against /healthz of the production bundle, and workerd CPU per
 *      request of /feed.xml, its 304 and /healthz,
 *   4. the production bundle's size (bytes and gzip),
 *   5. render time of a 50-item feed: our pipeline against the bare `feed` package,
 *   6. a daily, a weekly and an instant digest run for 10,000 subscribers: D1 rows, KV reads,
 *      queue messages, digests composed, CPU per email, and the runs against platform limits,
 *   7. search over 1,000 and 10,000 reports (mixed Chinese and English): D1 rows read, hits and
 *      latency of five queries against a LIKE scan, and the index's write cost and size,
 * prints Markdown tables to stdout (progress goes to stderr) and writes bench-out/results.json.
 *
 * Environment (optional): BENCH_SIZES=100,10000,100000  BENCH_DURATION=10 (autocannon seconds)
 * BENCH_CONNECTIONS=10  BENCH_DIGEST_SUBSCRIBERS=10000  BENCH_ONLY=digest (section 6 alone),
 * BENCH_ONLY=render (section 5), BENCH_ONLY=throughput (section 3), BENCH_ONLY=archive (sections 1 and 2),
 * BENCH_ONLY=search (section 7; BENCH_SEARCH_SIZES=1000,10000  BENCH_SEARCH_ROUNDS=11).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ArchiveResult, BARE_KINDS, type BareKind, runArchive, type Scenario, type WorkerConfig } from './bench/archive.ts';
import { bundleForNode, bundleHarness, productionBundle, ROOT } from './bench/build.ts';
import { type DigestResult, runDigest } from './bench/digest.ts';
import type * as NodeEntry from './bench/node-entry.ts';
import { runRenderTime } from './bench/render-time.ts';
import { runSearch, type SearchBenchResult } from './bench/search.ts';
import { searchMarkdown } from './bench/search-markdown.ts';
import { fmt, int, sizeLabel, table } from './bench/markdown.ts';
import { round } from './bench/stats.ts';
import { runThroughput } from './bench/throughput.ts';

const started = performance.now();
const log = (message: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);

const SIZES = (process.env.BENCH_SIZES ?? '100,10000,100000').split(',').map(Number);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DIGEST_SUBSCRIBERS = Number(process.env.BENCH_DIGEST_SUBSCRIBERS ?? 10_000);
const ONLY = process.env.BENCH_ONLY ?? '';
const SEARCH_SIZES = (process.env.BENCH_SEARCH_SIZES ?? '1000,10000').split(',').map(Number);
const SEARCH_ROUNDS = Number(process.env.BENCH_SEARCH_ROUNDS ?? 11);
/** workerd CPU per request: interleaved rounds of /healthz, /feed.xml and its 304, seconds of each per round. */
const CPU_ROUNDS = 4;
const CPU_SECONDS = 3;
if (SIZES.some((n) => !Number.isInteger(n) || n < 100) || !(DURATION > 0) || !(CONNECTIONS > 0)) {
  console.error('BENCH_SIZES must be integers ≥ 100 (the first is the baseline); BENCH_DURATION and BENCH_CONNECTIONS positive numbers.');
  process.exit(2);
}
if (!Number.isInteger(DIGEST_SUBSCRIBERS) || DIGEST_SUBSCRIBERS < 100 || !['', 'digest', 'render', 'throughput', 'archive', 'search'].includes(ONLY)) {
  console.error('BENCH_DIGEST_SUBSCRIBERS must be an integer ≥ 100; BENCH_ONLY, when set, must be "digest", "render", "throughput", "archive" or "search".');
  process.exit(2);
}
if (SEARCH_SIZES.some((n) => !Number.isInteger(n) || n < 1000) || !Number.isInteger(SEARCH_ROUNDS) || SEARCH_ROUNDS < 1) {
  console.error('BENCH_SEARCH_SIZES must be integers ≥ 1000 (the corpus plants its rare word below report 1,000); BENCH_SEARCH_ROUNDS a positive integer.');
  process.exit(2);
}

async function workerConfig(): Promise<WorkerConfig> {
  const { unstable_readConfig } = await import('wrangler');
  const config = unstable_readConfig({ config: join(ROOT, 'wrangler.toml') }, { hideWarnings: true });
  const vars = Object.fromEntries(Object.entries(config.vars ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  return { compatibilityDate: config.compatibility_date ?? '2026-11-01', compatibilityFlags: config.compatibility_flags ?? [], vars };
}

const tmp = await mkdtemp(join(tmpdir(), 'herald-bench-'));
// KV data of the archive benchmark: on tmpfs when there is one (100,000 reports ≈ 0.5 GB).
const shm = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const persistRoot = await mkdtemp(join(shm, 'herald-bench-kv-'));

try {
  log(`temp dir ${tmp}; KV data in ${persistRoot}`);
  const config = await workerConfig();
  const meta = () => ({ date: new Date().toISOString(), node: process.version, cpus: availableParallelism(), cpuModel: cpus()[0]?.model, totalSeconds: round((performance.now() - started) / 1000, 1) });
  const save = async (results: object) => {
    await mkdir(join(ROOT, 'bench-out'), { recursive: true });
    await writeFile(join(ROOT, 'bench-out', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  };

  const kvStorage = () => (persistRoot.startsWith('/dev/shm') ? 'tmpfs (/dev/shm)' : 'disk (tmpdir)');
  const archiveOptions = (harnessPath: string, config: WorkerConfig, node: typeof NodeEntry): Parameters<typeof runArchive>[0] => ({
    harness: { path: harnessPath, dir: tmp },
    persistRoot,
    config,
    sizes: SIZES,
    apiSeed: 100,
    current: { warmup: 50, rounds: 8, block: 50 },
    rebuild: { warmup: 5, rounds: 6, block: 10 },
    node,
    log,
  });

  if (ONLY === 'digest') {
    const digest = await runDigest({ subscribers: DIGEST_SUBSCRIBERS, config, dir: tmp, log });
    const m = meta();
    await save({ meta: m, digest });
    process.stdout.write(`# Herald benchmark (digest only) — ${m.date}\n\nNode ${m.node}, ${m.cpus} CPUs (${m.cpuModel ?? '?'}), Miniflare/workerd locally. Whole run: ${m.totalSeconds} s.\n\n${digestMarkdown(digest)}\n`);
    log(`done in ${m.totalSeconds} s; results in bench-out/results.json`);
  } else if (ONLY === 'search') {
    const search = await runSearch({ config, dir: tmp, sizes: SEARCH_SIZES, rounds: SEARCH_ROUNDS, log });
    const m = meta();
    await save({ meta: m, search });
    process.stdout.write(`# Herald benchmark (search only) — ${m.date}\n\nNode ${m.node}, ${m.cpus} CPUs (${m.cpuModel ?? '?'}), Miniflare/workerd locally. Whole run: ${m.totalSeconds} s.\n\n${searchMarkdown(search)}\n`);
    log(`done in ${m.totalSeconds} s; results in bench-out/results.json`);
  } else if (ONLY === 'render') {
    const node = (await import(pathToFileURL(await bundleForNode(tmp)).href)) as typeof NodeEntry;
    const render = await runRenderTime({ node, config, items: 50, minRounds: 40, maxRounds: 300, budgetMs: 8000, log });
    const m = meta();
    await save({ meta: m, render });
    process.stdout.write(`# Herald benchmark (render only) — ${m.date}\n\n${renderMarkdown(render)}\n`);
  } else if (ONLY === 'throughput') {
    const [bundle, nodePath] = await Promise.all([productionBundle(join(tmp, 'dist')), bundleForNode(tmp)]);
    const node = (await import(pathToFileURL(nodePath).href)) as typeof NodeEntry;
    const throughput = await runThroughput({ bundle, config, reports: 52, connections: CONNECTIONS, durationSec: DURATION, warmupSec: 2, cpuRounds: CPU_ROUNDS, cpuSecondsEach: CPU_SECONDS, node, log });
    const m = meta();
    await save({ meta: m, throughput });
    process.stdout.write(`# Herald benchmark (throughput only) — ${m.date}\n\n${throughputMarkdown(throughput)}\n`);
  } else if (ONLY === 'archive') {
    const [harnessPath, nodePath] = await Promise.all([bundleHarness(tmp), bundleForNode(tmp)]);
    const node = (await import(pathToFileURL(nodePath).href)) as typeof NodeEntry;
    const archive = await runArchive(archiveOptions(harnessPath, config, node));
    const m = { ...meta(), kvStorage: kvStorage(), feedRefreshSeconds: Number(config.vars.FEED_REFRESH_SECONDS ?? 900) };
    const latencyRatios = ratiosOf(archive);
    await save({ meta: m, archive, latencyRatios });
    process.stdout.write(`# Herald benchmark (archive only) — ${m.date}\n\n${archiveMarkdown(archive, latencyRatios, m.feedRefreshSeconds)}\n`);
  } else {
    log('bundling: wrangler deploy --dry-run, harness Worker, Node modules…');
    const [bundle, harnessPath, nodePath] = await Promise.all([productionBundle(join(tmp, 'dist')), bundleHarness(tmp), bundleForNode(tmp)]);
    const node = (await import(pathToFileURL(nodePath).href)) as typeof NodeEntry;
    log(`production bundle ${bundle.bytes} B (gzip ${bundle.gzipBytes} B)`);

    const render = await runRenderTime({ node, config, items: 50, minRounds: 40, maxRounds: 300, budgetMs: 8000, log });
    log(`render: pipeline RSS ${render.ms.pipelineRss.median.toFixed(2)} ms vs bare feed ${render.ms.bareFeedRss.median.toFixed(2)} ms`);

    const throughput = await runThroughput({ bundle, config, reports: 52, connections: CONNECTIONS, durationSec: DURATION, warmupSec: 2, cpuRounds: CPU_ROUNDS, cpuSecondsEach: CPU_SECONDS, node, log });
    log(`throughput: healthz ${throughput.healthz.requestsPerSec.toFixed(0)}/s, feed ${throughput.feed.requestsPerSec.toFixed(0)}/s`);

    const archive = await runArchive(archiveOptions(harnessPath, config, node));

    const digest = await runDigest({ subscribers: DIGEST_SUBSCRIBERS, config, dir: tmp, log });

    const search = await runSearch({ config, dir: tmp, sizes: SEARCH_SIZES, rounds: SEARCH_ROUNDS, log });

    const ratios = ratiosOf(archive);

    const results = {
      meta: {
        date: new Date().toISOString(),
        node: process.version,
        cpus: availableParallelism(),
        cpuModel: cpus()[0]?.model,
        kvStorage: kvStorage(),
        feedRefreshSeconds: Number(config.vars.FEED_REFRESH_SECONDS ?? 900),
        totalSeconds: 0,
      },
      bundle: { bytes: bundle.bytes, gzipBytes: bundle.gzipBytes, files: bundle.files, wranglerSays: bundle.wranglerSays, byOrigin: bundle.byOrigin },
      render,
      throughput,
      archive,
      latencyRatios: ratios,
      digest,
      search,
    };
    results.meta.totalSeconds = round((performance.now() - started) / 1000, 1);

    await save(results);
    process.stdout.write(markdown(results));
    log(`done in ${results.meta.totalSeconds} s; results in bench-out/results.json`);
  }
} finally {
  await rm(persistRoot, { recursive: true, force: true });
  await rm(tmp, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------

type Results = {
  meta: { date: string; node: string; cpus: number; cpuModel?: string; kvStorage: string; feedRefreshSeconds: number; totalSeconds: number };
  bundle: { bytes: number; gzipBytes: number; wranglerSays?: string; byOrigin: { origin: string; bytes: number }[] };
  render: Awaited<ReturnType<typeof runRenderTime>>;
  throughput: Awaited<ReturnType<typeof runThroughput>>;
  archive: ArchiveResult;
  latencyRatios: { size: number; current: number; rebuild: number; bare: Record<BareKind, number> }[];
  digest: DigestResult;
  search: SearchBenchResult;
};

/** Latency medians of each size against the smallest. */
function ratiosOf(archive: ArchiveResult): Results['latencyRatios'] {
  const base = archive.sizes[0]!;
  return archive.sizes.slice(1).map((r) => ({
    size: r.size,
    current: r.latency.current.median / base.latency.current.median,
    rebuild: r.latency.rebuild.median / base.latency.rebuild.median,
    bare: Object.fromEntries(BARE_KINDS.map((kind) => [kind, r.latency.bare.latency[kind].median / base.latency.bare.latency[kind].median])) as Record<BareKind, number>,
  }));
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** One value, or "a / b / c" across archive sizes when they differ. */
function across(values: (string | number)[]): string {
  return new Set(values.map(String)).size === 1 ? String(values[0]) : values.join(' / ');
}

function markdown(r: Results): string {
  const archive = r.archive.sizes;
  const seeding = r.archive.seeding;
  const sizes = archive.map((a) => a.size);
  const sizesHead = sizes.map(sizeLabel).join(' / ');
  const out: string[] = [];
  out.push(`# Herald benchmark — ${r.meta.date}`, '');
  out.push(`Node ${r.meta.node}, ${r.meta.cpus} CPUs (${r.meta.cpuModel ?? '?'}), Miniflare/workerd locally, KV data on ${r.meta.kvStorage}. Whole run: ${r.meta.totalSeconds} s.`, '');

  const t = r.throughput;
  const last = archive.at(-1)!;
  const base = archive[0]!;
  out.push('## Summary', '');
  out.push(
    table(
      ['Measure', 'Result'],
      [
        ['KV ops, GET /feed.xml with a current copy (fresh isolate)', `${base.ops['feed-current'].reads} read, ${base.ops['feed-current'].lists} lists, ${base.ops['feed-current'].writes} writes`],
        ['KV ops, GET /feed.xml remembered by the isolate', `${base.ops['feed-remembered'].reads} reads, ${base.ops['feed-remembered'].lists} lists, ${base.ops['feed-remembered'].writes} writes`],
        ['KV ops, GET /feed.xml rebuild (copy absent)', `${last.ops['feed-absent'].reads} reads, ${last.ops['feed-absent'].lists} list, ${last.ops['feed-absent'].writes} write`],
        [`/feed.xml median latency, current copy (${sizesHead} reports)`, archive.map((a) => `${fmt(a.latency.current.median)} ms`).join(' / ')],
        [`/feed.xml median latency, rebuild (${sizesHead} reports)`, archive.map((a) => `${fmt(a.latency.rebuild.median)} ms`).join(' / ')],
        ...r.latencyRatios.map((x) => [`Median ratio ${sizeLabel(x.size)}/${sizeLabel(base.size)}: current, rebuild`, `${fmt(x.current)}×, ${fmt(x.rebuild)}×`]),
        [
          `Bare Worker, the rebuild's KV work (${bareOpsText(base)}): median (${sizesHead} reports)`,
          `${archive.map((a) => `${fmt(a.latency.bare.latency['list-reads'].median)} ms`).join(' / ')} (ratios ${r.latencyRatios.map((x) => `${fmt(x.bare['list-reads'])}×`).join(', ')}; Herald's rebuild ${r.latencyRatios.map((x) => `${fmt(x.rebuild)}×`).join(', ')})`,
        ],
        [
          `Bare Worker, the list alone: from the namespace's first key / from the prefix (${sizesHead} reports)`,
          `${archive.map((a) => `${fmt(a.latency.bare.latency.list.median)}`).join(' / ')} ms / ${archive.map((a) => `${fmt(a.latency.bare.latency['list-seek'].median)}`).join(' / ')} ms`,
        ],
        ['workerd CPU per request: /feed.xml, its 304, /healthz', cpuHeadline(t)],
        ['Throughput /feed.xml vs /healthz', `${fmt(t.feed.requestsPerSec, 0)} vs ${fmt(t.healthz.requestsPerSec, 0)} req/s = **${fmt(t.ratio)}×** (target ≥ 0.9×)`],
        ['Production bundle', `${r.bundle.bytes} B (${kb(r.bundle.bytes)}), gzip ${r.bundle.gzipBytes} B (${kb(r.bundle.gzipBytes)})`],
        ['50-item RSS render: pipeline vs bare `feed`', `${fmt(r.render.ms.pipelineRss.median)} vs ${fmt(r.render.ms.bareFeedRss.median)} ms = ${fmt(r.render.ratios.rss, 1)}×`],
        ['50-item Atom render: pipeline vs bare `feed`', `${fmt(r.render.ms.pipelineAtom.median)} vs ${fmt(r.render.ms.bareFeedAtom.median)} ms = ${fmt(r.render.ratios.atom, 1)}×`],
        ...['archive-month-absent', 'archive-month-current'].map((key) => [
          `KV ops, archive month page ${key.endsWith('absent') ? 'rebuild' : 'current copy'} (${sizesHead} reports)`,
          archive.map((a) => `${a.ops[key as Scenario].reads} reads, ${a.ops[key as Scenario].lists} lists (${a.ops[key as Scenario].keysListed} keys)`).join(' / '),
        ]),
        ['Rebuilds per 100 readers at once after a write, /feed.xml and archive month', archive.map((a) => a.burst.map((b) => b.rebuilds).join(' and ')).join(' / ')],
        ['Seeding (all archives)', `${fmt(seeding.totalMs / 1000, 1)} s for ${sizes.reduce((a, b) => a + b, 0)} reports in ${sizes.length} archives`],
      ],
    ),
    '',
  );

  out.push(archiveMarkdown(r.archive, r.latencyRatios, r.meta.feedRefreshSeconds));
  out.push(throughputMarkdown(r.throughput));

  out.push('## 4. Production bundle (`wrangler deploy --dry-run`)', '');
  out.push(table(['Bytes', 'Gzip bytes (zlib, default level)', 'Wrangler says'], [[r.bundle.bytes, r.bundle.gzipBytes, r.bundle.wranglerSays ?? '—']]), '');
  const parts = r.bundle.byOrigin.slice(0, 10);
  const rest = r.bundle.byOrigin.slice(10).reduce((sum, part) => sum + part.bytes, 0);
  out.push(
    'Largest parts (esbuild `bytesInOutput` per input, from wrangler\'s metafile; the few bytes left are esbuild\'s glue):',
    '',
    table(
      ['Origin', 'Bytes', 'Share'],
      [...parts.map((part) => [part.origin, part.bytes, `${fmt((100 * part.bytes) / r.bundle.bytes, 1)} %`]), ...(rest > 0 ? [['everything else', rest, `${fmt((100 * rest) / r.bundle.bytes, 1)} %`]] : [])],
    ),
    '',
  );

  out.push(renderMarkdown(r.render));
  out.push(digestMarkdown(r.digest));
  out.push(searchMarkdown(r.search));
  return `${out.join('\n')}\n`;
}

/** Sections 1 and 2: KV operations per request, readers at once, latency as the archive grows. */
function archiveMarkdown(a: ArchiveResult, latencyRatios: Results['latencyRatios'], feedRefreshSeconds: number): string {
  const archive = a.sizes;
  const seeding = a.seeding;
  const sizesHead = archive.map((x) => sizeLabel(x.size)).join(' / ');
  const last = archive.at(-1)!;
  const base = archive[0]!;
  const out: string[] = [];
  out.push(`## 1. KV operations per request (archive of ${sizesHead} reports)`, '');
  const scenarios: [Scenario, string][] = [
    ['feed-current', 'GET /feed.xml, rendered copy current (fresh isolate)'],
    ['feed-remembered', 'GET /feed.xml, copy remembered by the isolate'],
    ['feed-absent', 'GET /feed.xml, copy absent (rebuild)'],
    ['feed-304', 'GET /feed.xml, If-None-Match → 304'],
    ['report-page', 'GET /reports/:slug'],
    ['home-current', 'GET /, rendered copy current'],
    ['home-absent', 'GET /, copy absent (rebuild)'],
    ['archive-month-absent', `GET ${base.archivePaths.month} (the newest month), copy absent (rebuild)`],
    ['archive-month-current', `GET ${base.archivePaths.month}, rendered copy current (fresh isolate)`],
    ['archive-year-absent', `GET ${base.archivePaths.year}, copy absent (rebuild; lists at most 500 reports)`],
    ['archive-feed-absent', `GET ${base.archivePaths.month}/atom.xml, copy absent (rebuild; reads each report of the month)`],
    ['archive-index-absent', 'GET /archive, copy absent (rebuild)'],
  ];
  out.push(
    table(
      ['Request', 'Status', 'KV reads', 'KV lists', 'Keys listed', 'KV writes', 'KV deletes', 'Reads/writes by key prefix', 'Body bytes'],
      scenarios.map(([key, label]) => {
        const rows = archive.map((a) => a.ops[key]);
        const prefixes = Object.entries(rows.at(-1)!.byPrefix)
          .map(([p, n]) => `${p}×${n}`)
          .join(', ');
        return [label, across(rows.map((x) => x.status)), across(rows.map((x) => x.reads)), across(rows.map((x) => x.lists)), across(rows.map((x) => x.keysListed)), across(rows.map((x) => x.writes)), across(rows.map((x) => x.deletes)), prefixes, across(rows.map((x) => x.bytes))];
      }),
    ),
    '',
    'Counted by the harness Worker wrapping `env.REPORTS` (get, getWithMetadata, put, list, delete), including work the app hands to `waitUntil`. A read of an absent key counts as a read.',
    '',
  );
  const rebuild = last.ops['feed-absent'];
  const perDay = Math.ceil(86_400 / feedRefreshSeconds);
  out.push(
    `Derived: with FEED_REFRESH_SECONDS=${feedRefreshSeconds}, each (scope, format) that readers keep polling is rebuilt at least ${perDay}× a day even when nothing changed: ${perDay * rebuild.lists} lists, ${perDay * rebuild.writes} writes and ${perDay * rebuild.reads} reads a day per copy (4 formats of the main scope: ${4 * perDay * rebuild.lists} lists and writes), against the free plan's 1,000 lists and 1,000 writes a day.`,
    '',
  );

  out.push('### Readers arriving together after a write', '');
  out.push(
    table(
      ['Archive', 'Path', 'Readers at once', 'Statuses', 'Rebuilds (requests that listed KV)', 'Copies written'],
      archive.flatMap((a) => a.burst.map((b) => [sizeLabel(a.size), b.path, b.readers, Object.entries(b.statuses).map(([k, v]) => `${k}×${v}`).join(', '), b.rebuilds, b.writes])),
    ),
    '',
    'Every rendered copy is dropped first (what a write does to the copies it touches), then the readers\' requests go out at once, each on its own connection, to one isolate.',
    '',
  );

  out.push('## 2. /feed.xml latency as the archive grows', '');
  out.push(
    table(
      ['Reports', 'Current copy: median', 'p95', 'Rebuild: median', 'p95', 'workerd CPU/request (current, rebuild)', 'Samples (current, rebuild)', 'Seeded'],
      archive.map((a) => [
        a.size,
        `${fmt(a.latency.current.median)} ms`,
        `${fmt(a.latency.current.p95)} ms`,
        `${fmt(a.latency.rebuild.median)} ms`,
        `${fmt(a.latency.rebuild.p95)} ms`,
        `${a.latency.workerdCpuMs.current === null ? '—' : `${fmt(a.latency.workerdCpuMs.current)} ms`}, ${a.latency.workerdCpuMs.rebuild === null ? '—' : `${fmt(a.latency.workerdCpuMs.rebuild)} ms`}`,
        `${a.latency.current.n}, ${a.latency.rebuild.n}${a.latency.anomalies.current + a.latency.anomalies.rebuild > 0 ? ` (${a.latency.anomalies.current + a.latency.anomalies.rebuild} discarded)` : ''}`,
        [
          `${a.seed.api.reports} via KV binding (${a.seed.api.puts} puts in ${fmt(a.seed.api.ms / 1000, 2)} s = ${fmt((a.seed.api.reports / a.seed.api.ms) * 1000, 0)} reports/s)`,
          a.seed.bulk.reports ? `${a.seed.bulk.reports} bulk-loaded (${a.seed.bulk.keys} keys, ${fmt(a.seed.bulk.bytes / 1048576, 0)} MiB)` : '',
          `verified: ${a.seed.verify.keys.report} report + ${a.seed.verify.keys.pub} pub + ${a.seed.verify.keys.topic} topic + ${a.seed.verify.keys.event + a.seed.verify.keys.etopic} event index keys, ${a.seed.verify.checked} reports compared`,
        ]
          .filter(Boolean)
          .join('; '),
      ]),
    ),
    '',
    table(
      ['Ratio of medians', 'Current copy', 'Rebuild'],
      latencyRatios.map((x) => [`${sizeLabel(x.size)} / ${sizeLabel(base.size)}`, `${fmt(x.current)}×`, `${fmt(x.rebuild)}×`]),
    ),
    '',
    `Seeding took ${fmt(seeding.totalMs / 1000, 1)} s in all: ${fmt(seeding.apiMs / 1000, 1)} s through the KV binding, ${fmt(seeding.bulkMs / 1000, 1)} s to generate ${seeding.bulkReportsGenerated} reports once with makeReport + putReport (recording KV) and bulk-load them into every archive that holds them, ${fmt(seeding.restartMs / 1000, 1)} s to restart Miniflare, ${fmt(seeding.verifyMs / 1000, 1)} s to verify through the binding.`,
    '',
    `Each size is its own KV namespace in one Miniflare; sizes alternate in blocks (${a.rounds.current} rounds of current-copy requests, ${a.rounds.rebuild} of rebuild requests), so machine drift hits all sizes alike. Client: node:http, one kept-alive connection per size, sequential requests, through the harness Worker. Rebuild: the copy is absent, and the harness stores each rebuilt copy under a \`bench-sink:\` key instead of its \`render:\` key (same put, same cost), so every request lists, reads, renders and writes. workerd CPU covers all of Miniflare's services (entry, harness, KV simulator), not the app alone.`,
    '',
  );
  out.push(bareMarkdown(a, latencyRatios));

  return out.join('\n');
}

/** The bare Worker's KV operations per list + reads request, beside Herald's rebuild's. */
function bareOpsText(size: ArchiveResult['sizes'][number]): string {
  const bare = size.latency.bare.ops;
  const herald = size.ops['feed-absent'];
  const same = bare.reads === herald.reads && bare.lists === herald.lists && bare.keysListed === herald.keysListed;
  return `${bare.lists} list of ${bare.keysListed} keys, ${bare.reads} reads${same ? ', as Herald\'s rebuild' : `; Herald's rebuild: ${herald.lists} list of ${herald.keysListed} keys, ${herald.reads} reads`}`;
}

/** Section 2, continued: the rebuild's KV work by a bare Worker, against Herald's rebuild. */
function bareMarkdown(a: ArchiveResult, latencyRatios: Results['latencyRatios']): string {
  const archive = a.sizes;
  const base = archive[0]!;
  const ms = (x: { median: number }) => `${fmt(x.median)} ms`;
  const cpu = (x: number | null) => (x === null ? '—' : `${fmt(x)} ms`);
  const before = (size: ArchiveResult['sizes'][number]) => {
    const k = size.seed.verify.keys;
    return k.etopic + k.event + k.month + k.period;
  };
  const out: string[] = [];
  out.push('### The rebuild\'s KV work without the app: a bare Worker on the same namespaces', '');
  out.push(
    `A bare Worker (no Herald code) in the same Miniflare, bound to the same namespaces, makes what a rebuild of /feed.xml makes in KV — the read of the absent copy, then the list (prefix \`pub:\`, the same limit) and the reads of the reports it shows beside the reads of the two markers: ${bareOpsText(base)}. Its blocks come right after each rebuild block of the same size in the same rounds, through the same client, timed the same way.`,
    '',
    table(
      ['Reports', 'Herald rebuild: median', 'Bare: list + reads', 'Bare: the list alone', 'Bare: the reads alone', 'Bare: the same list from the prefix', 'Keys sorting before `pub:`', 'workerd CPU/request: rebuild, bare list + reads, list, list from the prefix', 'Samples (bare, all kinds)'],
      archive.map((x) => {
        const b = x.latency.bare;
        return [
          x.size,
          ms(x.latency.rebuild),
          ms(b.latency['list-reads']),
          ms(b.latency.list),
          ms(b.latency.reads),
          `${ms(b.latency['list-seek'])}${b.seekSameKeys ? '' : ' (keys differ!)'}`,
          int(before(x)),
          [x.latency.workerdCpuMs.rebuild, b.workerdCpuMs['list-reads'], b.workerdCpuMs.list, b.workerdCpuMs['list-seek']].map(cpu).join(', '),
          `${BARE_KINDS.reduce((n, kind) => n + b.latency[kind].n, 0)}${b.anomalies > 0 ? ` (${b.anomalies} discarded)` : ''}`,
        ];
      }),
    ),
    '',
    table(
      ['Ratio of medians', 'Herald rebuild', 'Bare: list + reads', 'Bare: the list alone', 'Bare: the reads alone', 'Bare: the list from the prefix', 'Keys sorting before `pub:`'],
      latencyRatios.map((x) => {
        const size = archive.find((y) => y.size === x.size)!;
        return [`${sizeLabel(x.size)} / ${sizeLabel(base.size)}`, `${fmt(x.rebuild)}×`, `${fmt(x.bare['list-reads'])}×`, `${fmt(x.bare.list)}×`, `${fmt(x.bare.reads)}×`, `${fmt(x.bare['list-seek'])}×`, `${fmt(before(size) / Math.max(1, before(base)), 0)}×`];
      }),
    ),
    '',
    `Keys sorting before \`pub:\`: the event, per-topic event, month and period index keys, as counted when the archive was verified. "From the prefix": the same list given the cursor Miniflare itself would return for the key \`pub:\` (its cursors are the base64 of the last key listed); it returns the same ${base.latency.bare.ops.keysListed} keys${archive.every((x) => x.latency.bare.seekSameKeys) ? ' (checked at every size)' : ' — but not at every size, see above'}. Miniflare's KV simulator lists with \`WHERE substr(key, 1, length(prefix)) = prefix AND key > cursor ORDER BY key LIMIT n\`: SQLite can bound the key index only by the cursor, not by the prefix, so a list without a cursor reads every key that sorts before its prefix. That is the local simulator's query, not Herald's work: Herald's rebuild makes the same operations at every size (section 1).`,
    '',
    ...archive.slice(1).flatMap((x) => {
      const grew = (f: (y: ArchiveResult['sizes'][number]) => number) => `${fmt(f(x) - f(base), 1)} ms`;
      return [`From ${int(base.size)} to ${int(x.size)} reports, the median of Herald's rebuild grows by ${grew((y) => y.latency.rebuild.median)}; the bare Worker's list alone by ${grew((y) => y.latency.bare.latency.list.median)}, its reads alone by ${grew((y) => y.latency.bare.latency.reads.median)}, the same list from the prefix by ${grew((y) => y.latency.bare.latency['list-seek'].median)}.`, ''];
    }),
  );
  return out.join('\n');
}

/** The headline: workerd CPU per request of /feed.xml, its 304 and /healthz, and /feed.xml ÷ /healthz. */
function cpuHeadline(t: Results['throughput']): string {
  const us = (x: { usPerRequest: number | null }) => (x.usPerRequest === null ? '—' : `${fmt(x.usPerRequest, 0)} µs`);
  const c = t.cpu;
  const floor = t.diagnostics.floor.ratio;
  return `${us(c.feed)}, ${us(c.feed304)}, ${us(c.healthz)}: /feed.xml ÷ /healthz **${c.ratio === null ? '—' : `${fmt(c.ratio)}×`}** (target ≤ 1.2×), 304 ÷ /healthz ${c.ratio304 === null ? '—' : `${fmt(c.ratio304)}×`}${floor === null ? '' : `; a bare Worker sending the same gzip bytes ${fmt(floor)}×`}`;
}

/** The bare Worker's /feed.xml-like answer against its /healthz: what moving the bytes costs without the app. */
function bareFloor(t: Results['throughput']): string {
  const { healthz, gzipFromMemory, ratio } = t.diagnostics.floor;
  const bytes = t.diagnostics.runs.find((r) => r.path === '/memory-gzip')?.bytesPerResponse ?? 0;
  if (healthz.usPerRequest === null || gzipFromMemory.usPerRequest === null || ratio === null) return '';
  return ` A bare Worker (no app; the diagnostics' Miniflare, the same ${t.cpu.rounds} rounds × ${t.cpu.secondsEach} s, order rotating) answering with the same gzip bytes from memory costs ${fmt(gzipFromMemory.usPerRequest, 0)} µs a request against its /healthz's ${fmt(healthz.usPerRequest, 0)} µs: **${fmt(ratio)}×**, the part of /feed.xml ÷ /healthz that is moving the ${int(bytes)}-byte response rather than the app.`;
}

/** Section 3: throughput of /feed.xml against /healthz, workerd CPU per request, the bare Worker's diagnostics. */
function throughputMarkdown(t: Results['throughput']): string {
  const out: string[] = [];
  out.push(`## 3. Throughput of the production bundle (${t.reports} reports, autocannon ${t.connections} connections × ${t.durationSec} s each, back to back)`, '');
  const cpu = (run: { cpuUsPerRequest: { workerd: number | null; node: number } }) => [run.cpuUsPerRequest.workerd === null ? '—' : `${fmt(run.cpuUsPerRequest.workerd, 0)} µs`, `${fmt(run.cpuUsPerRequest.node, 0)} µs`];
  const cannonRow = (label: string, run: Results['throughput']['feed'], note = '') => [
    label,
    fmt(run.requestsPerSec, 0),
    `${run.latencyP50Ms} ms`,
    `${run.latencyP99Ms} ms`,
    Math.round(run.bytesPerResponse),
    ...cpu(run),
    `${run.total}`,
    `${run.errors} / ${run.non2xx}${note}`,
  ];
  const head = ['Path', 'Requests/s', 'Latency p50', 'p99', 'Bytes/response', 'workerd CPU/request', 'Node (autocannon) CPU/request', 'Requests', 'Errors / non-2xx'];
  out.push(
    table(head, [
      cannonRow('/healthz', t.healthz),
      cannonRow('/feed.xml (200)', t.feed),
      cannonRow('/feed.xml, If-None-Match (304)', t.feed304, ' (304s count as non-2xx)'),
    ]),
    '',
    `Ratio /feed.xml ÷ /healthz: **${fmt(t.ratio)}×** (target ≥ 0.9×). 304 ÷ /healthz: ${fmt(t.feed304.requestsPerSec / t.healthz.requestsPerSec)}×.`,
    '',
    `### workerd CPU per request (${t.cpu.rounds} rounds × ${t.cpu.secondsEach} s of each path, order rotating, ${t.connections} connections)`,
    '',
    table(
      ['Path', 'workerd CPU/request', 'Requests', 'workerd CPU', '÷ /healthz'],
      (
        [
          ['/healthz', t.cpu.healthz],
          ['/feed.xml (200, gzip; the copy remembered by the isolate)', t.cpu.feed],
          ['/feed.xml, If-None-Match (304)', t.cpu.feed304],
        ] as const
      ).map(([label, tally]) => [
        label,
        tally.usPerRequest === null ? '—' : `${fmt(tally.usPerRequest, 0)} µs`,
        tally.requests,
        tally.workerdMs === null ? '—' : `${fmt(tally.workerdMs / 1000, 2)} s`,
        tally.usPerRequest === null || t.cpu.healthz.usPerRequest === null ? '—' : `${fmt(tally.usPerRequest / t.cpu.healthz.usPerRequest)}×`,
      ]),
    ),
    '',
    `${cpuHeadline(t)}. workerd CPU is that of every Miniflare service (entry Worker, the Worker, KV), read from /proc; the load generator's CPU is not in it. Miniflare's entry Worker gzips /healthz's JSON for a client that takes gzip (Cloudflare does that outside the Worker); /feed.xml's copy is gzip already and passes as it is.${bareFloor(t)}`,
    '',
    `Diagnostics (${t.diagnostics.durationSec} s each, same connections): a bare Worker with none of the app, in its own Miniflare, serving the same bytes.`,
    '',
    table(
      head,
      t.diagnostics.runs.map((run) => cannonRow(run.label, run)),
    ),
    '',
  );

  return out.join('\n');
}

/** Section 5: the render time of a feed, pipeline against the bare `feed` package. */
function renderMarkdown(render: Results['render']): string {
  const out: string[] = [];
  out.push(`## 5. Render time of a ${render.items}-item feed in Node (${render.rounds} interleaved rounds)`, '');
  const ms = render.ms;
  out.push(
    table(
      ['Variant', 'Median', 'p95', 'Output bytes'],
      [
        ['buildFeedModel (body HTML and summary stored at save; event details, links, content budget)', `${fmt(ms.buildFeedModel.median)} ms`, `${fmt(ms.buildFeedModel.p95)} ms`, '—'],
        ['renderRss(model)', `${fmt(ms['renderRss(model)'].median)} ms`, `${fmt(ms['renderRss(model)'].p95)} ms`, '—'],
        ['renderAtom(model)', `${fmt(ms['renderAtom(model)'].median)} ms`, `${fmt(ms['renderAtom(model)'].p95)} ms`, '—'],
        ['**Pipeline RSS**: buildFeedModel + renderRss', `${fmt(ms.pipelineRss.median)} ms`, `${fmt(ms.pipelineRss.p95)} ms`, `${render.bytes.pipelineRss} (gzip ${render.bytes.pipelineRssGzip})`],
        ['**Pipeline Atom**: buildFeedModel + renderAtom', `${fmt(ms.pipelineAtom.median)} ms`, `${fmt(ms.pipelineAtom.p95)} ms`, render.bytes.pipelineAtom],
        ['Bare `feed` rss2(), same items and HTML', `${fmt(ms.bareFeedRss.median)} ms`, `${fmt(ms.bareFeedRss.p95)} ms`, render.bytes.bareFeedRss],
        ['Bare `feed` atom1(), same items and HTML', `${fmt(ms.bareFeedAtom.median)} ms`, `${fmt(ms.bareFeedAtom.p95)} ms`, render.bytes.bareFeedAtom],
      ],
    ),
    '',
    `Ratios of medians: pipeline/bare RSS ${fmt(render.ratios.rss, 1)}×, Atom ${fmt(render.ratios.atom, 1)}×; serialization alone (renderX(model)/bare): RSS ${fmt(render.ratios.rssSerializeOnly)}×, Atom ${fmt(render.ratios.atomSerializeOnly)}×.`,
    '',
  );
  return out.join('\n');
}

/** A count against a plan's limit: "n (over the free plan)" and so on. */
function versus(n: number, free: number, paid?: number, unit = ''): string {
  if (paid !== undefined && n > paid) return `**${int(n)}**${unit} (over both plans)`;
  return n > free ? `**${int(n)}**${unit} (over free)` : `${int(n)}${unit}`;
}

function digestMarkdown(d: DigestResult): string {
  const out: string[] = [];
  const head = d.runs.map((run) => `${run.frequency} (${int(run.subscribers)} subscribers)`);
  out.push(`## 6. Digest runs for ${int(d.subscribers)} subscribers (${d.reports} reports, every subscriber due and behind all of them)`, '');
  out.push(
    `Spread seeded: ${Object.entries(d.spread).map(([f, n]) => `${int(n)} ${f}`).join(', ')}; half all topics, half one or two of 8; 20 % lang zh; 10 time zones. Reports: 30 through saveReport, topics from the same 8, 20 % zh-Hans. Each run is measured in workerd with real D1 and KV (counted in the harness: a \`first()\` counts as \`all()\`; rows are D1's own \`meta.rows_read\` / \`rows_written\`); the cron's messages are fed to \`onDigestQueue\` in batches of 50.`,
    '',
  );
  const per = (n: number, of: number) => (of > 0 ? fmt(n / of, 2) : '—');
  out.push('### Cron part (`startRun`: select, enqueue, advance next_due_at)', '');
  out.push(
    table(
      ['Run', 'Queue messages', 'Nothing new', 'sendBatch calls (largest)', 'D1 statements / calls / batches', 'D1 rows read', 'D1 rows written', 'Subrequests (D1 calls + sendBatch)'],
      d.runs.map((run, k) => {
        const c = run.cron;
        return [head[k]!, int(c.messages), int(c.nothingNew), `${c.sendBatchCalls} (${c.largestSendBatch})`, `${c.d1.statements} / ${c.d1.calls} / ${c.d1.batches}`, int(c.d1.rowsRead), int(c.d1.rowsWritten), c.subrequests];
      }),
    ),
    '',
  );
  out.push('### Consumer part (`onDigestQueue`, batches of 50)', '');
  out.push(
    table(
      ['Run', 'Invocations', 'Emails sent', 'Digests composed (renders)', 'Renders per email', 'D1 statements / calls', 'D1 rows read', 'D1 rows written', 'KV reads', 'Retries', 'Most subrequests in one invocation'],
      d.runs.map((run, k) => {
        const c = run.consumer;
        return [head[k]!, c.invocations, int(c.emails), int(c.renders), per(c.renders, c.emails), `${int(c.d1.statements)} / ${int(c.d1.calls)}`, int(c.d1.rowsRead), int(c.d1.rowsWritten), int(c.kv.reads), c.retried, int(c.maxSubrequestsPerInvocation)];
      }),
    ),
    '',
  );
  out.push('### Per subscriber enqueued, and per email (cron + consumer)', '');
  out.push(
    table(
      ['Run', 'D1 rows read / subscriber', 'D1 rows written / subscriber', 'D1 calls / subscriber', 'KV reads / subscriber', 'Emails / subscriber', 'D1 rows written / email', 'Bytes / email (text + HTML)'],
      d.runs.map((run, k) => {
        const n = run.cron.messages;
        const c = run.consumer;
        return [head[k]!, per(run.cron.d1.rowsRead + c.d1.rowsRead, n), per(run.cron.d1.rowsWritten + c.d1.rowsWritten, n), per(run.cron.d1.calls + c.d1.calls, n), per(c.kv.reads, n), per(c.emails, n), per(run.cron.d1.rowsWritten + c.d1.rowsWritten, c.emails), int(c.emailBytes / Math.max(1, c.emails))];
      }),
    ),
    '',
  );
  const cpu = d.cpu;
  const cpuPerEmail = (run: DigestResult['runs'][number]) => (run.consumer.renders * cpu.renderUs + run.consumer.emails * cpu.fillUs) / Math.max(1, run.consumer.emails);
  const cpuPerInvocation = (run: DigestResult['runs'][number]) => (run.consumer.renders * cpu.renderUs + run.consumer.emails * cpu.fillUs) / Math.max(1, run.consumer.invocations) / 1000;
  out.push('### CPU per email (Node, process.cpuUsage; µs are this machine’s)', '');
  out.push(
    `compose + render of a 5-report digest: ${fmt(cpu.renderUs, 0)} µs (30 reports: ${fmt(cpu.render30Us, 0)} µs); links (two HMAC tokens) + fill + headers per subscriber: ${fmt(cpu.fillUs, 0)} µs. Render ÷ fill: **${fmt(cpu.renderUs / cpu.fillUs, 1)}×** (machine-independent). Rounds: ${cpu.rounds.render} renders, ${cpu.rounds.fill} fills. D1, KV and email waits are I/O, not counted.`,
    '',
    table(
      ['Run', 'Renders ÷ emails', 'CPU per email = (renders × render + emails × fill) ÷ emails', 'In fills (CPU per email ÷ fill)', 'CPU per invocation of 50 messages, this machine (free plan: 10 ms)'],
      d.runs.map((run, k) => [head[k]!, per(run.consumer.renders, run.consumer.emails), `${fmt(cpuPerEmail(run), 0)} µs`, `${fmt(cpuPerEmail(run) / cpu.fillUs, 1)}×`, `${fmt(cpuPerInvocation(run), 1)} ms`]),
    ),
    '',
  );
  const scale = 100_000 / d.subscribers;
  const limitRows = (factor: number, label: string) => {
    const rows: (string | number)[][] = [];
    const each = (f: (run: DigestResult['runs'][number]) => string) => d.runs.map(f);
    rows.push([`Queue messages (free: 10,000 operations a day, ≈3 per message)${label}`, ...each((run) => `${int(run.cron.messages * factor)}; ≈${versus(3 * run.cron.messages * factor, 10_000, undefined, ' ops')}`)]);
    rows.push([`sendBatch calls (each ≤ 100 messages)${label}`, ...each((run) => `${int(run.cron.sendBatchCalls * factor)} (largest ${run.cron.largestSendBatch})`)]);
    rows.push([`Cron invocation subrequests: sendBatch + D1 calls (50 free / 10,000 paid)${label}`, ...each((run) => versus(run.cron.subrequests * factor, 50, 10_000))]);
    rows.push([`D1 rows written, cron + consumer (free: 100,000 a day)${label}`, ...each((run) => versus((run.cron.d1.rowsWritten + run.consumer.d1.rowsWritten) * factor, 100_000))]);
    rows.push([`D1 rows read, cron + consumer (free: 5,000,000 a day)${label}`, ...each((run) => versus((run.cron.d1.rowsRead + run.consumer.d1.rowsRead) * factor, 5_000_000))]);
    rows.push([`KV reads (free: 100,000 a day)${label}`, ...each((run) => versus(run.consumer.kv.reads * factor, 100_000))]);
    rows.push([`Emails sent${label}`, ...each((run) => int(run.consumer.emails * factor))]);
    return rows;
  };
  out.push(`### Platform limits, per run (at ${int(d.subscribers)} subscribers, and extrapolated linearly to 100,000)`, '');
  out.push(
    table(
      ['Measure (limit)', ...d.runs.map((run) => run.frequency)],
      [
        ...limitRows(1, ''),
        ...limitRows(scale, ' — at 100k'),
        ['Most subrequests in one consumer invocation: D1 calls + KV operations + sends (50 free / 10,000 paid; per batch of 50, does not grow with subscribers)', ...d.runs.map((run) => versus(run.consumer.maxSubrequestsPerInvocation, 50, 10_000))],
      ],
    ),
    '',
    'Daily limits are per account and day: a weekly and a daily run falling on the same day add up, and the instant run repeats every time something is published.',
    '',
  );
  return out.join('\n');
}
