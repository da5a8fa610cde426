/** How long this isolate reuses the list of topics in use. */
const MEMORY_MS = 5 * 60_000;
let remembered: { topics: string[]; until: number } | null = null;

/**
 * The topics that reports use, for the subscription forms: one KV listing of the topic
 * index (`topic:<name>:<time>:<slug>`, at most 1,000 keys), remembered for five minutes.
 * The index lists drafts' topics too; offering one early does no harm.
 */
export async function topicsInUse(kv: KVNamespace, now: number = Date.now()): Promise<string[]> {
  if (remembered && now < remembered.until) return remembered.topics;
  const page = await kv.list({ prefix: 'topic:', limit: 1000 });
  const topics = [...new Set(page.keys.map((key) => key.name.split(':')[1] ?? '').filter(Boolean))].sort();
  remembered = { topics, until: now + MEMORY_MS };
  return topics;
}

/** Forgets the remembered list (tests). */
export function forgetTopics(): void {
  remembered = null;
}
