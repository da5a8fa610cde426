/**
 * The digest benchmark's harness Worker (bench-only; never part of the production Worker).
 * It runs the real digest code (`startRun`, `onDigestQueue`) inside workerd with `env.DB`
 * wrapped in a counting proxy, `env.REPORTS` in `countingKv`, a queue that records what the
 * cron enqueues (there is no real queue: the benchmark feeds the messages back itself, in
 * batches as the platform would) and an EMAIL binding that counts sends.
 *
 * Endpoints (POST): `/__bench/migrate` (body: SQL), `/__bench/seed-reports`,
 * `/__bench/seed-subscribers`, `/__bench/cron`, `/__bench/consume`; each answers JSON.
 */
import type { DigestMessage, Env } from '../../src/common/config.ts';
import { onDigestQueue, startRun } from '../../src/digests/jobs.ts';
import type { Selection } from '../../src/digests/fan-out.ts';
import { saveReport } from '../../src/reports/publishing.ts';
import { readConfig } from '../../src/common/config.ts';
import { parseReportInput } from '../../src/reports/schema.ts';
import type { Frequency } from '../../src/subscriptions/types.ts';
import { reportJson } from './corpus.ts';
import { countingD1, type D1Counts, migrate, newD1Counts } from './d1.ts';
import { countingKv, newCounts } from './kv-count.ts';

export type { D1Counts };

/** mulberry32: deterministic seed data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const TOPIC_POOL = ['international-law', 'cybersecurity', 'data-governance', 'sovereignty', 'cybercrime', 'united-nations', 'ai-governance', 'human-rights'];
export const ZONES = ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'America/Sao_Paulo', 'Asia/Shanghai', 'Asia/Tokyo', 'Asia/Kolkata', 'Australia/Sydney'];

function pickTopics(rand: () => number, n: number): string[] {
  const pool = [...TOPIC_POOL];
  return Array.from({ length: n }, () => pool.splice(Math.floor(rand() * pool.length), 1)[0]!);
}

/** `count` reports saved through `saveReport` (so publications are recorded), half an hour apart up to `at`. */
async function seedReports(env: Env, count: number, at: number): Promise<Response> {
  const site = readConfig(env);
  let publications = 0;
  for (let i = 0; i < count; i++) {
    const rand = prng(1000 + i);
    const json = reportJson(i);
    const zh = i % 5 === 2;
    const input = { ...json, draft: false, lang: zh ? 'zh-Hans' : 'en', title: zh ? `网络空间国际治理研讨会：${json.title}` : json.title, topics: pickTopics(rand, 1 + Math.floor(rand() * 3)) };
    const parsed = parseReportInput(input);
    if (!parsed.ok) throw new Error(`report ${i}: ${JSON.stringify(parsed.errors)}`);
    const saved = await saveReport({ kv: env.REPORTS, db: env.DB }, site, parsed.value, json.slug, at - (count - 1 - i) * 1_800_000);
    if (saved.becamePublic) publications += 1;
  }
  return Response.json({ saved: count, publications });
}

/** The spread of preferences of subscriber `i` (60 % weekly, 30 % daily, 10 % instant; …). */
function subscriberRow(i: number): { e: string; f: Frequency; t: string; l: 'zh' | 'both'; z: string; d: number | null } {
  const rand = prng(0x5eed + i * 7919);
  const r = rand();
  const f: Frequency = r < 0.6 ? 'weekly' : r < 0.9 ? 'daily' : 'instant';
  const topics = rand() < 0.5 ? [] : pickTopics(rand, rand() < 0.5 ? 1 : 2);
  return { e: `reader${i}@example.org`, f, t: JSON.stringify(topics), l: rand() < 0.2 ? 'zh' : 'both', z: ZONES[Math.floor(rand() * ZONES.length)]!, d: f === 'instant' ? null : 0 };
}

const INSERT_SUBSCRIBERS = `INSERT INTO subscribers (email, status, frequency, topics, lang, timezone, created_at, updated_at, confirmed_at, last_seq, next_due_at)
  SELECT json_extract(value, '$.e'), 'active', json_extract(value, '$.f'), json_extract(value, '$.t'), json_extract(value, '$.l'), json_extract(value, '$.z'), ?2, ?2, ?2, 0, json_extract(value, '$.d')
  FROM json_each(?1)`;

