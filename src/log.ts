/** Logs one event as a JSON line (what Workers Logs and `wrangler tail` index best). */
export function logEvent(event: string, fields: Record<string, unknown> = {}): void {
  console.error(JSON.stringify({ event, ...fields }));
}

/**
 * Runs a KV write whose failure must not fail the request: a marker or a cache entry that
 * a concurrent request is writing too. KV allows one write per second to a key, and a
 * second concurrent write to it may be refused; the other write already did the job.
 */
export async function bestEffort(what: string, write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    logEvent('kv-write-skipped', { what, error: error instanceof Error ? error.message : String(error) });
  }
}
