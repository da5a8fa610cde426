import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseTopicCatalogue, type TopicCatalogue } from '../../src/common/topic-catalogue.ts';
import { type ContentError, parseReportFile } from '../../src/reports/front-matter.ts';
import { NO_SLUG, slugFor } from '../../src/reports/prepare.ts';
import type { ReportInput } from '../../src/reports/schema.ts';

export interface ContentReport {
  file: string;
  slug: string;
  input: ReportInput;
}

/**
 * Reads and validates every `*.md` report in `dir`. Returns every error of every file
 * (not just the first), including two files that claim the same slug.
 */
export async function readContent(dir: string): Promise<{ reports: ContentReport[]; errors: ContentError[] }> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort();
  const reports: ContentReport[] = [];
  const errors: ContentError[] = [];
  const bySlug = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    const result = parseReportFile(file, await readFile(file, 'utf8'));
    if (!result.ok) {
      errors.push(...result.errors);
      continue;
    }
    if (!result.input.published && !result.input.slug) {
      errors.push({ file, line: 1, field: 'published', message: 'is required in a file without a slug, so the slug derived from it stays the same on every sync' });
      continue;
    }
    const slug = slugFor(result.input, result.input.published ?? '');
    if (!slug) {
      errors.push({ file, line: 1, ...NO_SLUG });
      continue;
    }
    const other = bySlug.get(slug);
    if (other) errors.push({ file, line: 1, field: 'slug', message: `"${slug}" is also the slug of ${other}` });
    bySlug.set(slug, file);
    reports.push({ file, slug, input: result.input });
  }
  return { reports, errors };
}

/**
 * The topic catalogue (`content/topics.yml`) read from disk with the parser the Worker uses,
 * or null when there is no such file (every topic then shows its slug). A malformed one
 * throws, naming the topic and field at fault.
 */
export async function readTopicCatalogue(path: string): Promise<TopicCatalogue | null> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return parseTopicCatalogue(source);
}

/** Each topic a report file uses that the catalogue lacks, as (file, topic), in file order. */
export function unknownTopics(reports: ContentReport[], catalogue: TopicCatalogue): { file: string; topic: string }[] {
  return reports.flatMap((report) => (report.input.topics ?? []).filter((topic) => !catalogue.has(topic)).map((topic) => ({ file: report.file, topic })));
}
