/**
 * The digest benchmark: one daily, one weekly and one instant run for N subscribers with a
 * realistic spread of preferences, measured in workerd (Miniflare, real D1 and KV, no real
 * queue: the cron's messages are fed back to the consumer in batches of 50, as the platform
 * would), plus the CPU cost of composing and filling an email, timed in Node.
 *
 * Counts (rows, reads, messages, renders, emails) do not depend on the machine; times do,
 * and are labelled as this machine's.
 */
import { pathToFileURL } from 'node:url';
import type { DigestMessage, Env } from '../../src/common/config.ts';
import type { PublicReport } from '../../src/reports/publications-store.ts';
import type { WorkerConfig } from './archive.ts';
import { bundleDigestForNode, bundleDigestHarness } from './build.ts';
import { type Post, startHarness } from './harness-client.ts';
import type { D1Counts } from './digest-harness.ts';
import type { KvCounts } from './kv-count.ts';

type DigestNode = typeof import('../../src/digests/compose.ts') &
  typeof import('../../src/digests/render-email.tsx') &
  Pick<typeof import('../../src/digests/email.ts'), 'listHeaders'> &
  Pick<typeof import('../../src/subscriptions/tokens.ts'), 'subscriberLinks'> &
  Pick<typeof import('../../src/common/config.ts'), 'readConfig'> &
  typeof import('./reports.ts');

/** Queue consumer batch size (wrangler.toml `max_batch_size`) and retries before the dead-letter queue. */
const BATCH = 50;
const MAX_RETRIES = 5;
/** The run's clock: 07:00 UTC the day after the corpus' newest report. */
const NOW = Date.UTC(2026, 0, 2, 7, 0, 0);
const REPORTS = 30;
const SECRET = 'bench-subscription-secret';

export type Kind = 'daily' | 'weekly' | 'instant';

export interface CronPart {
  d1: D1Counts;
  kvOps: number;
  messages: number;
  sendBatchCalls: number;
  largestSendBatch: number;
  nothingNew: number;
  /** D1 calls + sendBatch calls of the invocation. */
  subrequests: number;
  ms: number;
}

export interface ConsumerPart {
  invocations: number;
  retried: number;
  d1: D1Counts;
  kv: { reads: number; writes: number; lists: number };
  emails: number;
  renders: number;
  emailBytes: number;
  /** The most subrequests (D1 calls + KV operations + email sends) one invocation made. */
  maxSubrequestsPerInvocation: number;
  ms: number;
}

export interface RunResult {
  frequency: Kind;
  subscribers: number;
  cron: CronPart;
  consumer: ConsumerPart;
}

export interface CpuCosts {
  rounds: { render: number; fill: number };
  /** compose + render of a 5-report digest (this machine). */
  renderUs: number;
  /** The same for 30 reports, for scale (this machine). */
  render30Us: number;
  /** subscriberLinks (two HMAC-signed tokens) + fillLinks + list headers, per subscriber (this machine). */
  fillUs: number;
}

export interface DigestResult {
  subscribers: number;
  reports: number;
  spread: Record<string, number>;
  seedMs: number;
  runs: RunResult[];
  cpu: CpuCosts;
}

interface CronReply {
  run: { id: number; toSeq: number } | null;
  fanOut: { enqueued: number; nothingNew: number };
  d1: D1Counts;
  kv: KvCounts;
  sendBatchCalls: number;
  largestSendBatch: number;
  messages: DigestMessage[];
}

interface ConsumeReply {
  d1: D1Counts;
  kv: KvCounts;
  emails: number;
  emailBytes: number;
  renders: number;
  retried: number[];
}

const kvOps = (kv: KvCounts) => kv.get + kv.getWithMetadata + kv.put + kv.list + kv.delete;

function addD1(into: D1Counts, from: D1Counts): void {
  for (const key of Object.keys(into) as (keyof D1Counts)[]) into[key] += from[key];
}

export interface DigestOptions {
  subscribers: number;
  config: WorkerConfig;
  dir: string;
  log: (message: string) => void;
}

