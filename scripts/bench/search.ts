/**
 * The search benchmark: the corpus of search-corpus.ts indexed by the real code into a real
 * local D1 (Miniflare/workerd, one database per archive size in one Miniflare), then five
 * questions asked of each size by `searchReports` and by a LIKE scan of `search_documents`,
 * in interleaved rounds (sizes, methods and queries alternate, so a noisy machine slows all
 * alike). Counts — hits, D1 statements, D1 `rows_read` / `rows_written`, bytes — do not
 * depend on the machine; milliseconds do (Node's wall time of each request to the harness).
 */
import type { WorkerConfig } from './archive.ts';
import { bundleSearchHarness } from './build.ts';
import { startHarness } from './harness-client.ts';
import type { D1Counts } from './d1.ts';
import { BASE_MS } from './corpus.ts';
import { RARE_AT, RARE_WORD } from './search-corpus.ts';
import { summarize, type Summary } from './stats.ts';

/** The clock of every query: a day after the corpus' newest report, so every report is public. */
const NOW = BASE_MS + 86_400_000;
const SEED_CHUNK = 250;
const SAVE_SAMPLE = 20;

export const QUERIES = [
  { id: 'rare-en', label: `rare English word "${RARE_WORD}" (planted in ${RARE_AT.length} reports)`, params: { q: RARE_WORD } },
  { id: 'zh-2', label: 'two-character Chinese word "制裁"', params: { q: '制裁' } },
  { id: 'zh-6', label: 'six-character Chinese phrase "个人信息保护"', params: { q: '个人信息保护' } },
  { id: 'mixed', label: 'mixed "AALCO 网络犯罪"', params: { q: 'AALCO 网络犯罪' } },
  { id: 'filtered', label: '"数据", topic data-governance, lang zh, 2025-12-01..31', params: { q: '数据', topic: 'data-governance', lang: 'zh', from: '2025-12-01', to: '2025-12-31' } },
] as const;
export const METHODS = ['search', 'like'] as const;
export type Method = (typeof METHODS)[number];

export interface MethodResult {
  /** Matching reports in all (the count a results page shows), and on the first page. */
  hits: number;
  page: number;
  statements: number;
  /** D1 `rows_read` of one answer, summed over its statements; `rowsReadSeen` every value seen across rounds. */
  rowsRead: number;
  rowsReadSeen: number[];
  /** Node's wall time of the request to the harness (this machine). */
  ms: Summary;
}

export interface SizeSeed {
  size: number;
  ms: number;
  d1: D1Counts;
  /** D1's size of the database after seeding (`meta.size_after`), and per report. */
  sizeAfter: number | null;
  bytesPerReport: number | null;
  documentTextBytes: number;
  shadow: Record<string, number> | string;
}

export interface SearchBenchResult {
  sizes: number[];
  rounds: number;
  perPage: number;
  seeding: SizeSeed[];
  /** Whole saves through `saveReport` (KV, publications, search index), new and then edited. */
  saves: { reports: number; created: D1Counts; edited: D1Counts };
  /** A request that does nothing, the same way: the harness' floor (this machine). */
  floorMs: Summary;
  queries: { id: string; label: string; params: Record<string, string>; bySize: { size: number; search: MethodResult; like: MethodResult; anatomy: Anatomy }[] }[];
}

/** D1 `rows_read` of the FTS5 part alone: the match counted, its first 20 rowids unranked, its first 20 by BM25. */
export interface Anatomy {
  match: string;
  count: { rowsRead: number; first: { n: number } | null };
  unranked: { rowsRead: number; rows: number };
  ranked: { rowsRead: number; rows: number };
}

interface QueryReply {
  total: number;
  page: number;
  d1: D1Counts;
}

