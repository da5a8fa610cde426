/**
 * Stored reports for the benchmark, built by the Worker's own code: the corpus input is
 * validated by `parseReportInput` and completed by `prepareReport` (id, created, updated,
 * hash), exactly as the admin API would store it.
 */
import { parseReportInput, type Report } from '../../src/reports/schema.ts';
import { prepareReport } from '../../src/reports/prepare.ts';
import { reportJson, storedMs } from './corpus.ts';

export async function makeReport(i: number, siteUrl: string): Promise<Report> {
  const json = reportJson(i);
  const parsed = parseReportInput(json);
  if (!parsed.ok) throw new Error(`corpus report ${i} is invalid: ${JSON.stringify(parsed.errors)}`);
  return prepareReport(parsed.value, null, { now: storedMs(i), siteUrl, slug: json.slug });
}