/** `count` active subscribers in INSERTs of 1,000 rows, five to a batch. */
async function seedSubscribers(db: D1Database, count: number, at: number): Promise<Response> {
  const statements: D1PreparedStatement[] = [];
  for (let from = 0; from < count; from += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - from) }, (_, k) => subscriberRow(from + k));
    statements.push(db.prepare(INSERT_SUBSCRIBERS).bind(JSON.stringify(rows), at));
  }
  for (let i = 0; i < statements.length; i += 5) await db.batch(statements.slice(i, i + 5));
  const { results } = await db.prepare("SELECT frequency, COUNT(*) AS n FROM subscribers WHERE status = 'active' GROUP BY frequency").all<{ frequency: string; n: number }>();
  return Response.json(Object.fromEntries(results.map((row) => [row.frequency, row.n])));
}

function countingEmail(state: { emails: number; bytes: number }): SendEmail {
  return {
    async send(message: { text?: string; html?: string }) {
      state.emails += 1;
      state.bytes += (message.text?.length ?? 0) + (message.html?.length ?? 0);
      return { messageId: `bench-${state.emails}@herald.invalid` };
    },
  } as unknown as SendEmail;
}

/** The cron's part of a run: `startRun` with counted D1 and a queue that records. */
async function cron(env: Env, body: { frequency: Frequency; selection: Selection; cutoff: number; now: number }): Promise<Response> {
  const d1 = newD1Counts();
  const kv = newCounts();
  const messages: DigestMessage[] = [];
  let sendBatchCalls = 0;
  let largestSendBatch = 0;
  const queue = {
    async send(message: DigestMessage) {
      messages.push(message);
    },
    async sendBatch(batch: Iterable<MessageSendRequest<DigestMessage>>) {
      sendBatchCalls += 1;
      const bodies = [...batch].map((message) => message.body);
      largestSendBatch = Math.max(largestSendBatch, bodies.length);
      messages.push(...bodies);
    },
  } as unknown as Queue<DigestMessage>;
  const started = Date.now();
  const { run, fanOut } = await startRun({ ...env, DB: countingD1(env.DB, d1), REPORTS: countingKv(env.REPORTS, kv), DIGESTS: queue }, body.frequency, body.cutoff, 'cron', body.selection, body.now);
  return Response.json({ run, fanOut, d1, kv, sendBatchCalls, largestSendBatch, messages, ms: Date.now() - started });
}

/** One consumer invocation: `onDigestQueue` with a batch of the given messages. */
async function consume(env: Env, body: { messages: { body: DigestMessage; attempts: number }[]; now: number }): Promise<Response> {
  const d1 = newD1Counts();
  const kv = newCounts();
  const mail = { emails: 0, bytes: 0 };
  const stats = { renders: 0 };
  const outcome: ('ack' | 'retry' | null)[] = body.messages.map(() => null);
  const messages = body.messages.map((m, k) => ({
    id: `m${k}`,
    timestamp: new Date(body.now),
    attempts: m.attempts,
    body: m.body,
    ack: () => void (outcome[k] = 'ack'),
    retry: () => void (outcome[k] = 'retry'),
  }));
  const batch = {
    queue: 'herald-digests',
    messages,
    ackAll: () => outcome.fill('ack'),
    retryAll: () => outcome.fill('retry'),
  } as unknown as MessageBatch<DigestMessage>;
  const appEnv: Env = { ...env, DB: countingD1(env.DB, d1), REPORTS: countingKv(env.REPORTS, kv), EMAIL: countingEmail(mail) };
  const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
  await onDigestQueue(batch, appEnv, ctx, body.now, stats);
  return Response.json({ d1, kv, emails: mail.emails, emailBytes: mail.bytes, renders: stats.renders, retried: outcome.flatMap((o, k) => (o === 'ack' ? [] : [k])) });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const n = (name: string) => Number(url.searchParams.get(name));
    if (request.method !== 'POST') return new Response('POST only', { status: 405 });
    if (url.pathname === '/__bench/migrate') return migrate(env.DB, await request.text());
    if (url.pathname === '/__bench/seed-reports') return seedReports(env, n('count'), n('at'));
    if (url.pathname === '/__bench/seed-subscribers') return seedSubscribers(env.DB, n('count'), n('at'));
    if (url.pathname === '/__bench/cron') return cron(env, await request.json());
    if (url.pathname === '/__bench/consume') return consume(env, await request.json());
    return new Response('not found', { status: 404 });
  },
} satisfies ExportedHandler<Env>;
