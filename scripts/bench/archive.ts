/**
 * KV operations per request and feed latency as the archive grows, measured against the
 * harness Worker (the real app with a counting KV) in workerd via Miniflare.
 *
 * Each archive size has its own KV namespace (binding `KV_<size>`) in one Miniflare, so the
 * sizes are measured in alternating blocks: drift of a shared, noisy machine then affects
 * every size alike and the ratios between sizes stay meaningful.
 */
import { Miniflare, convertV4MiniflareOptions } from 'miniflare';
import type { Env } from '../../src/common/config.ts';
import type { Report } from '../../src/reports/schema.ts';
import { BulkKvLoader, type KvWrite, recordingKv } from './bulk-kv.ts';
import { cpuMeter } from './cpu.ts';
import { Client } from './http.ts';
import type { KvCounts } from './kv-count.ts';
import type * as NodeEntry from './node-entry.ts';
import { summarize, type Summary } from './stats.ts';

export interface WorkerConfig {
  compatibilityDate: string;
  compatibilityFlags: string[];
  vars: Record<string, string>;
}

export interface OpsRow {
  status: number;
  bytes: number;
  reads: number;
  lists: number;
  keysListed: number;
  writes: number;
  deletes: number;
  byPrefix: Record<string, number>;
}

export type Scenario =
  | 'feed-current'
  | 'feed-remembered'
  | 'feed-absent'
  | 'feed-304'
  | 'report-page'
  | 'home-current'
  | 'home-absent'
  | 'archive-month-absent'
  | 'archive-month-current'
  | 'archive-year-absent'
  | 'archive-feed-absent'
  | 'archive-index-absent';

/** Rebuilds caused by readers arriving together at a copy a write has just dropped. */
export interface BurstRow {
  path: string;
  readers: number;
  statuses: Record<string, number>;
  /** Requests that listed KV (each rebuild lists; a reader served a copy or a shared rebuild does not). */
  rebuilds: number;
  /** Rendered copies written. */
  writes: number;
}

export interface SeedResult {
  size: number;
  /** Reports stored through the KV binding by the harness (real puts). */
  api: { reports: number; puts: number; ms: number };
  /** Reports bulk-loaded (see bulk-kv.ts). */
  bulk: { reports: number; keys: number; bytes: number };
  verify: { checked: number; mismatches: string[]; keys: { report: number; pub: number; topic: number; event: number; etopic: number; month: number; period: number }; ms: number };
}

/**
 * The diagnostic of the rebuild's KV work without the app: a bare Worker (no Herald code) in
 * the same Miniflare, on the same namespaces, timed like the rebuild.
 * - `list-reads`: what a rebuild of /feed.xml does in KV, in the same order: the read of the
 *   (absent) rendered copy, then the list (same prefix, same limit) and the reads of the
 *   reports it shows, beside the reads of the two markers.
 * - `list`: the list alone. `reads`: the reads alone (the reports the list showed, found once).
 * - `list-seek`: the same list, given the cursor Miniflare would hand back for the prefix
 *   itself (its cursors are the base64 of the last key listed): the same keys come back, but
 *   Miniflare's query starts at the prefix instead of the first key of the namespace.
 */
export const BARE_KINDS = ['list-reads', 'list', 'reads', 'list-seek'] as const;
export type BareKind = (typeof BARE_KINDS)[number];

export interface BareResult {
  /** KV operations of one `list-reads` request, counted by the bare Worker. */
  ops: { reads: number; lists: number; keysListed: number };
  /** `list-seek` returned the same keys as `list`. */
  seekSameKeys: boolean;
  latency: Record<BareKind, Summary>;
  workerdCpuMs: Record<BareKind, number | null>;
  anomalies: number;
}

export interface SizeResult {
  size: number;
  seed: SeedResult;
  ops: Record<Scenario, OpsRow>;
  /** The archive month and year measured (those of the newest report). */
  archivePaths: { month: string; year: string };
  burst: BurstRow[];
  latency: {
    current: Summary;
    rebuild: Summary;
    anomalies: { current: number; rebuild: number };
    /** workerd CPU per request, all of Miniflare's services (KV simulator included), or null off Linux. */
    workerdCpuMs: { current: number | null; rebuild: number | null };
    /** The same KV work as the rebuild by a bare Worker, measured in the same rounds (see {@link BARE_KINDS}). */
    bare: BareResult;
  };
}

