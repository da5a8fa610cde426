/**
 * Requests per second of /feed.xml against /healthz of the same production Worker
 * (the `wrangler deploy --dry-run` bundle) in Miniflare, driven by autocannon.
 */
import { gunzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { Miniflare, convertV4MiniflareOptions } from 'miniflare';
import type { Env } from '../../src/common/config.ts';
import type { WorkerConfig } from './archive.ts';
import { cpuMeter } from './cpu.ts';
import type * as NodeEntry from './node-entry.ts';

export interface CannonRun {
  path: string;
  headers?: Record<string, string>;
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  bytesPerResponse: number;
  total: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** CPU per request: workerd (all of Miniflare's services) and Node (autocannon's client side). */
  cpuUsPerRequest: { workerd: number | null; node: number };
}

/** workerd CPU over interleaved runs of one path. */
export interface CpuTally {
  requests: number;
  /** CPU ms of workerd (all of Miniflare's services), or null off Linux. */
  workerdMs: number | null;
  usPerRequest: number | null;
}

/**
 * workerd CPU per request of /healthz, /feed.xml and its 304, from `rounds` rounds of
 * `secondsEach` seconds per path (autocannon, the same connections), the order rotating each
 * round so that drift of a shared machine falls on every path alike.
 */
export interface CpuPerRequest {
  rounds: number;
  secondsEach: number;
  healthz: CpuTally;
  feed: CpuTally;
  feed304: CpuTally;
  /** /feed.xml ÷ /healthz, and 304 ÷ /healthz (null off Linux). */
  ratio: number | null;
  ratio304: number | null;
}

export interface ThroughputResult {
  reports: number;
  connections: number;
  durationSec: number;
  healthz: CannonRun;
  feed: CannonRun;
  feed304: CannonRun;
  ratio: number;
  cpu: CpuPerRequest;
  /**
   * The same work without the app, in a bare Worker (diagnostic): /healthz; the copy's gzip
   * bytes from memory; the plain feed body from memory; the KV read of the rendered copy
   * answered 304; the KV read answered 200.
   */
  diagnostics: {
    durationSec: number;
    runs: (CannonRun & { label: string })[];
    /**
     * workerd CPU per request of the bare Worker's /healthz and of its answer with the copy's
     * gzip bytes from memory, in interleaved rounds like {@link CpuPerRequest}: the ratio
     * /feed.xml ÷ /healthz would have with no app at all.
     */
    floor: { healthz: CpuTally; gzipFromMemory: CpuTally; ratio: number | null };
  };
}

interface Options {
  bundle: { main: string; dir: string };
  config: WorkerConfig;
  reports: number;
  connections: number;
  durationSec: number;
  warmupSec: number;
  /** Interleaved rounds for workerd CPU per request, and the seconds of each path per round. */
  cpuRounds: number;
  cpuSecondsEach: number;
  node: typeof NodeEntry;
  log: (message: string) => void;
}

async function cannon(base: URL, path: string, connections: number, duration: number, headers?: Record<string, string>): Promise<CannonRun> {
  const meter = cpuMeter();
  // Feed readers ask for gzip; so does every request here, /healthz included, for a like-for-like baseline.
  const result = await autocannon({ url: new URL(path, base).href, connections, duration, headers: { 'accept-encoding': 'gzip', ...headers } });
  const cpu = meter();
  const total = result.requests.total;
  return {
    path,
    headers,
    requestsPerSec: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    bytesPerResponse: total > 0 ? result.throughput.total / total : 0,
    total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    cpuUsPerRequest: { workerd: cpu.workerdMs === null || total === 0 ? null : (cpu.workerdMs * 1000) / total, node: total === 0 ? 0 : (cpu.nodeMs * 1000) / total },
  };
}

/** Rounds of every path in turn, the order rotating each round; workerd CPU and requests summed per path. */
async function interleavedCpu(base: URL, plan: { path: string; headers?: Record<string, string> }[], connections: number, rounds: number, secondsEach: number): Promise<CpuTally[]> {
  const tallies = plan.map(() => ({ requests: 0, workerdMs: 0 as number | null }));
  for (let round = 0; round < rounds; round++) {
    for (let j = 0; j < plan.length; j++) {
      const k = (j + round) % plan.length;
      const run = await cannon(base, plan[k]!.path, connections, secondsEach, plan[k]!.headers);
      const tally = tallies[k]!;
      tally.requests += run.total;
      tally.workerdMs = run.cpuUsPerRequest.workerd === null || tally.workerdMs === null ? null : tally.workerdMs + (run.cpuUsPerRequest.workerd * run.total) / 1000;
    }
  }
  return tallies.map((t) => ({ ...t, usPerRequest: t.workerdMs === null || t.requests === 0 ? null : (t.workerdMs * 1000) / t.requests }));
}

/** A Worker with none of the app: where the time goes when the app is not involved. */
const DIAGNOSTIC_WORKER = `
let remembered = null;
export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === '/healthz') return Response.json({ status: 'ok' });
    if (path === '/memory') return new Response(env.BODY, { headers: { 'content-type': 'application/rss+xml; charset=utf-8' } });
    if (path === '/memory-gzip') {
      // What /feed.xml does once the isolate remembers the copy: its gzip bytes, no KV read.
      remembered ??= await env.REPORTS.getWithMetadata('render:all:rss', 'arrayBuffer');
      const headers = { 'content-type': 'application/rss+xml; charset=utf-8', etag: 'W/' + remembered.metadata.etag, 'content-encoding': 'gzip' };
      return new Response(remembered.value, { headers, encodeBody: 'manual' });
    }
    const { value, metadata } = await env.REPORTS.getWithMetadata('render:all:rss', 'arrayBuffer');
    if (path === '/kv-304') return new Response(null, { status: 304, headers: { etag: metadata.etag } });
    const headers = { 'content-type': 'application/rss+xml; charset=utf-8', etag: metadata.etag, 'content-encoding': 'gzip' };
    return new Response(value, { headers, encodeBody: 'manual' });
  },
};
`;

async function runDiagnostics(rendered: { value: ArrayBuffer; metadata: unknown }, config: WorkerConfig, connections: number, duration: number, cpuRounds: number, cpuSecondsEach: number): Promise<ThroughputResult['diagnostics']> {
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script: DIAGNOSTIC_WORKER,
      compatibilityDate: config.compatibilityDate,
      compatibilityFlags: config.compatibilityFlags,
      kvNamespaces: ['REPORTS'],
      bindings: { BODY: gunzipSync(Buffer.from(rendered.value)).toString('utf8') },
    }),
  );
  try {
    const base = await mf.ready;
    const kv = (await mf.getKVNamespace('REPORTS')) as unknown as KVNamespace;
    await kv.put('render:all:rss', rendered.value, { metadata: rendered.metadata });
    const runs: ThroughputResult['diagnostics']['runs'] = [];
    const plan: [string, string][] = [
      ['bare Worker: /healthz', '/healthz'],
      ['bare Worker: the rendered copy\'s gzip bytes from memory (no KV; what /feed.xml does while the isolate remembers the copy)', '/memory-gzip'],
      ['bare Worker: plain feed body from memory (no KV; Miniflare gzips it per request)', '/memory'],
      ['bare Worker: KV read of the rendered copy, answer 304', '/kv-304'],
      ['bare Worker: KV read of the rendered copy, answer 200 with its gzip bytes', '/kv-200'],
    ];
    await cannon(base, '/memory', connections, 1);
    for (const [label, path] of plan) runs.push({ label, ...(await cannon(base, path, connections, duration)) });
    const [healthz, gzipFromMemory] = await interleavedCpu(base, [{ path: '/healthz' }, { path: '/memory-gzip' }], connections, cpuRounds, cpuSecondsEach);
    const ratio = healthz!.usPerRequest === null || gzipFromMemory!.usPerRequest === null ? null : gzipFromMemory!.usPerRequest / healthz!.usPerRequest;
    return { durationSec: duration, runs, floor: { healthz: healthz!, gzipFromMemory: gzipFromMemory!, ratio } };
  } finally {
    await mf.dispose();
  }
}

