/** How long this isolate reuses the list of topics in use. */
const MEMORY_MS = 5 * 60_000;
let remembered: { topics: string[]; until: number } | null = null;

/** What the report store keeps on each topic index key (see reports/keys.ts, IndexMeta): published time, draft. */
interface TopicKeyMeta {
  p: number;
  d: boolean;
}

/**
 * The topics of public reports, for the subscription forms: the whole topic index
 * (`topic:<name>:<time>:<slug>`, each key with its report's published time and draft mark
 * as metadata, so no report is read), paged 1,000 keys a listing. A topic only drafts or
 * scheduled reports have is not offered. Remembered for five minutes, or until the first
 * scheduled report in the index comes due if that is sooner.
 */
export async function topicsInUse(kv: KVNamespace, now: number = Date.now()): Promise<string[]> {
  if (remembered && now < remembered.until) return remembered.topics;
  const topics = new Set<string>();
  let nextDue = Number.POSITIVE_INFINITY;
  let cursor: string | undefined;
  do {
    const page = await kv.list<TopicKeyMeta>({ prefix: 'topic:', limit: 1000, cursor });
    for (const key of page.keys) {
      const topic = key.name.split(':')[1];
      const meta = key.metadata;
      if (!topic || !meta || meta.d || topics.has(topic)) continue;
      if (meta.p <= now) topics.add(topic);
      else nextDue = Math.min(nextDue, meta.p);
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  const list = [...topics].sort();
  remembered = { topics: list, until: Math.min(now + MEMORY_MS, nextDue) };
  return list;
}

/** Forgets the remembered list (tests). */
export function forgetTopics(): void {
  remembered = null;
}