export async function runSearch(options: { config: WorkerConfig; dir: string; sizes: number[]; rounds: number; log: (message: string) => void }): Promise<SearchBenchResult> {
  const { config, sizes, rounds, log } = options;
  const harness = await bundleSearchHarness(options.dir);
  const dbName = (size: number) => `DB_${size}`;
  const { post, migrate, dispose } = startHarness({
    script: harness,
    dir: options.dir,
    config,
    kv: { REPORTS: 'bench-search-kv' },
    d1: { DB: 'bench-search-saves', ...Object.fromEntries(sizes.map((size) => [dbName(size), `bench-search-${size}`])) },
  });
  try {
    for (const db of ['DB', ...sizes.map(dbName)]) await migrate(db);
    const seeding: SizeSeed[] = [];
    for (const size of sizes) {
      const started = performance.now();
      const d1: D1Counts = { statements: 0, batches: 0, calls: 0, rowsRead: 0, rowsWritten: 0 };
      for (let from = 0; from < size; from += SEED_CHUNK) {
        const reply = await post<{ d1: D1Counts }>(`/__bench/seed?db=${dbName(size)}&from=${from}&to=${Math.min(size, from + SEED_CHUNK)}`);
        for (const key of Object.keys(d1) as (keyof D1Counts)[]) d1[key] += reply.d1[key];
      }
      const ms = performance.now() - started;
      const measured = await post<{ documents: number; documentTextBytes: number; sizeAfter: number | null; shadow: SizeSeed['shadow'] }>(`/__bench/size?db=${dbName(size)}`);
      if (measured.documents !== size) throw new Error(`expected ${size} indexed documents, found ${measured.documents}`);
      seeding.push({ size, ms, d1, sizeAfter: measured.sizeAfter, bytesPerReport: measured.sizeAfter === null ? null : measured.sizeAfter / size, documentTextBytes: measured.documentTextBytes, shadow: measured.shadow });
      log(`search: indexed ${size} reports in ${(ms / 1000).toFixed(1)} s (${(d1.rowsWritten / size).toFixed(1)} D1 rows written a report, database ${measured.sizeAfter ?? '?'} B)`);
    }
    const saves = await post<{ saved: number; created: D1Counts; edited: D1Counts }>(`/__bench/save?from=0&to=${SAVE_SAMPLE}`);
    log(`search: ${saves.saved} whole saves: ${(saves.created.rowsWritten / saves.saved).toFixed(1)} D1 rows written a new report, ${(saves.edited.rowsWritten / saves.saved).toFixed(1)} an edit`);

    type Sample = { ms: number[]; rows: Set<number>; reply?: QueryReply };
    const samples = new Map<string, Sample>();
    const floor: number[] = [];
    const key = (q: number, size: number, method: Method) => `${q}|${size}|${method}`;
    const perPage = 20;
    for (let round = -1; round < rounds; round++) {
      const t0 = performance.now();
      await post('/__bench/noop');
      if (round >= 0) floor.push(performance.now() - t0);
      for (let k = 0; k < QUERIES.length; k++) {
        const q = (k + Math.max(0, round)) % QUERIES.length;
        const order = round % 2 === 0 ? sizes : [...sizes].reverse();
        for (const size of order) {
          for (const method of round % 2 === 0 ? METHODS : [...METHODS].reverse()) {
            const params = new URLSearchParams({ ...QUERIES[q]!.params, per_page: String(perPage) }).toString();
            const started = performance.now();
            const reply = await post<QueryReply>('/__bench/query', { db: dbName(size), method, params, now: NOW });
            const ms = performance.now() - started;
            if (round < 0) continue; // warm-up
            const sample = samples.get(key(q, size, method)) ?? { ms: [], rows: new Set<number>() };
            sample.ms.push(ms);
            sample.rows.add(reply.d1.rowsRead);
            sample.reply = reply;
            samples.set(key(q, size, method), sample);
          }
        }
      }
      if (round >= 0) log(`search: round ${round + 1}/${rounds} done`);
    }
    const anatomy = new Map<string, Anatomy>();
    for (const [q, query] of QUERIES.entries()) {
      for (const size of sizes) anatomy.set(`${q}|${size}`, await post<Anatomy>(`/__bench/anatomy?db=${dbName(size)}&q=${encodeURIComponent(query.params.q)}`));
    }
    const result = (q: number, size: number, method: Method): MethodResult => {
      const sample = samples.get(key(q, size, method))!;
      const reply = sample.reply!;
      return { hits: reply.total, page: reply.page, statements: reply.d1.statements, rowsRead: reply.d1.rowsRead, rowsReadSeen: [...sample.rows].sort((a, b) => a - b), ms: summarize(sample.ms) };
    };
    return {
      sizes,
      rounds,
      perPage,
      seeding,
      saves: { reports: saves.saved, created: saves.created, edited: saves.edited },
      floorMs: summarize(floor),
      queries: QUERIES.map((query, q) => ({
        id: query.id,
        label: query.label,
        params: { ...query.params },
        bySize: sizes.map((size) => ({ size, search: result(q, size, 'search'), like: result(q, size, 'like'), anatomy: anatomy.get(`${q}|${size}`)! })),
      })),
    };
  } finally {
    await dispose();
  }
}
