/**
 * KV as two locations see it. Workers KV is eventually consistent: a write made in one
 * location can take a minute or more to be seen in another, and "not found" is what such a
 * read answers meanwhile. `laggingKv` gives the namespace as the writing location sees it
 * (`writer`: its own writes at once) and as another location does (`kv`: a read of a key
 * written, through either, less than `lagMs` ago answers null); `catchUp()` lets every
 * write through. `failingKv` answers every read with an error.
 */
export interface LaggingKv {
  /** The other location's view. */
  kv: KVNamespace;
  /** The writing location's view. */
  writer: KVNamespace;
  /** Every write so far is visible. */
  catchUp(): void;
}

export function laggingKv(kv: KVNamespace, lagMs: number): LaggingKv {
  const written = new Map<string, number>();
  const hidden = (key: unknown) => typeof key === 'string' && written.has(key) && Date.now() - written.get(key)! < lagMs;
  const view = (lagging: boolean) =>
    new Proxy(kv, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        if (prop === 'put' || prop === 'delete') {
          return async (key: string, ...rest: unknown[]) => {
            await (value as (...a: unknown[]) => Promise<void>).apply(target, [key, ...rest]);
            written.set(key, Date.now());
          };
        }
        if (!lagging) return (value as (...a: unknown[]) => unknown).bind(target);
        if (prop === 'get') return async (key: unknown, ...rest: unknown[]) => (hidden(key) ? null : (value as (...a: unknown[]) => unknown).apply(target, [key, ...rest]));
        if (prop === 'getWithMetadata') {
          return async (key: unknown, ...rest: unknown[]) => (hidden(key) ? { value: null, metadata: null, cacheStatus: null } : (value as (...a: unknown[]) => unknown).apply(target, [key, ...rest]));
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
  return {
    kv: view(true),
    writer: view(false),
    catchUp: () => written.clear(),
  };
}

/** A namespace whose reads all fail (KV unavailable in this location for a moment). */
export function failingKv(kv: KVNamespace): KVNamespace {
  return new Proxy(kv, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === 'get' || prop === 'getWithMetadata') return async () => Promise.reject(new Error('KV read failed: service unavailable'));
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
