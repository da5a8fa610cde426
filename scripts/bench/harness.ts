/**
 * The benchmark's harness Worker (bench-only; never part of the production Worker). It runs
 * the real app (`createApp()`) inside workerd with `env.REPORTS` wrapped in a counting
 * proxy, and adds a few `/__bench/*` endpoints to seed and reset KV through the Worker's own
 * store code.
 *
 * The header `x-bench-kv` names the KV binding that serves as `REPORTS` for the request, so
 * archives of several sizes live side by side and can be measured in alternation.
 *
 * Modes, chosen by the `x-bench-mode` request header:
 * - (none)    the app's response, plus `x-bench-ops` (JSON counts up to the response).
 * - `count`   the app's response is consumed and its waitUntil work awaited; answers JSON
 *             `{ status, bytes, etag, atResponse, total }` with the KV counts.
 * - `rebuild` like (none), but a put of a `render:` key is stored under `bench-sink:<key>`
 *             (same cost), so the rendered copy stays absent and every such request rebuilds.
 *
 * Every request is served as by a fresh isolate, which remembers no rendered copy, unless
 * it carries `x-bench-memory: keep`: then the copies the isolate remembers are used.
 */
import { createApp } from '../../src/app.ts';
import { type Env, readConfig } from '../../src/common/config.ts';
import { ALL } from '../../src/common/scope.ts';
import { indexKey, reportKey } from '../../src/reports/keys.ts';
import { forgetRendered } from '../../src/common/rendered.ts';
import { forgetGenerations } from '../../src/archive/store.ts';
import { writeReport } from '../../src/reports/publishing.ts';
import { countingKv, newCounts } from './kv-count.ts';
import { makeReport } from './reports.ts';

const app = createApp();

async function seed(env: Env, from: number, to: number, concurrency: number): Promise<Response> {
  const site = readConfig(env);
  const started = Date.now();
  const counts = newCounts();
  const kv = countingKv(env.REPORTS, counts);
  let next = from;
  const worker = async () => {
    while (next < to) {
      const i = next++;
      await writeReport(kv, await makeReport(i, site.siteUrl), null);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  // Report, index and topic keys only: the `meta:` markers are one key each, however many reports.
  // Period keys apart: concurrent writes to one month may each write its key.
  const puts = counts.put - (counts.byPrefix['put:meta'] ?? 0) - (counts.byPrefix['put:period'] ?? 0);
  return Response.json({ seeded: to - from, puts, ms: Date.now() - started });
}

async function dropRendered(kv: KVNamespace): Promise<Response> {
  let cursor: string | undefined;
  let dropped = 0;
  do {
    const page = await kv.list({ prefix: 'render:', cursor });
    await Promise.all(page.keys.map((key) => kv.delete(key.name)));
    dropped += page.keys.length;
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return Response.json({ dropped });
}

async function countKeys(kv: KVNamespace, prefix: string): Promise<number> {
  let cursor: string | undefined;
  let n = 0;
  do {
    const page = await kv.list({ prefix, cursor, limit: 1000 });
    n += page.keys.length;
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return n;
}

/**
 * Checks what is stored against what `putReport` writes for the sampled reports (value,
 * metadata, index key and its metadata), and counts the keys by prefix.
 */
async function verify(env: Env, sample: number[]): Promise<Response> {
  const site = readConfig(env);
  const mismatches: string[] = [];
  for (const i of sample) {
    const report = await makeReport(i, site.siteUrl);
    const stored = await env.REPORTS.getWithMetadata(reportKey(report.slug), 'text');
    if (stored.value !== JSON.stringify(report)) mismatches.push(`${i}: report value`);
    const meta = { s: report.slug, p: Date.parse(report.published), u: Date.parse(report.updated), d: report.draft };
    if (JSON.stringify(stored.metadata) !== JSON.stringify(meta)) mismatches.push(`${i}: report metadata`);
    const index = await env.REPORTS.list({ prefix: indexKey(ALL, Date.parse(report.published), report.slug) });
    const indexMeta = index.keys[0]?.metadata as { t?: string } | undefined;
    if (index.keys.length !== 1 || !indexMeta || indexMeta.t === undefined) mismatches.push(`${i}: pub index key`);
  }
  const [reports, pub, topic, event, etopic, month, period] = await Promise.all(['report:', 'pub:', 'topic:', 'event:', 'etopic:', 'month:', 'period:'].map((prefix) => countKeys(env.REPORTS, prefix)));
  return Response.json({ checked: sample.length, mismatches, keys: { report: reports, pub, topic, event, etopic, month, period } });
}

export default {
  async fetch(request, workerEnv, ctx) {
    const url = new URL(request.url);
    // One archive per KV binding (KV_100, KV_10000, …), chosen per request.
    const binding = request.headers.get('x-bench-kv') ?? 'REPORTS';
    const selected = (workerEnv as unknown as Record<string, unknown>)[binding] as KVNamespace | undefined;
    if (!selected) return new Response(`No KV binding named ${binding}.`, { status: 400 });
    const env: Env = { ...workerEnv, REPORTS: selected };
    if (url.pathname === '/__bench/seed') {
      const n = (name: string, fallback: number) => Number(url.searchParams.get(name) ?? fallback);
      return seed(env, n('from', 0), n('to', 0), n('concurrency', 32));
    }
    if (url.pathname === '/__bench/drop-rendered') return dropRendered(env.REPORTS);
    if (url.pathname === '/__bench/verify') return verify(env, (url.searchParams.get('sample') ?? '').split(',').filter(Boolean).map(Number));

    const mode = request.headers.get('x-bench-mode');
    if (request.headers.get('x-bench-memory') !== 'keep') {
      forgetRendered();
      forgetGenerations();
    }
    const counts = newCounts();
    const kv = countingKv(env.REPORTS, counts, { redirectRenderedPut: mode === 'rebuild' });
    const appEnv: Env = { ...env, REPORTS: kv };

    if (mode === 'count') {
      const pending: Promise<unknown>[] = [];
      const benchCtx = {
        waitUntil: (promise: Promise<unknown>) => void pending.push(promise),
        passThroughOnException: () => {},
        props: {},
      } as unknown as ExecutionContext;
      const response = await app.fetch(request, appEnv, benchCtx);
      const bytes = (await response.arrayBuffer()).byteLength;
      const atResponse = structuredClone(counts);
      await Promise.all(pending);
      return Response.json({ status: response.status, bytes, etag: response.headers.get('etag'), atResponse, total: counts });
    }

    const response = await app.fetch(request, appEnv, ctx);
    const out = new Response(response.body, response);
    out.headers.set('x-bench-ops', JSON.stringify({ r: counts.get + counts.getWithMetadata, l: counts.list, w: counts.put }));
    return out;
  },
} satisfies ExportedHandler<Env>;