export interface ArchiveResult {
  sizes: SizeResult[];
  seeding: {
    /** Wall time of all seeding: API seeding, bulk load, restart, verification. */
    totalMs: number;
    apiMs: number;
    /** Generating the reports once (makeReport + putReport into a recording KV) and writing them to every namespace that holds them. */
    bulkMs: number;
    bulkReportsGenerated: number;
    restartMs: number;
    verifyMs: number;
  };
  rounds: { current: number; rebuild: number };
}

interface CountReply {
  status: number;
  bytes: number;
  etag: string | null;
  atResponse: KvCounts;
  total: KvCounts;
}

interface Options {
  harness: { path: string; dir: string };
  persistRoot: string;
  config: WorkerConfig;
  sizes: number[];
  /** Reports of each archive seeded through the KV binding (real puts); the rest are bulk-loaded. */
  apiSeed: number;
  /** Per size: warm-up requests, then `rounds` blocks of `block` samples, alternating sizes. */
  current: { warmup: number; rounds: number; block: number };
  rebuild: { warmup: number; rounds: number; block: number };
  node: typeof NodeEntry;
  log: (message: string) => void;
}

const opsOf = (reply: CountReply): OpsRow => ({
  status: reply.status,
  bytes: reply.bytes,
  reads: reply.total.get + reply.total.getWithMetadata,
  lists: reply.total.list,
  keysListed: reply.total.keysListed,
  writes: reply.total.put,
  deletes: reply.total.delete,
  byPrefix: reply.total.byPrefix,
});

/**
 * The bare Worker of the list diagnostic (see {@link BARE_KINDS}): Herald's rebuild of
 * /feed.xml in KV terms, with none of its code. It answers `x-bench-ops` like the harness.
 */
const BARE_WORKER = `
const shownBy = new Map();
const sameBy = new Map();
export default {
  async fetch(request, env) {
    const binding = request.headers.get('x-bench-kv');
    const kv = env[binding];
    if (!kv) return new Response('No KV binding named ' + binding, { status: 400 });
    const mode = new URL(request.url).pathname.slice('/__bare/'.length);
    const feedLimit = Number(env.FEED_LIMIT || 50);
    // newestVisible's list: the index of every report, a little over the feed's length.
    const listOptions = { prefix: 'pub:', limit: Math.min(1000, feedLimit + 25) };
    const ops = { r: 0, l: 0, k: 0 };
    const list = async (options) => {
      ops.l++;
      const page = await kv.list(options);
      ops.k += page.keys.length;
      return page;
    };
    const read = (key, type) => {
      ops.r++;
      return type === 'arrayBuffer' ? kv.getWithMetadata(key, type) : kv.get(key, type);
    };
    const now = Date.now();
    const shown = (page) => page.keys.filter(({ metadata: m }) => m && !m.d && m.p <= now).slice(0, feedLimit).map(({ metadata: m }) => m.s);
    const readReports = (slugs) => Promise.all(slugs.map((slug) => read('report:' + slug, 'json')));
    const markers = () => Promise.all([read('meta:removed', 'text'), read('meta:written', 'text')]);
    if (mode === 'list-reads') {
      await read('render:all:rss', 'arrayBuffer');
      await Promise.all([list(listOptions).then((page) => readReports(shown(page))), markers()]);
    } else if (mode === 'list') {
      await list(listOptions);
    } else if (mode === 'reads') {
      if (!shownBy.has(binding)) shownBy.set(binding, shown(await kv.list(listOptions)));
      await read('render:all:rss', 'arrayBuffer');
      await Promise.all([readReports(shownBy.get(binding)), markers()]);
    } else if (mode === 'list-seek') {
      const page = await list({ ...listOptions, cursor: btoa(listOptions.prefix) });
      if (!sameBy.has(binding)) {
        const plain = await kv.list(listOptions);
        sameBy.set(binding, JSON.stringify(plain.keys) === JSON.stringify(page.keys));
      }
      ops.same = sameBy.get(binding);
    } else {
      return new Response('Unknown mode ' + mode, { status: 404 });
    }
    return new Response(null, { status: 204, headers: { 'x-bench-ops': JSON.stringify(ops) } });
  },
};
`;

const bindingOf = (size: number) => `KV_${size}`;
const namespaceOf = (size: number) => `bench-kv-${size}`;

