import type { IndexMeta } from './keys.ts';
import type { Report } from './schema.ts';
import { truncate } from './text.ts';

/**
 * An index another capability keeps of reports in the REPORTS namespace (the events index,
 * the archive's months): the keys it holds for a report, written and removed with the
 * report, and what it keeps true once they are written (the archive's months). The report
 * store writes the report's own index keys and every other index's in one parallel round,
 * so the store needs to know no other capability's keys and a write costs what it did.
 *
 * @example putReport(kv, report, previous, [eventIndex, archiveIndex])
 */
export interface ReportIndex {
  /** The keys (with their metadata) this index holds for `report`. */
  keysOf(report: Report): Map<string, object>;
  /** Runs after `previous` became `next` and the keys are written (either may be null). */
  settle?(kv: KVNamespace, previous: Report | null, next: Report | null, at: number): Promise<void>;
}

/** What a report's index keys carry: slug, times, draft flag, and the title where a listing shows it. */
export function indexMetaOf(report: Report, withTitle: boolean): IndexMeta {
  const meta: IndexMeta = { s: report.slug, p: Date.parse(report.published), u: Date.parse(report.updated), d: report.draft };
  if (withTitle) {
    meta.t = truncate(report.title, 120);
    meta.l = report.lang;
    if (report.translation_key) meta.k = report.translation_key;
    if (report.source === 'desk') meta.o = 'desk';
    // At most 8 topics of at most 50 characters keep the metadata under KV's 1024 bytes with a CJK title.
    if (report.topics.length > 0) meta.g = report.topics.slice(0, 8);
  }
  return meta;
}
