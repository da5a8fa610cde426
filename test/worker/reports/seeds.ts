import { parseReportFile } from '../../../src/reports/front-matter.ts';
import { api } from '../support/worker.ts';

/** Stores a seed file of content/reports through the admin API, as `content:sync` would, and gives its slug. */
export async function postSeed(text: string): Promise<string> {
  const parsed = parseReportFile('seed.md', text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const res = await api('POST', '/reports', parsed.input);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { slug: string }).slug;
}