export async function runArchive(options: Options): Promise<ArchiveResult> {
  const { config, log, node } = options;
  const sizes = [...options.sizes].sort((a, b) => a - b);
  const site = node.readConfig({ ...config.vars } as unknown as Env);
  const kvNamespaces = Object.fromEntries(sizes.map((size) => [bindingOf(size), namespaceOf(size)]));
  // The harness takes every request but /__bare/*, which goes to the bare Worker: both bind
  // the same namespaces, so they read the same stored keys.
  const start = () =>
    new Miniflare(
      convertV4MiniflareOptions({
        resourcePersistencePath: options.persistRoot,
        workers: [
          {
            name: 'harness',
            modules: true,
            scriptPath: options.harness.path,
            modulesRoot: options.harness.dir,
            compatibilityDate: config.compatibilityDate,
            compatibilityFlags: config.compatibilityFlags,
            kvNamespaces,
            bindings: config.vars,
          },
          {
            name: 'bare',
            modules: true,
            script: BARE_WORKER,
            compatibilityDate: config.compatibilityDate,
            compatibilityFlags: config.compatibilityFlags,
            kvNamespaces,
            bindings: { FEED_LIMIT: config.vars.FEED_LIMIT ?? '50' },
            routes: ['*/__bare/*'],
          },
        ],
      }),
    );
  const clientsFor = (base: URL) => new Map(sizes.map((size) => [size, new Client(base, { 'x-bench-kv': bindingOf(size) })]));

  const seedStarted = performance.now();
  let mf = start();
  let clients = clientsFor(await mf.ready);
  const client = (size: number) => clients.get(size)!;
  const seeds = new Map<number, SeedResult>();
  const objectFile = new Map<number, string>();
  const totalPuts = new Map<number, number>();

  try {
    // 1. The first reports of every archive through the KV binding, with the real store code
    //    in the harness; this also creates each namespace's storage, which tells us its file.
    const apiStarted = performance.now();
    for (const size of sizes) {
      const to = Math.min(size, options.apiSeed);
      log(`seeding reports 0–${to - 1} of the ${size}-report archive through the KV binding…`);
      const before = new Set(BulkKvLoader.objectFiles(options.persistRoot));
      const t = performance.now();
      const r = await client(size).json<{ seeded: number; puts: number }>(`/__bench/seed?from=0&to=${to}&concurrency=16`, { method: 'POST' });
      const created = BulkKvLoader.objectFiles(options.persistRoot).filter((name) => !before.has(name));
      if (created.length !== 1) throw new Error(`expected one new KV object database for ${bindingOf(size)}, found ${created.length}`);
      objectFile.set(size, created[0]!);
      totalPuts.set(size, r.puts);
      seeds.set(size, { size, api: { reports: r.seeded, puts: r.puts, ms: performance.now() - t }, bulk: { reports: 0, keys: 0, bytes: 0 }, verify: { checked: 0, mismatches: [], keys: { report: 0, pub: 0, topic: 0, event: 0, etopic: 0, month: 0, period: 0 }, ms: 0 } });
    }
    const apiMs = performance.now() - apiStarted;

    // 2. The rest, bulk-loaded with Miniflare stopped. Each report is generated once and
    //    written to every archive large enough to hold it.
    const bulkStarted = performance.now();
    const largest = sizes.at(-1)!;
    let generated = 0;
    if (largest > options.apiSeed) {
      for (const c of clients.values()) c.close();
      await mf.dispose();
      log(`bulk-loading reports ${options.apiSeed}–${largest - 1} (written by putReport into a recording KV) into ${sizes.filter((s) => s > options.apiSeed).length} archive(s)…`);
      const loaders = new Map<number, BulkKvLoader>();
      for (const size of sizes) if (size > options.apiSeed) loaders.set(size, await BulkKvLoader.open(options.persistRoot, namespaceOf(size), objectFile.get(size)!));
      const writes: KvWrite[] = [];
      const kv = recordingKv(writes);
      // The API-seeded reports wrote their months' period keys already: let the recording KV know.
      for (let i = 0; i < options.apiSeed; i++) await node.writeReport(kv, await node.makeReport(i, site.siteUrl), null);
      writes.length = 0;
      const periodAdds = new Map<number, number>();
      // Chunks of 100 let prepareReport's SHA-256 digests overlap (about 1.5× faster).
      for (let from = options.apiSeed; from < largest; from += 100) {
        const chunk: Report[] = await Promise.all(Array.from({ length: Math.min(100, largest - from) }, (_, k) => node.makeReport(from + k, site.siteUrl)));
        for (const [k, report] of chunk.entries()) {
          await node.writeReport(kv, report, null);
          for (const [size, loader] of loaders) {
            if (from + k >= size) continue;
            for (const write of writes) loader.add(write);
            periodAdds.set(size, (periodAdds.get(size) ?? 0) + writes.filter((write) => write.key.startsWith('period:')).length);
          }
          writes.length = 0;
        }
        generated += chunk.length;
        if ((from + 100) % 20_000 === 0) log(`  ${from + 100} reports…`);
      }
      for (const [size, loader] of loaders) {
        loader.close();
        const seed = seeds.get(size)!;
        seed.bulk = { reports: size - options.apiSeed, keys: loader.rows, bytes: loader.bytes };
        // Period keys are checked apart: concurrent API writes may each write a month's key.
        totalPuts.set(size, totalPuts.get(size)! + loader.rows - (periodAdds.get(size) ?? 0));
      }
    }
    const bulkMs = performance.now() - bulkStarted;
    const restartStarted = performance.now();
    if (generated > 0) {
      mf = start();
      clients = clientsFor(await mf.ready);
    }
    const restartMs = performance.now() - restartStarted;

    // 3. Check what is stored, through the binding, against what putReport writes.
    const verifyStarted = performance.now();
    for (const size of sizes) {
      const t = performance.now();
      const sample = [...new Set([0, 1, 2, 5, 49, 50, options.apiSeed - 1, options.apiSeed, Math.floor(size / 2), size - 2, size - 1].filter((i) => i >= 0 && i < size))];
      const verified = await client(size).json<SeedResult['verify']>(`/__bench/verify?sample=${sample.join(',')}`);
      verified.ms = performance.now() - t;
      // Every key putReport writes: the report, its feed index keys and its event index keys.
      const keyTotal = verified.keys.report + verified.keys.pub + verified.keys.topic + verified.keys.event + verified.keys.etopic + verified.keys.month;
      if (verified.mismatches.length > 0 || verified.keys.report !== size || verified.keys.pub !== size || verified.keys.month < size || verified.keys.period === 0 || keyTotal !== totalPuts.get(size)) {
        throw new Error(`archive ${size}: KV does not hold what putReport writes (expected ${totalPuts.get(size)} keys): ${JSON.stringify(verified)}`);
      }
      seeds.get(size)!.verify = verified;
      log(`archive of ${size} reports verified: ${verified.keys.report} report, ${verified.keys.pub} pub, ${verified.keys.topic} topic keys`);
    }
    const verifyMs = performance.now() - verifyStarted;
    const seeding = { totalMs: performance.now() - seedStarted, apiMs, bulkMs, bulkReportsGenerated: generated, restartMs, verifyMs };
    log(`seeding done in ${(seeding.totalMs / 1000).toFixed(1)} s; counting KV operations…`);

    const ops = new Map<number, Record<Scenario, OpsRow>>();
    const newest = node.reportJson(0);
    const archivePaths = { month: `/archive/${newest.published.slice(0, 7).replace('-', '/')}`, year: `/archive/${newest.published.slice(0, 4)}` };
    for (const size of sizes) ops.set(size, await measureOps(client(size), size, newest.slug, archivePaths));
    const bursts = new Map<number, BurstRow[]>();
    for (const size of sizes) {
      const rows: BurstRow[] = [];
      for (const path of ['/feed.xml', archivePaths.month]) rows.push(await measureBurst(client(size), path, 100));
      bursts.set(size, rows);
      log(`  burst of 100 readers at ${size} reports: ${rows.map((row) => `${row.path} ${row.rebuilds} rebuild(s)`).join(', ')}`);
    }

    log(`latency: ${options.current.rounds} rounds × ${options.current.block} current-copy and ${options.rebuild.rounds} × ${options.rebuild.block} rebuild requests per size (each rebuild block followed by the bare Worker's ${BARE_KINDS.join(', ')} blocks), sizes alternating…`);
    const latency = await measureLatency(sizes, client, options);
    for (const size of sizes) {
      const l = latency.get(size)!;
      log(`  ${size} reports: /feed.xml median current ${l.current.median.toFixed(2)} ms, rebuild ${l.rebuild.median.toFixed(2)} ms; bare Worker list + reads ${l.bare.latency['list-reads'].median.toFixed(2)} ms (list ${l.bare.latency.list.median.toFixed(2)}, reads ${l.bare.latency.reads.median.toFixed(2)}, list from the prefix ${l.bare.latency['list-seek'].median.toFixed(2)})`);
    }
    return {
      sizes: sizes.map((size) => ({ size, seed: seeds.get(size)!, ops: ops.get(size)!, archivePaths, burst: bursts.get(size)!, latency: latency.get(size)! })),
      seeding,
      rounds: { current: options.current.rounds, rebuild: options.rebuild.rounds },
    };
  } finally {
    for (const c of clients.values()) c.close();
    await mf.dispose();
  }
}

