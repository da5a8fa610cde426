import { stringify } from 'yaml';
import type { RevisionContent } from './revisions-store.ts';

/** Front matter fields in the order the README's example file writes them. */
const ORDER = ['slug', 'translation_key', 'title', 'summary', 'lang', 'published', 'announce', 'draft', 'topics', 'authors', 'event'] as const;

/** An empty list or a false draft flag is what the parser takes when the field is absent: a file leaves them out. */
const isDefault = (key: string, value: unknown) => value === undefined || (Array.isArray(value) && value.length === 0) || (key === 'draft' && value === false);

function withoutDefaults(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key, value]) => !isDefault(key, value)));
}

/**
 * The Markdown file `content/reports/` would hold for a report: YAML front matter, then the
 * body. Parsed back by front-matter.ts it gives the same input fields, so downloading a
 * desk-made report and committing it moves it into Git unchanged. `source` is not written:
 * a file in content/reports/ is a file's by being there.
 *
 * @example reportFile({ slug: 'x', title: 'T', body: 'Body.', lang: 'en', published: '2026-01-01T00:00:00.000Z', draft: false, topics: [], authors: [] })
 */
export function reportFile(content: RevisionContent): string {
  const fields: Record<string, unknown> = {};
  for (const key of ORDER) {
    const value = key === 'event' && content.event ? withoutDefaults(content.event) : content[key];
    if (!isDefault(key, value)) fields[key] = value;
  }
  return `---\n${stringify(fields, { lineWidth: 0 })}---\n${content.body}\n`;
}
