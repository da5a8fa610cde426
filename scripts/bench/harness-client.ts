/**
 * A bench harness Worker started in Miniflare (workerd, real D1 and KV) and the client the
 * benchmarks talk to it with: POST JSON (or a string) to a `/__bench/*` path, JSON back.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Miniflare, convertV4MiniflareOptions } from 'miniflare';
import type { WorkerConfig } from './archive.ts';
import { ROOT } from './build.ts';

export type Post = <T>(path: string, body?: unknown) => Promise<T>;

export interface Harness {
  post: Post;
  /** Every migration of migrations/, in order, through `/__bench/migrate?db=<binding>`. */
  migrate: (db: string) => Promise<void>;
  dispose: () => Promise<void>;
}

export function startHarness(options: { script: string; dir: string; config: WorkerConfig; kv: Record<string, string>; d1: Record<string, string>; bindings?: Record<string, string> }): Harness {
  const { config } = options;
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      scriptPath: options.script,
      modulesRoot: options.dir,
      compatibilityDate: config.compatibilityDate,
      compatibilityFlags: config.compatibilityFlags,
      kvNamespaces: options.kv,
      d1Databases: options.d1,
      bindings: { ...config.vars, ...options.bindings },
    }),
  );
  const post: Post = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await mf.dispatchFetch(`http://bench.test${path}`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body ?? {}) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${text.slice(0, 2000)}`);
    return JSON.parse(text) as T;
  };
  const migrate = async (db: string) => {
    for (const file of (await readdir(join(ROOT, 'migrations'))).filter((f) => f.endsWith('.sql')).sort()) {
      await post(`/__bench/migrate?db=${db}`, await readFile(join(ROOT, 'migrations', file), 'utf8'));
    }
  };
  return { post, migrate, dispose: () => mf.dispose() };
}
