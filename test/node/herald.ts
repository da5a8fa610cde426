import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unstable_startWorker } from 'wrangler';
import { applyLocalMigrations } from '../../scripts/lib/sync-targets.ts';

/** The settings the Worker under test runs with: links and ids are built on SITE_URL. */
export const SITE_URL = 'https://herald.example.org';
export const ADMIN_TOKEN = 'node-test-token-of-at-least-32-bytes';
export const HUB_URL = 'https://hub.example.org/';
export const SITE_AUTHOR = 'Research Institute for Cyberspace Governance';

/** A request the Worker tried to send out (WebSub pings): answered here, never sent. */
export interface OutboundRequest {
  method: string;
  url: string;
  body: string;
}

/** One line the Worker logged (console.log, console.error, uncaught errors). */
export interface WorkerLog {
  level: string;
  message: string;
}

export interface Herald {
  /** Where the local server listens, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  /** GET or send `init` to `path` on the running Worker, as any HTTP client would. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** POSTs a report through the admin API. */
  postReport(report: unknown): Promise<Response>;
  /** The public (canonical) URL of `path`, as feeds name it. */
  publicUrl(path: string): string;
  outbound: OutboundRequest[];
  logs: WorkerLog[];
  dispose(): Promise<void>;
}

/**
 * Starts the real Worker (wrangler.toml, its bundler and workerd) with its own empty state
 * (KV, and D1 with the migrations applied), so each run starts empty and no run sees another's data. Outbound requests never leave the
 * machine: they are recorded and answered 204.
 */
export async function startHerald(): Promise<Herald> {
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
  process.env.WRANGLER_SEND_METRICS = 'false';
  const outbound: OutboundRequest[] = [];
  const logs: WorkerLog[] = [];
  // A fresh state directory per run, with the D1 schema applied the way `npm start` does.
  const state = await mkdtemp(join(tmpdir(), 'herald-test-'));
  applyLocalMigrations(state);
  const worker = await unstable_startWorker({
    config: './wrangler.toml',
    bindings: {
      SITE_URL: { type: 'plain_text', value: SITE_URL },
      WEBSUB_HUB: { type: 'plain_text', value: HUB_URL },
      ADMIN_TOKEN: { type: 'secret_text', value: ADMIN_TOKEN },
      // Pinned as well, so that a developer's .dev.vars cannot change what the tests expect.
      SITE_AUTHOR: { type: 'plain_text', value: SITE_AUTHOR },
      FEED_LIMIT: { type: 'plain_text', value: '50' },
    },
    dev: {
      server: { hostname: '127.0.0.1', port: 0 },
      inspector: false,
      persist: state,
      watch: false,
      liveReload: false,
      remote: false,
      logLevel: 'error',
      structuredLogsHandler: (log: WorkerLog) => {
        logs.push({ level: log.level, message: log.message });
        if (log.level === 'error') console.error(`[worker] ${log.message}`);
      },
      outboundService: async (request: Request) => {
        outbound.push({ method: request.method, url: request.url, body: await request.text() });
        return new Response(null, { status: 204 });
      },
    },
  });
  try {
    await worker.ready;
  } catch (error) {
    await worker.dispose();
    throw error;
  }
  const origin = (await worker.url).origin;
  const call = (path: string, init?: RequestInit) => fetch(new URL(path, origin), init);
  return {
    origin,
    fetch: call,
    postReport: (report) =>
      call('/api/reports', {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(report),
      }),
    publicUrl: (path) => new URL(path, SITE_URL).href,
    outbound,
    logs,
    dispose: async () => {
      await worker.dispose();
      await rm(state, { recursive: true, force: true });
    },
  };
}