export async function runThroughput(options: Options): Promise<ThroughputResult> {
  const { config, node, log } = options;
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      scriptPath: options.bundle.main,
      modulesRoot: options.bundle.dir,
      compatibilityDate: config.compatibilityDate,
      compatibilityFlags: config.compatibilityFlags,
      kvNamespaces: ['REPORTS'],
      bindings: config.vars,
    }),
  );
  let disposed = false;
  try {
    const base = await mf.ready;
    const kv = (await mf.getKVNamespace('REPORTS')) as unknown as KVNamespace;
    const site = node.readConfig({ ...config.vars } as unknown as Env);
    log(`seeding ${options.reports} reports into the production Worker's KV…`);
    for (let i = 0; i < options.reports; i++) await node.writeReport(kv, await node.makeReport(i, site.siteUrl), null);

    // Render and store the copy, then check it is there, so every measured request is a 1-read hit.
    const first = await fetch(new URL('/feed.xml', base));
    await first.arrayBuffer();
    const etag = first.headers.get('etag');
    for (let tries = 0; tries < 50 && !(await kv.get('render:all:rss')); tries++) await new Promise((r) => setTimeout(r, 100));
    if (first.status !== 200 || !etag || !(await kv.get('render:all:rss'))) throw new Error(`feed did not render and store (status ${first.status})`);

    const { connections, durationSec: duration, warmupSec } = options;
    log(`autocannon warm-up (${warmupSec} s each)…`);
    await cannon(base, '/healthz', connections, warmupSec);
    await cannon(base, '/feed.xml', connections, warmupSec);
    log(`autocannon: /healthz, /feed.xml, /feed.xml 304 — ${duration} s each, ${connections} connections…`);
    const healthz = await cannon(base, '/healthz', connections, duration);
    const feed = await cannon(base, '/feed.xml', connections, duration);
    const feed304 = await cannon(base, '/feed.xml', connections, duration, { 'if-none-match': etag });
    const { cpuRounds, cpuSecondsEach } = options;
    log(`workerd CPU per request: ${cpuRounds} rounds of /healthz, /feed.xml, /feed.xml 304 — ${cpuSecondsEach} s each, order rotating…`);
    const [cpuHealthz, cpuFeed, cpuFeed304] = await interleavedCpu(base, [{ path: '/healthz' }, { path: '/feed.xml' }, { path: '/feed.xml', headers: { 'if-none-match': etag } }], connections, cpuRounds, cpuSecondsEach);
    const over = (a: CpuTally, b: CpuTally) => (a.usPerRequest === null || b.usPerRequest === null ? null : a.usPerRequest / b.usPerRequest);
    const cpu: CpuPerRequest = { rounds: cpuRounds, secondsEach: cpuSecondsEach, healthz: cpuHealthz!, feed: cpuFeed!, feed304: cpuFeed304!, ratio: over(cpuFeed!, cpuHealthz!), ratio304: over(cpuFeed304!, cpuHealthz!) };
    const rendered = await kv.getWithMetadata('render:all:rss', 'arrayBuffer');
    await mf.dispose();
    disposed = true;
    const diagDuration = Math.max(3, Math.round(duration / 2));
    log(`diagnostics: a bare Worker serving the same body (${diagDuration} s each), then its workerd CPU per request in ${cpuRounds} rounds…`);
    const diagnostics = await runDiagnostics({ value: rendered.value ?? new ArrayBuffer(0), metadata: rendered.metadata }, config, connections, diagDuration, cpuRounds, cpuSecondsEach);
    return { reports: options.reports, connections, durationSec: duration, healthz, feed, feed304, ratio: feed.requestsPerSec / healthz.requestsPerSec, cpu, diagnostics };
  } finally {
    if (!disposed) await mf.dispose();
  }
}
