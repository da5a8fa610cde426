/**
 * How much an event matters: `info` for what Herald does in the ordinary course (a digest
 * run, a delivery), `warn` for what an operator may want to look at (a refusal, a retry, a
 * skipped send), `error` for what went wrong (an exception, a misconfiguration).
 */
export type LogLevel = 'info' | 'warn' | 'error';

const WRITE: Record<LogLevel, (line: string) => void> = {
  info: (line) => console.log(line),
  warn: (line) => console.warn(line),
  error: (line) => console.error(line),
};

/**
 * Logs one event as a JSON line with its level (what Workers Logs and `wrangler tail`
 * index best); the console method matches the level, so `wrangler dev` shows an ordinary
 * digest run as a plain line, not a red `[ERROR]`.
 *
 * @example logEvent('digest-run', { frequency: 'daily', enqueued: 12 })
 * @example logEvent('unhandled-error', { requestId, error }, 'error')
 */
export function logEvent(event: string, fields: Record<string, unknown> = {}, level: LogLevel = 'info'): void {
  WRITE[level](JSON.stringify({ level, event, ...fields }));
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
