/**
 * A KVNamespace wrapper that counts every operation, for the benchmark harness only.
 * `getWithMetadata` counts as a read, like `get`; `keysListed` sums the keys lists returned.
 */
export interface KvCounts {
  get: number;
  getWithMetadata: number;
  put: number;
  list: number;
  delete: number;
  keysListed: number;
  /** Puts of `render:` keys that rebuild mode stored under a `bench-sink:` key instead. */
  redirectedPuts: number;
  /** Keys read or written, by prefix (`report`, `pub`, `render`, `meta`, …). */
  byPrefix: Record<string, number>;
}

export function newCounts(): KvCounts {
  return { get: 0, getWithMetadata: 0, put: 0, list: 0, delete: 0, keysListed: 0, redirectedPuts: 0, byPrefix: {} };
}

const COUNTED = new Set(['get', 'getWithMetadata', 'put', 'list', 'delete']);

function prefixOf(key: unknown): string {
  if (typeof key !== 'string') return Array.isArray(key) ? 'bulk' : '?';
  const colon = key.indexOf(':');
  return colon < 0 ? key : key.slice(0, colon);
}

/**
 * Wraps `kv`: each counted call is tallied in `counts`, then passed through. With
 * `redirectRenderedPut`, a put of a `render:` key is stored under `bench-sink:<key>`
 * instead: it costs what the real put costs, but the rendered copy stays absent, so the
 * next request rebuilds as well (and nothing races with a delete).
 */
export function countingKv(kv: KVNamespace, counts: KvCounts, options: { redirectRenderedPut?: boolean } = {}): KVNamespace {
  return new Proxy(kv, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (typeof prop !== 'string' || !COUNTED.has(prop) || typeof value !== 'function') {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      const method = prop as 'get' | 'getWithMetadata' | 'put' | 'list' | 'delete';
      return (...args: unknown[]) => {
        const key = args[0];
        if (method === 'put' && options.redirectRenderedPut && typeof key === 'string' && key.startsWith('render:')) {
          counts.redirectedPuts++;
          args[0] = `bench-sink:${key}`;
        }
        counts[method]++;
        if (method === 'list') {
          const listOptions = (key ?? {}) as { prefix?: string };
          const p = `list:${prefixOf(listOptions.prefix ?? '')}`;
          counts.byPrefix[p] = (counts.byPrefix[p] ?? 0) + 1;
          const result = (value as (...a: unknown[]) => Promise<{ keys: unknown[] }>).apply(target, args);
          return result.then((page) => {
            counts.keysListed += page.keys.length;
            return page;
          });
        }
        const p = `${method === 'getWithMetadata' ? 'get' : method}:${prefixOf(key)}`;
        counts.byPrefix[p] = (counts.byPrefix[p] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
