import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyLocalMigrations } from '../../scripts/lib/sync-targets.ts';

export interface DevServer {
  origin: string;
  adminToken: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Emails the local Email Service simulator kept, newest last, with their text and HTML. */
  emails(): Promise<SimulatedEmail[]>;
  /** Runs the cron `cron` as if at `time` (epoch ms), as Cloudflare would. */
  cron(cron: string, time: number): Promise<Response>;
  output(): string;
  stop(): Promise<void>;
}

export interface SimulatedEmail {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  headers: Record<string, string>;
  text: string;
  html: string;
  sentAt: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts the real `wrangler dev` (the CLI a developer runs) on a free port, with its own
 * state directory (D1 migrated as `npm start` does) and fixed secrets (and `vars`, which
 * override wrangler.toml's), and waits until the Worker answers. The state directory is made
 * in `stateParent` (default the system's temporary directory) and removed by `stop`; a test
 * that seeds D1 before the server starts passes its own `state` (migrated again: a no-op).
 */
export async function startWranglerDev(vars: Record<string, string> = {}, { stateParent = tmpdir(), state: given }: { stateParent?: string; state?: string } = {}): Promise<DevServer> {
  const state = given ?? (await mkdtemp(join(stateParent, 'herald-dev-')));
  applyLocalMigrations(state);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const adminToken = 'e2e-admin-token-of-at-least-32-bytes';
  const args = ['dev', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', state, '--var', `SITE_URL:${origin}`, '--var', `ADMIN_TOKEN:${adminToken}`, '--var', 'SUBSCRIPTION_SECRET:e2e-subscription-secret-of-32-bytes-or-more', '--var', 'DIGEST_HOUR:7', '--var', 'SITE_TIMEZONE:UTC', '--var', 'CHANNELS_KEY:e2e-channels-key-of-at-least-32-bytes', '--var', 'CROSSPOST_RETRY_SECONDS:1', '--var', 'CROSSPOST_TIMEOUT_SECONDS:1', ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`])];
  let output = '';
  const child: ChildProcess = spawn('wrangler', args, {
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(state, { recursive: true, force: true });
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited:\n${output}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not answer within 90 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const call = (path: string, init?: RequestInit) => fetch(new URL(path, origin), init);
  return {
    origin,
    adminToken,
    fetch: call,
    async emails() {
      const list = (await (await call('/cdn-cgi/local/explorer/api/local/email/sending?per_page=100')).json()) as { result: { messageId: string }[] };
      return Promise.all(
        list.result.map(async (item) => {
          const detail = (await (await call(`/cdn-cgi/local/explorer/api/local/email/sending?email_id=${encodeURIComponent(item.messageId)}&worker=herald`)).json()) as { result: SimulatedEmail };
          return detail.result;
        }),
      );
    },
    cron: (cron, time) => call(`/cdn-cgi/local/scheduled?cron=${encodeURIComponent(cron)}&time=${time}`),
    output: () => output,
    stop,
  };
}