export async function runDigest(options: DigestOptions): Promise<DigestResult> {
  const { config, log } = options;
  const [harness, nodePath] = await Promise.all([bundleDigestHarness(options.dir), bundleDigestForNode(options.dir)]);
  const node = (await import(pathToFileURL(nodePath).href)) as DigestNode;
  const { post, migrate, dispose } = startHarness({
    script: harness,
    dir: options.dir,
    config,
    kv: { REPORTS: 'bench-digest-kv' },
    d1: { DB: 'bench-digest-db' },
    bindings: { SUBSCRIPTION_SECRET: SECRET, DIGEST_FROM: config.vars.DIGEST_FROM || 'Herald <digest@herald.example.org>' },
  });
  try {
    const seedStarted = performance.now();
    await migrate('DB');
    const seeded = await post<{ publications: number }>(`/__bench/seed-reports?count=${REPORTS}&at=${NOW - 3_600_000}`);
    if (seeded.publications !== REPORTS) throw new Error(`expected ${REPORTS} publications, got ${seeded.publications}`);
    const spread = await post<Record<string, number>>(`/__bench/seed-subscribers?count=${options.subscribers}&at=${NOW - 30 * 86_400_000}`);
    const seedMs = performance.now() - seedStarted;
    log(`digest: seeded ${REPORTS} reports and ${options.subscribers} subscribers (${JSON.stringify(spread)}) in ${(seedMs / 1000).toFixed(1)} s`);

    const runs: RunResult[] = [];
    for (const frequency of ['daily', 'weekly', 'instant'] as const) {
      const started = performance.now();
      const reply = await post<CronReply>('/__bench/cron', { frequency, selection: frequency === 'instant' ? 'all' : 'due', cutoff: NOW, now: NOW });
      const cron: CronPart = {
        d1: reply.d1,
        kvOps: kvOps(reply.kv),
        messages: reply.messages.length,
        sendBatchCalls: reply.sendBatchCalls,
        largestSendBatch: reply.largestSendBatch,
        nothingNew: reply.fanOut.nothingNew,
        subrequests: reply.d1.calls + reply.sendBatchCalls,
        ms: performance.now() - started,
      };
      log(`digest ${frequency}: cron enqueued ${cron.messages} in ${cron.sendBatchCalls} sendBatch calls, ${cron.d1.calls} D1 calls; consuming…`);
      runs.push({ frequency, subscribers: spread[frequency] ?? 0, cron, consumer: await consumeAll(post, reply.messages) });
      const c = runs.at(-1)!.consumer;
      log(`digest ${frequency}: ${c.emails} emails, ${c.renders} renders, ${c.kv.reads} KV reads, ${c.d1.rowsRead} rows read, ${c.d1.rowsWritten} written in ${(c.ms / 1000).toFixed(1)} s`);
    }
    const cpu = await cpuCosts(node, config);
    log(`digest CPU (this machine): render ${cpu.renderUs.toFixed(0)} µs, fill ${cpu.fillUs.toFixed(0)} µs`);
    return { subscribers: options.subscribers, reports: REPORTS, spread, seedMs, runs, cpu };
  } finally {
    await dispose();
  }
}

/** Every message through the consumer in batches of 50; a retried message comes back with one more attempt. */
async function consumeAll(post: Post, messages: DigestMessage[]): Promise<ConsumerPart> {
  const started = performance.now();
  const part: ConsumerPart = { invocations: 0, retried: 0, d1: { statements: 0, batches: 0, calls: 0, rowsRead: 0, rowsWritten: 0 }, kv: { reads: 0, writes: 0, lists: 0 }, emails: 0, renders: 0, emailBytes: 0, maxSubrequestsPerInvocation: 0, ms: 0 };
  let pending = messages.map((body) => ({ body, attempts: 1 }));
  while (pending.length > 0) {
    const next: typeof pending = [];
    for (let i = 0; i < pending.length; i += BATCH) {
      const batch = pending.slice(i, i + BATCH);
      const reply = await post<ConsumeReply>('/__bench/consume', { messages: batch, now: NOW });
      part.invocations += 1;
      addD1(part.d1, reply.d1);
      part.kv.reads += reply.kv.get + reply.kv.getWithMetadata;
      part.kv.writes += reply.kv.put + reply.kv.delete;
      part.kv.lists += reply.kv.list;
      part.emails += reply.emails;
      part.emailBytes += reply.emailBytes;
      part.renders += reply.renders;
      part.maxSubrequestsPerInvocation = Math.max(part.maxSubrequestsPerInvocation, reply.d1.calls + kvOps(reply.kv) + reply.emails);
      for (const k of reply.retried) {
        part.retried += 1;
        const message = batch[k]!;
        if (message.attempts < MAX_RETRIES) next.push({ body: message.body, attempts: message.attempts + 1 });
      }
    }
    pending = next;
  }
  part.ms = performance.now() - started;
  return part;
}

/** CPU µs per call of `fn`, over `rounds` calls after a warm-up, from process.cpuUsage (all threads). */
async function cpuPerCall(rounds: number, fn: (k: number) => unknown): Promise<number> {
  for (let k = 0; k < Math.min(50, rounds); k++) await fn(k);
  const start = process.cpuUsage();
  for (let k = 0; k < rounds; k++) await fn(k);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / rounds;
}

async function cpuCosts(node: DigestNode, config: WorkerConfig): Promise<CpuCosts> {
  const site = node.readConfig({ ...config.vars } as unknown as Env);
  const reports: PublicReport[] = await Promise.all(Array.from({ length: 30 }, async (_, i) => ({ report: await node.makeReport(i, site.siteUrl), publicAt: NOW - (i + 1) * 1_800_000, seq: 30 - i })));
  const compose = (items: PublicReport[]) =>
    node.renderDigestEmail(
      node.composeDigest(items, { siteUrl: site.siteUrl, siteTitle: site.title, lang: 'en', timeZone: 'Asia/Shanghai', now: NOW, since: NOW - 86_400_000, until: NOW, webUrl: `${site.siteUrl}/digest` }),
    );
  const rounds = { render: 400, fill: 4000 };
  const five = reports.slice(0, 5);
  const renderUs = await cpuPerCall(rounds.render, () => compose(five));
  const render30Us = await cpuPerCall(rounds.render / 4, () => compose(reports));
  const template = compose(five);
  const fillUs = await cpuPerCall(rounds.fill, async (k) => {
    const links = await node.subscriberLinks(site.siteUrl, SECRET, k + 1);
    return { ...node.fillLinks(template, links), headers: node.listHeaders(site, links) };
  });
  return { rounds, renderUs, render30Us, fillUs };
}
