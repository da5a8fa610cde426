/** Section 7 of the benchmark's report: search against a LIKE scan, as Markdown. */
import { fmt, int, sizeLabel, table } from './markdown.ts';
import type { MethodResult, SearchBenchResult } from './search.ts';

const slash = (values: (string | number)[]) => values.join(' / ');
const ms = (m: MethodResult) => `${fmt(m.ms.median, 1)} (${fmt(m.ms.p95, 1)})`;
/** Rows read of one answer; every value seen when the rounds did not all read the same. */
const rows = (m: MethodResult) => (m.rowsReadSeen.length > 1 ? `${int(m.rowsRead)} (seen ${m.rowsReadSeen.map(int).join(', ')})` : int(m.rowsRead));

export function searchMarkdown(r: SearchBenchResult): string {
  const first = r.sizes[0]!;
  const last = r.sizes.at(-1)!;
  const sizes = slash(r.sizes.map(sizeLabel));
  const growth = (a: number, b: number) => (a > 0 ? `${fmt(b / a, 1)}×` : '—');
  const out: string[] = [];
  out.push(`## 7. Search over ${slash(r.sizes.map(int))} reports (40 % Chinese), against a LIKE scan`, '');
  out.push(
    `Each query through \`searchReports\` (page 1, ${r.perPage} a page, best first by BM25) and the same question as \`LIKE '%…%'\` on title and excerpt of \`search_documents\` (newest first, the same filters, one statement with the total), ${r.rounds} interleaved rounds after a warm-up. Rows are D1's own \`meta.rows_read\`, summed over an answer's statements; they were the same in every round unless shown. Latency: median (p95) in ms of a request to the harness from Node, this machine's; a request that does nothing takes ${fmt(r.floorMs.median, 1)} ms.`,
    '',
  );
  out.push(
    table(
      ['Query', `Hits ${sizes}`, `Search rows read ${sizes}`, `Rows growth ${sizeLabel(first)}→${sizeLabel(last)}: search / hits`, `Search rows per hit`, `LIKE rows read ${sizes}`, `Search ms ${sizes}`, `LIKE ms ${sizes}`, `LIKE ÷ search: rows, ms (${sizeLabel(last)})`],
      r.queries.map((q) => {
        const a = q.bySize[0]!;
        const z = q.bySize.at(-1)!;
        const hits = slash(q.bySize.map((s) => (s.search.hits === s.like.hits ? int(s.search.hits) : `${int(s.search.hits)} (LIKE ${int(s.like.hits)})`)));
        return [
          q.label,
          hits,
          slash(q.bySize.map((s) => rows(s.search))),
          `${growth(a.search.rowsRead, z.search.rowsRead)} / ${growth(a.search.hits, z.search.hits)}`,
          slash(q.bySize.map((s) => fmt(s.search.rowsRead / Math.max(1, s.search.hits), 1))),
          slash(q.bySize.map((s) => rows(s.like))),
          slash(q.bySize.map((s) => ms(s.search))),
          slash(q.bySize.map((s) => ms(s.like))),
          `${fmt(z.like.rowsRead / Math.max(1, z.search.rowsRead), 1)}×, ${fmt(z.like.ms.median / z.search.ms.median, 1)}×`,
        ];
      }),
    ),
    '',
  );
  out.push('### The FTS5 part alone (D1 rows read of one statement on `search_index`)', '');
  out.push(
    table(
      ['Query', 'MATCH expression', `Matches ${sizes}`, 'count(*)', 'first 20 rowids, unranked', 'first 20 by bm25', 'the whole search (2 statements)'],
      r.queries.map((q) => [
        q.label,
        `\`${q.bySize[0]!.anatomy.match}\``,
        slash(q.bySize.map((s) => int(s.anatomy.count.first?.n ?? 0))),
        slash(q.bySize.map((s) => int(s.anatomy.count.rowsRead))),
        slash(q.bySize.map((s) => int(s.anatomy.unranked.rowsRead))),
        slash(q.bySize.map((s) => int(s.anatomy.ranked.rowsRead))),
        slash(q.bySize.map((s) => int(s.search.rowsRead))),
      ]),
    ),
    '',
  );
  out.push('### Index writes and size', '');
  out.push(
    table(
      ['Reports', 'Indexing time', 'D1 statements / rows written / rows read per report (`indexReport`, new)', 'Database size (`size_after`)', 'Per report', 'of which search_documents text', 'FTS5 data blobs'],
      r.seeding.map((s) => {
        const shadow = typeof s.shadow === 'string' ? null : s.shadow;
        return [
          int(s.size),
          `${fmt(s.ms / 1000, 1)} s`,
          `${fmt(s.d1.statements / s.size, 1)} / ${fmt(s.d1.rowsWritten / s.size, 1)} / ${fmt(s.d1.rowsRead / s.size, 1)}`,
          s.sizeAfter === null ? '—' : `${fmt(s.sizeAfter / 1048576, 1)} MiB`,
          s.bytesPerReport === null ? '—' : `${int(s.bytesPerReport)} B`,
          `${int(s.documentTextBytes / s.size)} B`,
          shadow ? `${int((shadow.dataBytes ?? 0) / s.size)} B (${int(shadow.dataRows ?? 0)} rows)` : String(s.shadow),
        ];
      }),
    ),
    '',
    `A whole save through \`saveReport\` (report, publications, search index; ${r.saves.reports} reports): ${fmt(r.saves.created.rowsWritten / r.saves.reports, 1)} D1 rows written and ${fmt(r.saves.created.rowsRead / r.saves.reports, 1)} read for a new report, ${fmt(r.saves.edited.rowsWritten / r.saves.reports, 1)} written and ${fmt(r.saves.edited.rowsRead / r.saves.reports, 1)} read for an edit of it; ${fmt(r.saves.created.calls / r.saves.reports, 1)} D1 calls a save.`,
    '',
  );
  return out.join('\n');
}
