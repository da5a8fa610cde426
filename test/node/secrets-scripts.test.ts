import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs `npm run deploy`'s script with a stand-in `wrangler` first on PATH: it records each
 * call (and the secrets file a deploy names) and succeeds, so nothing leaves the machine.
 */
function deploy(env: Record<string, string>, { bucketMissing = false } = {}): { status: number | null; stdout: string; stderr: string; calls: string[]; secrets: unknown[]; files: string[] } {
  const bin = mkdtempSync(join(tmpdir(), 'herald-deploy-'));
  dirs.push(bin);
  const log = join(bin, 'calls.log');
  writeFileSync(log, '');
  const fake = join(bin, 'wrangler');
  writeFileSync(
    fake,
    `#!/bin/sh
echo "$*" >> "${log}"
${bucketMissing ? 'if [ "$1 $2 $3" = "r2 bucket info" ]; then exit 1; fi' : ''}
while [ $# -gt 0 ]; do
  if [ "$1" = "--secrets-file" ]; then echo "FILE $2" >> "${log}"; echo "SECRETS $(cat "$2")" >> "${log}"; fi
  shift
done
`,
  );
  chmodSync(fake, 0o755);
  const result = spawnSync(process.execPath, ['scripts/deploy.ts'], { encoding: 'utf8', env: { PATH: `${bin}${delimiter}${process.env.PATH}`, HOME: bin, ...env } });
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    calls: lines.filter((l) => !l.startsWith('SECRETS ') && !l.startsWith('FILE ')),
    secrets: lines.filter((l) => l.startsWith('SECRETS ')).map((l) => JSON.parse(l.slice(8))),
    files: lines.filter((l) => l.startsWith('FILE ')).map((l) => l.slice(5)),
  };
}

const SITE = { SITE_URL: 'https://herald.example.org', DIGEST_FROM: 'Herald <digest@herald.example.org>' };
const LONG = 'a-production-secret-of-44-bytes-0123456789ab';

describe('npm run deploy and secrets', () => {
  it('refuses a secret shorter than 32 bytes before touching anything, naming it and not showing it', () => {
    for (const setting of ['ADMIN_TOKEN', 'SUBSCRIPTION_SECRET', 'SUBSCRIPTION_SECRET_PREVIOUS', 'CHANNELS_KEY', 'CHANNELS_KEY_PREVIOUS']) {
      const run = deploy({ ...SITE, SUBSCRIPTION_SECRET: LONG, [setting]: 'short-secret-value' });
      expect(run.status, setting).toBe(1);
      expect(run.stderr).toContain(`${setting} is 18 bytes long; it must be at least 32`);
      expect(run.stderr + run.stdout).not.toContain('short-secret-value');
      // Not even the migrations ran.
      expect(run.calls).toEqual([]);
    }
  });

  it('deploys with the secrets it is given (a rotation: the new one and the previous one), from a file it removes', () => {
    const run = deploy({ ...SITE, SUBSCRIPTION_SECRET: LONG, SUBSCRIPTION_SECRET_PREVIOUS: `${LONG}-old` });
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls[0]).toBe('d1 migrations apply DB --remote');
    // The stand-in answers that the media bucket exists: it is checked, not created.
    expect(run.calls[1]).toBe('r2 bucket info herald-media');
    expect(run.calls[2]).toMatch(/^deploy .*--secrets-file /);
    expect(run.secrets).toEqual([{ SUBSCRIPTION_SECRET: LONG, SUBSCRIPTION_SECRET_PREVIOUS: `${LONG}-old` }]);
    expect(existsSync(run.files[0]!)).toBe(false);
    expect(run.stdout + run.stderr).not.toContain(LONG);
  });

  it('deploys without touching the stored secrets when given none', () => {
    const run = deploy(SITE);
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls[2]).toMatch(/^deploy /);
    expect(run.calls[2]).not.toContain('--secrets-file');
  });
});

describe('npm run deploy and the media bucket', () => {
  it('creates the bucket wrangler.toml names when the account has none, before deploying', () => {
    const run = deploy(SITE, { bucketMissing: true });
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls.slice(0, 3)).toEqual(['d1 migrations apply DB --remote', 'r2 bucket info herald-media', 'r2 bucket create herald-media']);
    expect(run.calls[3]).toMatch(/^deploy /);
  });
});

describe('npm start and secrets', () => {
  it('starts from an example file whose secrets (if any) are at least 32 bytes', () => {
    for (const line of readFileSync('.dev.vars.example', 'utf8').split('\n')) {
      const match = /^([A-Z_]+)=(.*)$/.exec(line);
      if (match && /TOKEN|SECRET|KEY/.test(match[1]!)) expect(Buffer.byteLength(match[2]!), match[1]).toBeGreaterThanOrEqual(32);
    }
  });

  it('writes every missing secret into .dev.vars, and replaces one shorter than 32 bytes', async () => {
    const { ensureDevSecrets } = await import('../../scripts/lib/dev-vars.ts');
    const { text, notes } = ensureDevSecrets('# local\nADMIN_TOKEN=local-dev-token-change-me\nSITE_TITLE=Mine\nCHANNELS_KEY="a-quoted-key-that-is-long-enough-00000"\n');
    const vars = Object.fromEntries(text.split('\n').flatMap((line) => {
      const match = /^([A-Z_]+)=(.*)$/.exec(line);
      return match ? [[match[1]!, match[2]!]] : [];
    }));
    expect(Object.keys(vars).sort()).toEqual(['ADMIN_TOKEN', 'CHANNELS_KEY', 'SITE_TITLE', 'SUBSCRIPTION_SECRET']);
    expect(Buffer.byteLength(vars.ADMIN_TOKEN!)).toBeGreaterThanOrEqual(32);
    expect(vars.ADMIN_TOKEN).not.toBe('local-dev-token-change-me');
    expect(Buffer.byteLength(vars.SUBSCRIPTION_SECRET!)).toBeGreaterThanOrEqual(32);
    expect(vars.CHANNELS_KEY).toBe('"a-quoted-key-that-is-long-enough-00000"');
    expect(vars.SITE_TITLE).toBe('Mine');
    expect(notes.join('\n')).toMatch(/ADMIN_TOKEN.*replaced/);
    // Run again, it changes nothing.
    expect(ensureDevSecrets(text).text).toBe(text);
  });
});