/**
 * Drops every rendered copy (what a write does to the copies it touches), then sends
 * `readers` requests for `path` at once, on their own connections, and counts how many of
 * them rebuilt the copy.
 */
async function measureBurst(client: Client, path: string, readers: number): Promise<BurstRow> {
  await client.json('/__bench/drop-rendered', { method: 'POST' });
  const replies = await Promise.all(Array.from({ length: readers }, () => client.request(path, { fresh: true })));
  const ops = replies.map((reply) => JSON.parse(String(reply.headers['x-bench-ops'] ?? '{}')) as { l?: number; w?: number });
  const statuses: Record<string, number> = {};
  for (const reply of replies) statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
  return { path, readers, statuses, rebuilds: ops.filter((o) => (o.l ?? 0) > 0).length, writes: ops.reduce((sum, o) => sum + (o.w ?? 0), 0) };
}

async function measureOps(client: Client, size: number, reportSlug: string, archive: { month: string; year: string }): Promise<Record<Scenario, OpsRow>> {
  const count = (path: string, headers: Record<string, string> = {}) =>
    client.json<CountReply>(path, { headers: { 'x-bench-mode': 'count', ...headers } }).catch((error: unknown) => {
      throw new Error(`GET ${path} at ${size} reports: ${String(error)}`);
    });
  const drop = () => client.json('/__bench/drop-rendered', { method: 'POST' });
  await drop();
  const absent = await count('/feed.xml');
  const current = await count('/feed.xml');
  if (!current.etag) throw new Error('feed has no etag');
  const remembered = await count('/feed.xml', { 'x-bench-memory': 'keep' });
  const notModified = await count('/feed.xml', { 'if-none-match': current.etag });
  const reportPage = await count(`/reports/${reportSlug}`);
  await drop();
  const homeAbsent = await count('/');
  const homeCurrent = await count('/');
  await drop();
  const monthAbsent = await count(archive.month);
  const monthCurrent = await count(archive.month);
  const yearAbsent = await count(archive.year);
  const feedAbsent = await count(`${archive.month}/atom.xml`);
  const indexAbsent = await count('/archive');
  const rows: Record<Scenario, OpsRow> = {
    'feed-current': opsOf(current),
    'feed-remembered': opsOf(remembered),
    'feed-absent': opsOf(absent),
    'feed-304': opsOf(notModified),
    'report-page': opsOf(reportPage),
    'home-current': opsOf(homeCurrent),
    'home-absent': opsOf(homeAbsent),
    'archive-month-absent': opsOf(monthAbsent),
    'archive-month-current': opsOf(monthCurrent),
    'archive-year-absent': opsOf(yearAbsent),
    'archive-feed-absent': opsOf(feedAbsent),
    'archive-index-absent': opsOf(indexAbsent),
  };
  const expected = Object.fromEntries(Object.keys(rows).map((key) => [key, key === 'feed-304' ? 304 : 200])) as Record<Scenario, number>;
  for (const [scenario, status] of Object.entries(expected)) {
    if (rows[scenario as Scenario].status !== status) throw new Error(`${scenario} at ${size}: status ${rows[scenario as Scenario].status}, expected ${status}`);
  }
  return rows;
}

