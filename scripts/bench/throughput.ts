/**
 * Requests per second of /feed.xml against /healthz of the same production Worker
 * (the `wrangler deploy --dry-run` bundle) in Miniflare, driven by autocannon.
 */
import { gunzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { Miniflare, convertV4MiniflareOptions } from 'miniflare';
import type { Env } from '../../src/shared/config.ts';
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

export interface ThroughputResult {
  reports: number;
  connections: number;
  durationSec: number;
  healthz: CannonRun;
  feed: CannonRun;
  feed304: CannonRun;
  ratio: number;
  /**
   * The same work without the app, in a bare Worker (diagnostic): /healthz; the feed body
   * from memory; the KV read of the rendered copy answered 304; the KV read answered 200.
   */
  diagnostics: { durationSec: number; runs: (CannonRun & { label: string })[] };
}

interface Options {
  bundle: { main: string; dir: string };
  config: WorkerConfig;
  reports: number;
  connections: number;
  durationSec: number;
  warmupSec: number;
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

/** A Worker with none of the app: where the time goes when the app is not involved. */
const DIAGNOSTIC_WORKER = `
export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === '/healthz') return Response.json({ status: 'ok' });
    if (path === '/memory') return new Response(env.BODY, { headers: { 'content-type': 'application/rss+xml; charset=utf-8' } });
    const { value, metadata } = await env.REPORTS.getWithMetadata('render:all:rss', 'arrayBuffer');
    if (path === '/kv-304') return new Response(null, { status: 304, headers: { etag: metadata.etag } });
    const headers = { 'content-type': 'application/rss+xml; charset=utf-8', etag: metadata.etag, 'content-encoding': 'gzip' };
    return new Response(value, { headers, encodeBody: 'manual' });
  },
};
`;

async function runDiagnostics(rendered: { value: ArrayBuffer; metadata: unknown }, config: WorkerConfig, connections: number, duration: number): Promise<ThroughputResult['diagnostics']> {
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
      ['bare Worker: plain feed body from memory (no KV; Miniflare gzips it per request)', '/memory'],
      ['bare Worker: KV read of the rendered copy, answer 304', '/kv-304'],
      ['bare Worker: KV read of the rendered copy, answer 200 with its gzip bytes', '/kv-200'],
    ];
    await cannon(base, '/memory', connections, 1);
    for (const [label, path] of plan) runs.push({ label, ...(await cannon(base, path, connections, duration)) });
    return { durationSec: duration, runs };
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
    const rendered = await kv.getWithMetadata('render:all:rss', 'arrayBuffer');
    await mf.dispose();
    disposed = true;
    const diagDuration = Math.max(3, Math.round(duration / 2));
    log(`diagnostics: a bare Worker serving the same body (${diagDuration} s each)…`);
    const diagnostics = await runDiagnostics({ value: rendered.value ?? new ArrayBuffer(0), metadata: rendered.metadata }, config, connections, diagDuration);
    return { reports: options.reports, connections, durationSec: duration, healthz, feed, feed304, ratio: feed.requestsPerSec / healthz.requestsPerSec, diagnostics };
  } finally {
    if (!disposed) await mf.dispose();
  }
}
