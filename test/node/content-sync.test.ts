import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPlatformProxy } from 'wrangler';
import { ADMIN_TOKEN, startHerald } from './herald.ts';

const run = promisify(execFile);

/** Runs `npm run content:sync -- …args` as an editor would; never throws, returns its output. */
async function sync(...args: string[]): Promise<{ code: number; out: string }>;
async function sync(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string }>;
async function sync(first?: string | Record<string, string>, ...rest: string[]): Promise<{ code: number; out: string }> {
  const extraEnv = typeof first === 'object' ? first : {};
  const args = typeof first === 'string' ? [first, ...rest] : rest;
  try {
    const { stdout, stderr } = await run(process.execPath, ['scripts/content-sync.ts', ...args], { env: { ...process.env, WRANGLER_SEND_METRICS: 'false', ...extraEnv } });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

async function storedKeys(state: string): Promise<string[]> {
  const proxy = await getPlatformProxy<{ REPORTS: KVNamespace }>({ configPath: 'wrangler.toml', persist: { path: join(state, 'v3') }, remoteBindings: false });
  try {
    return (await proxy.env.REPORTS.list({ prefix: 'report:' })).keys.map((k) => k.name);
  } finally {
    await proxy.dispose();
  }
}

describe('npm run content:sync', () => {
  let dir: string;
  let state: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'herald-content-'));
    state = await mkdtemp(join(tmpdir(), 'herald-state-'));
    await cp('content/reports', dir, { recursive: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(state, { recursive: true, force: true });
  });

  it('writes nothing when any file is invalid, and names the file, line and field', async () => {
    const bad = join(dir, 'bad.md');
    await writeFile(bad, '---\ntitle: Broken\npublished: 2023-01-01\ntopics: [ok, "not ok"]\n---\nBody.\n');
    const result = await sync('--dir', dir, '--persist-to', state);
    await rm(bad);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`${bad}:4: topics.1: must be letters and digits`);
    expect(result.out).toContain('nothing was written');
    expect(await storedKeys(state)).toEqual([]);
  });

  it('writes new reports, skips unchanged ones, and prunes only with --prune', async () => {
    const first = await sync('--dir', dir, '--persist-to', state);
    expect(first.code).toBe(0);
    expect(first.out).toContain('Done: 4 created, 0 updated, 0 unchanged, 0 pruned.');
    // The Chinese versions take their group's key and language as slug.
    expect(await storedKeys(state)).toEqual([
      'report:2017-12-04-international-rules-for-cyberspace-forum-wuzhen-summit',
      'report:2017-wuzhen-international-rules-forum-zh',
      'report:2022-08-12-workshop-on-international-rule-of-law-in-cyberspace',
      'report:2022-rule-of-law-workshop-zh',
    ]);

    const again = await sync('--dir', dir, '--persist-to', state);
    expect(again.out).toContain('Done: 0 created, 0 updated, 4 unchanged, 0 pruned.');

    await rm(join(dir, '2017-12-04-international-rules-for-cyberspace-forum-wuzhen-summit.md'));
    await rm(join(dir, '2017-12-04-international-rules-for-cyberspace-forum-wuzhen-summit.zh.md'));
    const kept = await sync('--dir', dir, '--persist-to', state);
    expect(kept.out).toContain('0 pruned');
    expect(await storedKeys(state)).toHaveLength(4);

    const pruned = await sync('--dir', dir, '--persist-to', state, '--prune');
    expect(pruned.out).toContain('2 pruned');
    expect(await storedKeys(state)).toEqual(['report:2022-08-12-workshop-on-international-rule-of-law-in-cyberspace', 'report:2022-rule-of-law-workshop-zh']);
  }, 180_000);
});

describe('npm run content:sync with a topic content/topics.yml lacks', () => {
  let dir: string;
  let state: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'herald-topics-'));
    state = await mkdtemp(join(tmpdir(), 'herald-state-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(state, { recursive: true, force: true });
  });

  it('warns naming the file and the topic, and still writes the report', async () => {
    const seed = await readFile('content/reports/2022-08-12-workshop-on-international-rule-of-law-in-cyberspace.md', 'utf8');
    const file = join(dir, 'workshop.md');
    await writeFile(file, seed.replace('  - cyber-sanctions\n', '  - cyber-sanctions\n  - state-practice\n'));
    const result = await sync('--dir', dir, '--persist-to', state);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`${file}: unknown topic "state-practice"`);
    // Only that one: the seed's nine topics are all in the catalogue.
    expect(result.out.match(/unknown topic "/g)).toHaveLength(1);
    expect(result.out).toContain('Done: 1 created');
    expect(await storedKeys(state)).toEqual(['report:2022-08-12-workshop-on-international-rule-of-law-in-cyberspace']);
    // --check says the same, and writes nothing.
    const checked = await sync('--check', '--dir', dir);
    expect(checked.code).toBe(0);
    expect(checked.out).toContain(`${file}: unknown topic "state-practice"`);
  }, 120_000);

  it('stops before writing anything when the catalogue itself is malformed, naming the topic at fault', async () => {
    const topics = join(dir, 'topics.yml');
    await writeFile(topics, 'sovereignty:\n  fr: Souveraineté\n');
    const result = await sync('--check', '--dir', dir, '--topics', topics);
    expect(result.code).toBe(1);
    expect(result.out).toContain('sovereignty.fr is not a language');
    expect(result.out).toContain('nothing was written');
  });
});

describe('npm run content:sync -- --remote', () => {
  it('publishes through the running Worker\'s admin API, then finds nothing to change', async () => {
    const herald = await startHerald();
    try {
      const env = { HERALD_URL: herald.origin, ADMIN_TOKEN };
      const first = await sync(env, '--remote');
      expect(first.code).toBe(0);
      expect(first.out).toContain(`to the deployed Worker at ${herald.origin}`);
      expect(first.out).toContain('Done: 4 created, 0 updated, 0 unchanged, 0 pruned.');
      const feed = (await (await herald.fetch('/feed.json')).json()) as { items: { title: string }[] };
      expect(feed.items.map((i) => i.title)).toContain('Workshop on International Rule of Law in Cyberspace');
      expect((await sync(env, '--remote')).out).toContain('Done: 0 created, 0 updated, 4 unchanged, 0 pruned.');
      const refused = await sync({ HERALD_URL: herald.origin, ADMIN_TOKEN: 'wrong' }, '--remote');
      expect(refused.code).not.toBe(0);
      expect(refused.out).toContain('401');
    } finally {
      await herald.dispose();
    }
  });
});
