import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { PlatformProxy } from 'wrangler';
import { readConfig, type Env } from '../../src/common/config.ts';
import { reindexReports, removeReport, saveReport } from '../../src/reports/publishing.ts';
import { reindexSearch } from '../../src/search/index.ts';
import type { ReportInput } from '../../src/reports/schema.ts';
import { dropAllRendered } from '../../src/common/rendered.ts';
import { getReport, listIndex } from '../../src/reports/store.ts';
import { sourceOf } from '../../src/reports/revisions.ts';
import { Problem } from '../../src/common/problem.ts';
import { closeFirstSync, openFirstSync } from '../../src/reports/first-sync-store.ts';
import { addEditorIfMissing, type Role } from '../../src/editors/editors-store.ts';

export type Outcome = 'created' | 'updated' | 'unchanged';

/** A stored report as a prune sees it: its slug and where it comes from. */
export interface StoredEntry {
  slug: string;
  source: 'file' | 'desk';
}

/** Where `content:sync` writes: local KV directly, or the deployed Worker's admin API. */
export interface SyncTarget {
  readonly name: string;
  /**
   * Opens the first sync into this store if it is empty (its token), else null: the reports
   * written with the token are recorded quietly (the back catalogue is not announced as new).
   */
  beginFirstSync(): Promise<string | null>;
  endFirstSync(token: string): Promise<void>;
  /** Writes a report from a file (`source: 'file'`). */
  save(slug: string, input: ReportInput, firstSync?: string | null): Promise<Outcome>;
  /**
   * Deletes a file-made report that has no file any more: true when deleted, false when it
   * is (or has just become) desk-made, or is gone. Checked with If-Match against the
   * version read, so a desk edit made meanwhile is never deleted.
   */
  prune(slug: string): Promise<boolean>;
  /** Every stored report, with its source. */
  stored(): Promise<StoredEntry[]>;
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
      const options = { author: 'content:sync', ...(firstSync ? { firstSync } : {}) };
      const saved = await saveReport({ kv, db }, site, { ...input, source: 'file' }, slug, Date.now(), undefined, options);
      return saved.created ? 'created' : saved.changed ? 'updated' : 'unchanged';
    },
    async prune(slug) {
      const report = await getReport(kv, slug);
      if (!report || sourceOf(report) === 'desk') return false;
      try {
        return (await removeReport({ kv, db }, slug, Date.now(), { author: 'content:sync', ifMatch: [report.hash] })) !== null;
      } catch (error) {
        if (error instanceof Problem && error.status === 412) return false;
        throw error;
      }
    },
    async stored() {
      const entries = new Map<string, StoredEntry>();
      let cursor: string | undefined;
      do {
        const page = await listIndex(kv, { limit: 1000, cursor });
        for (const entry of page.entries) entries.set(entry.s, { slug: entry.s, source: entry.o ?? 'file' });
        cursor = page.cursor;
      } while (cursor);
      return [...entries.values()];
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
    if (!response.ok && response.status !== 404 && response.status !== 412) throw new Error(`${init.method ?? 'GET'} /api/reports${path}: ${response.status} ${await response.text()}`);
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
      const previous = before.ok ? before.headers.get('etag') : null;
      await before.body?.cancel();
      const query = firstSync ? `?first_sync=${firstSync}` : '';
      const response = await api(`/${slug}${query}`, { method: 'PUT', body: JSON.stringify({ ...input, source: 'file' }) });
      await response.body?.cancel();
      return response.status === 201 ? 'created' : previous !== null && previous === response.headers.get('etag') ? 'unchanged' : 'updated';
    },
    async prune(slug) {
      const before = await api(`/${slug}`);
      if (!before.ok) return false;
      const { source } = (await before.json()) as { source?: string };
      // A Worker older than `source` has no desk: everything it holds came from files.
      if (source === 'desk') return false;
      const etag = before.headers.get('etag');
      const response = await api(`/${slug}`, { method: 'DELETE', headers: etag ? { 'if-match': etag } : {} });
      await response.body?.cancel();
      return response.status === 204;
    },
    async stored() {
      const entries = new Map<string, StoredEntry>();
      let cursor: string | null = null;
      do {
        const page: Response = await api(`?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        const body = (await page.json()) as { reports: { slug: string; source?: 'file' | 'desk' }[]; next_cursor: string | null };
        for (const r of body.reports) entries.set(r.slug, { slug: r.slug, source: r.source ?? 'file' });
        cursor = body.next_cursor;
      } while (cursor);
      return [...entries.values()];
    },
    close: async () => {},
  };
}
