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
 * Logs one event as a JSON line with its level, every email address in it replaced by
 * `[address]` (what Workers Logs and `wrangler tail`
 * index best); the console method matches the level, so `wrangler dev` shows an ordinary
 * digest run as a plain line, not a red `[ERROR]`.
 *
 * @example logEvent('digest-run', { frequency: 'daily', enqueued: 12 })
 * @example logEvent('unhandled-error', { requestId, error }, 'error')
 */
export function logEvent(event: string, fields: Record<string, unknown> = {}, level: LogLevel = 'info'): void {
  WRITE[level](JSON.stringify({ level, event, ...(redact(fields) as Record<string, unknown>) }));
}

/**
 * An email address (a dot-atom local part, a domain whose last label starts with a letter,
 * in ASCII or not): what subscribers' addresses look like once normalized, and how an email
 * service's error text quotes them. Package paths (`/@scope/`) and versions (`x@1.2.3`) do
 * not match.
 */
const ADDRESS = /[\p{L}\p{N}!#$%&'*+=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+=?^_`{|}~-]+)*@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}[\p{L}\p{N}-]*/gu;

/**
 * `value` with every email address in its strings replaced by `[address]`: logs never carry
 * a subscriber's address, whatever a caller passes (an error's text or stack included).
 */
function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(ADDRESS, '[address]');
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error) return redact(value.stack ?? value.message, depth + 1);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redact(item, depth + 1)]));
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
