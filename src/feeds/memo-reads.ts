/**
 * A view of `kv` that answers each distinct `get` and `list` once, for the few milliseconds of
 * one rebuild (or one prerender's rebuilds): a language's list and the links between versions
 * list the same translation groups, and the lists of every language read the same reports.
 * Writes and deletes go through; only reads of reports and indexes should be made through it
 * (a rendered copy or the write marker must be read fresh, through `kv` itself).
 */
export function memoReads(kv: KVNamespace): KVNamespace {
  const answers = new Map<string, Promise<unknown>>();
  return new Proxy(kv, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop !== 'get' && prop !== 'list') return (value as (...args: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => {
        const key = `${prop}:${JSON.stringify(args)}`;
        let answer = answers.get(key);
        if (!answer) {
          answer = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          answers.set(key, answer);
          // A failed read is not remembered: the next caller asks again.
          answer.catch(() => answers.delete(key));
        }
        return answer;
      };
    },
  });
}
