/**
 * A conflict, field by field: what the editor meant to save ("mine") beside what another
 * session saved first ("theirs"), and the merge the editor chooses. Pure, so the side-by-side
 * page and its tests need no storage.
 */

/** The fields of a report an editor writes, in the order the conflict page shows them. */
export const MERGE_FIELDS = ['title', 'slug', 'summary', 'lang', 'translation_key', 'topics', 'authors', 'draft', 'published', 'event', 'attachments', 'body'] as const;

export type MergeField = (typeof MERGE_FIELDS)[number];

/** One row of the side-by-side view. */
export interface ConflictRow {
  field: MergeField;
  mine: string;
  theirs: string;
  differs: boolean;
}

/** A field's value as the conflict page shows it: text as it is, lists one per line, objects as indented JSON. */
export function shown(value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('\n');
  if (Array.isArray(value) && value.length === 0) return '';
  return JSON.stringify(value, null, 2);
}

/** Instants compare as instants: `2026-12-01T09:00:00+08:00` is the stored `2026-12-01T01:00:00.000Z`. */
function comparable(field: MergeField, value: unknown): string {
  if (field === 'published' && typeof value === 'string' && !Number.isNaN(Date.parse(value))) return String(Date.parse(value));
  if (field === 'draft') return String(value === true);
  return shown(value);
}

/** Every field of both versions, with whether they differ. */
export function conflictRows(mine: Record<string, unknown>, theirs: Record<string, unknown>): ConflictRow[] {
  return MERGE_FIELDS.map((field) => ({
    field,
    mine: shown(mine[field]),
    theirs: shown(theirs[field]),
    differs: comparable(field, mine[field]) !== comparable(field, theirs[field]),
  }));
}

/**
 * The merged report: each field from `theirs` where the editor took theirs, else from
 * `mine`. A field absent from the version chosen stays absent.
 */
export function mergeVersions(mine: Record<string, unknown>, theirs: Record<string, unknown>, takeTheirs: ReadonlySet<string>): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const field of MERGE_FIELDS) {
    const from = takeTheirs.has(field) ? theirs : mine;
    if (from[field] !== undefined) merged[field] = from[field];
  }
  return merged;
}