type Kind = 'current' | 'rebuild' | BareKind;
type Ops = { r?: number; l?: number; w?: number; k?: number; same?: boolean };

async function measureLatency(sizes: number[], client: (size: number) => Client, options: Options): Promise<Map<number, SizeResult['latency']>> {
  const opsHeader = (headers: Record<string, string | string[] | undefined>) => JSON.parse(String(headers['x-bench-ops'] ?? '{}')) as Ops;
  const kinds: Kind[] = ['current', 'rebuild', ...BARE_KINDS];
  const samples = new Map(sizes.map((size) => [size, Object.fromEntries(kinds.map((kind) => [kind, [] as number[]])) as Record<Kind, number[]>]));
  const anomalies = new Map(sizes.map((size) => [size, Object.fromEntries(kinds.map((kind) => [kind, 0])) as Record<Kind, number>]));
  const cpu = new Map(sizes.map((size) => [size, Object.fromEntries(kinds.map((kind) => [kind, 0 as number | null])) as Record<Kind, number | null>]));
  const bareOps = new Map<number, BareResult['ops']>();
  const seekSame = new Map<number, boolean>();

  // Current copy: plain requests (1 read, no list). Rebuild: the copy is absent and rebuild
  // mode stores each rebuilt copy under another key, so every request lists, reads and writes.
  // Bare kinds: the bare Worker's requests (see BARE_KINDS), in the rebuild's rounds.
  const request = (size: number, kind: Kind) =>
    kind === 'current' || kind === 'rebuild' ? client(size).request('/feed.xml', kind === 'rebuild' ? { headers: { 'x-bench-mode': 'rebuild' } } : {}) : client(size).request(`/__bare/${kind}`);
  const valid = (kind: Kind, ops: Ops) => {
    if (kind === 'current') return ops.r === 1 && ops.l === 0 && ops.w === 0;
    if (kind === 'rebuild') return (ops.l ?? 0) >= 1 && ops.w === 1;
    if (kind === 'list-reads') return ops.l === 1 && (ops.r ?? 0) >= 3;
    if (kind === 'reads') return ops.l === 0 && (ops.r ?? 0) >= 3;
    return ops.l === 1 && ops.r === 0;
  };
  const status = (kind: Kind) => (kind === 'current' || kind === 'rebuild' ? 200 : 204);

  // The rebuild's rounds take the bare Worker's blocks too, right after each rebuild block of
  // the same size: the same drift of the machine, and the same state of the namespace.
  const phases: { plan: Options['current']; kinds: Kind[] }[] = [
    { plan: options.current, kinds: ['current'] },
    { plan: options.rebuild, kinds: ['rebuild', ...BARE_KINDS] },
  ];
  for (const { plan, kinds: phaseKinds } of phases) {
    for (const size of sizes) {
      await client(size).json('/__bench/drop-rendered', { method: 'POST' });
      if (phaseKinds.includes('current')) await client(size).json('/feed.xml', { headers: { 'x-bench-mode': 'count' } });
      for (const kind of phaseKinds) for (let k = 0; k < plan.warmup; k++) await request(size, kind);
    }
    for (let round = 0; round < plan.rounds; round++) {
      for (let j = 0; j < sizes.length; j++) {
        const size = sizes[(j + round) % sizes.length]!;
        for (const kind of phaseKinds) {
          const meter = cpuMeter();
          for (let k = 0; k < plan.block; k++) {
            const reply = await request(size, kind);
            const ops = opsHeader(reply.headers);
            if (kind === 'list-reads' && !bareOps.has(size)) bareOps.set(size, { reads: ops.r ?? 0, lists: ops.l ?? 0, keysListed: ops.k ?? 0 });
            if (kind === 'list-seek') seekSame.set(size, (seekSame.get(size) ?? true) && ops.same === true);
            if (reply.status !== status(kind) || !valid(kind, ops)) anomalies.get(size)![kind]++;
            else samples.get(size)![kind].push(reply.ms);
          }
          const used = meter().workerdMs;
          const c = cpu.get(size)!;
          c[kind] = used === null || c[kind] === null ? null : c[kind]! + used;
        }
      }
    }
  }
  return new Map(
    sizes.map((size) => {
      const s = samples.get(size)!;
      const c = cpu.get(size)!;
      const a = anomalies.get(size)!;
      const perRequest = (kind: Kind) => {
        const plan = kind === 'current' ? options.current : options.rebuild;
        return c[kind] === null ? null : c[kind]! / (plan.rounds * plan.block);
      };
      const bare: BareResult = {
        ops: bareOps.get(size) ?? { reads: 0, lists: 0, keysListed: 0 },
        seekSameKeys: seekSame.get(size) ?? false,
        latency: Object.fromEntries(BARE_KINDS.map((kind) => [kind, summarize(s[kind])])) as Record<BareKind, Summary>,
        workerdCpuMs: Object.fromEntries(BARE_KINDS.map((kind) => [kind, perRequest(kind)])) as Record<BareKind, number | null>,
        anomalies: BARE_KINDS.reduce((sum, kind) => sum + a[kind], 0),
      };
      return [
        size,
        {
          current: summarize(s.current),
          rebuild: summarize(s.rebuild),
          anomalies: { current: a.current, rebuild: a.rebuild },
          workerdCpuMs: { current: perRequest('current'), rebuild: perRequest('rebuild') },
          bare,
        },
      ];
    }),
  );
}
