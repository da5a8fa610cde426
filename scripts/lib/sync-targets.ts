import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { PlatformProxy } from 'wrangler';
import { readConfig, type Env } from '../../src/common/config.ts';
import { reindexReports, removeReport, saveReport } from '../../src/reports/publishing.ts';
import { reindexSearch } from '../../src/search/index.ts';
import type { ReportInput } from '../../src/reports/schema.ts';
import { dropAllRendered } from '../../src/common/rendered.ts';
import { listIndex } from '../../src/reports/store.ts';
import { closeFirstSync, openFirstSync } from '../../src/reports/first-sync-store.ts';
import { addEditorIfMissing, type Role } from '../../src/editors/editors-store.ts';

export type Outcome = 'created' | 'updated' | 'unchanged';

/** Where `content:sync` writes: local KV directly, or the deployed Worker's admin API. */
export interface SyncTarget {
  readonly name: string;
  /**
   * Opens the first sync into this store if it is empty (its token), else null: the reports
   * written with the token are recorded quietly (the back catalogue is not announced as new).
   */
  beginFirstSync(): Promise<string | null>;
  endFirstSync(token: string): Promise<void>;
  save(slug: string, input: ReportInput, firstSync?: string | null): Promise<Outcome>;
  remove(slug: string): Promise<void>;
  slugs(): Promise<string[]>;
  close(): Promise<void>;
}

/** The local target can also drop every rendered copy, e.g. when the templates changed. */
export interface LocalTarget extends SyncTarget {
  dropRendered(): Promise<void>;
  /** Rewrites every report's index keys (an earlier version's local state lacks newer indexes). */
  reindex(): Promise<number>;
  /** Adds each editor not yet in the local database (one already there keeps its name and role); answers the addresses added. */
  ensureEditors(editors: { email: string; name: string; role: Role }[]): Promise<string[]>;
}

/**
 * Local KV, as `wrangler dev` sees it (.wrangler/state), written through the Worker's own
 * store code, so keys, index and rendered copies stay exactly as the Worker keeps them.
 */
export async function localTarget(persistTo?: string): Promise<LocalTarget> {
  applyLocalMigrations(persistTo);
  const { getPlatformProxy } = await import('wrangler');
  // Same layout as `wrangler dev --persist-to <dir>`: the data lives in <dir>/v3.
  const persist = persistTo ? { path: join(persistTo, 'v3') } : true;
  const proxy: PlatformProxy<Env> = await getPlatformProxy<Env>({ configPath: 'wrangler.toml', persist, remoteBindings: false });
  const kv = proxy.env.REPORTS;
  const db = proxy.env.DB;
  const site = readConfig({ ...proxy.env, SITE_URL: process.env.SITE_URL ?? proxy.env.SITE_URL });
  return {
    name: `local KV (${persistTo ?? '.wrangler/state'})`,
    async beginFirstSync() {
      return (await openFirstSync(db, kv, Date.now()))?.token ?? null;
    },
    endFirstSync: (token) => closeFirstSync(db, token),
    async save(slug, input, firstSync) {
      const saved = await saveReport({ kv, db }, site, input, slug, Date.now(), undefined, firstSync ? { firstSync } : {});
      return saved.created ? 'created' : saved.changed ? 'updated' : 'unchanged';
    },
    async remove(slug) {
      await removeReport({ kv, db }, slug, Date.now());
    },
    async slugs() {
      const slugs: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listIndex(kv, { limit: 1000, cursor });
        slugs.push(...page.entries.map((entry) => entry.s));
        cursor = page.cursor;
      } while (cursor);
      return [...new Set(slugs)];
    },
    async dropRendered() {
      await dropAllRendered(kv);
    },
    async reindex() {
      let total = 0;
      let cursor: string | undefined;
      do {
        const page = await reindexReports(kv, { limit: 100, cursor, now: Date.now() });
        total += page.reindexed;
        cursor = page.cursor;
      } while (cursor);
      // And the search index, derived from the same reports (a store from before search had none).
      do {
        const page = await reindexSearch(kv, db, cursor, Date.now());
        cursor = page.cursor;
      } while (cursor);
      return total;
    },
    async ensureEditors(editors) {
      const added: string[] = [];
      for (const editor of editors) if (await addEditorIfMissing(db, editor, Date.now())) added.push(editor.email);
      return added;
    },
    close: () => proxy.dispose(),
  };
}

/**
 * Applies the D1 migrations to the local database the target writes to, so a sync records
 * when each report became public even on a machine where `npm start` never ran.
 */
export function applyLocalMigrations(persistTo?: string): void {
  const args = ['d1', 'migrations', 'apply', 'DB', '--local', ...(persistTo ? ['--persist-to', persistTo] : [])];
  const result = spawnSync('wrangler', args, {
    encoding: 'utf8',
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: 'true' },
  });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
}

/** The deployed Worker's admin API at `baseUrl`, authenticated with `token`. */
export function remoteTarget(baseUrl: string, token: string): SyncTarget {
  const api = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(new URL(`/api/reports${path}`, baseUrl), {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });
    if (!response.ok && response.status !== 404) throw new Error(`${init.method ?? 'GET'} /api/reports${path}: ${response.status} ${await response.text()}`);
    return response;
  };
  return {
    name: `the deployed Worker at ${baseUrl}`,
    async beginFirstSync() {
      const response = await fetch(new URL('/api/first-sync', baseUrl), { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      // 409: the store is not empty (or another sync holds it); 404: a Worker older than first syncs.
      if (response.status === 409 || response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      if (!response.ok) throw new Error(`POST /api/first-sync: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { token: string }).token;
    },
    async endFirstSync(firstSync) {
      const response = await fetch(new URL(`/api/first-sync/${firstSync}`, baseUrl), { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
      await response.body?.cancel();
    },
    async save(slug, input, firstSync) {
      const before = await api(`/${slug}`);
      const previous = before.ok ? ((await before.json()) as { updated: string }) : null;
      const query = firstSync ? `?first_sync=${firstSync}` : '';
      const response = await api(`/${slug}${query}`, { method: 'PUT', body: JSON.stringify(input) });
      const stored = (await response.json()) as { updated: string };
      return response.status === 201 ? 'created' : previous?.updated === stored.updated ? 'unchanged' : 'updated';
    },
    async remove(slug) {
      await api(`/${slug}`, { method: 'DELETE' });
    },
    async slugs() {
      const slugs: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Response = await api(`?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        const body = (await page.json()) as { reports: { slug: string }[]; next_cursor: string | null };
        slugs.push(...body.reports.map((r) => r.slug));
        cursor = body.next_cursor;
      } while (cursor);
      return [...new Set(slugs)];
    },
    close: async () => {},
  };
}
