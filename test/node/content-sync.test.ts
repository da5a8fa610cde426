import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPlatformProxy } from 'wrangler';
import { ADMIN_TOKEN, startHerald } from './herald.ts';
import { type Env, readConfig } from '../../src/common/config.ts';
import { saveReport } from '../../src/reports/publishing.ts';

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

/** What D1 recorded of each report's first moment in public: slug → quiet reason ('' when announced). */
async function recorded(state: string): Promise<Record<string, string>> {
  const proxy = await getPlatformProxy<{ DB: D1Database }>({ configPath: 'wrangler.toml', persist: { path: join(state, 'v3') }, remoteBindings: false });
  try {
    const { results } = await proxy.env.DB.prepare('SELECT slug, quiet_reason FROM publications ORDER BY slug').all<{ slug: string; quiet_reason: string | null }>();
    return Object.fromEntries(results.map((row) => [row.slug, row.quiet_reason ?? '']));
  } finally {
    await proxy.dispose();
  }
}

/** A report file published `days` ago (a date in UTC), with its own slug and title. */
function recentReport(slug: string, title: string, days: number): string {
  const published = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
  return `---\nslug: ${slug}\ntitle: ${title}\npublished: ${published}\ntopics: [norms]\n---\nThe seminar discussed due diligence. It ended with a statement.\n`;
}

/** Writes a report into the local store as the desk (or any API client) would: `source: 'desk'`. */
async function deskReport(state: string, slug: string): Promise<void> {
  const proxy = await getPlatformProxy<Env>({ configPath: 'wrangler.toml', persist: { path: join(state, 'v3') }, remoteBindings: false });
  try {
    const input = { title: 'Written in the desk', body: 'No file holds it.', lang: 'en', topics: [], draft: false, authors: [], published: '2026-01-05T00:00:00.000Z', source: 'desk' as const };
    await saveReport({ kv: proxy.env.REPORTS, db: proxy.env.DB }, readConfig(proxy.env), input, slug, Date.now());
  } finally {
    await proxy.dispose();
  }
}

const SEEDS = ['2017-12-04-international-rules-for-cyberspace-forum-wuzhen-summit', '2017-wuzhen-international-rules-forum-zh', '2022-08-12-workshop-on-international-rule-of-law-in-cyberspace', '2022-rule-of-law-workshop-zh'];

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
    // The first sync into an empty store: the seeds are recorded quietly, never announced as new.
    expect(first.out).toContain('this first sync records its reports quietly');
    expect(Object.values(await recorded(state))).toEqual(['back-catalogue', 'back-catalogue', 'back-catalogue', 'back-catalogue']);
    // The Chinese versions take their group's key and language as slug.
    expect(await storedKeys(state)).toEqual([
      'report:2017-12-04-international-rules-for-cyberspace-forum-wuzhen-summit',
      'report:2017-wuzhen-international-rules-forum-zh',
      'report:2022-08-12-workshop-on-international-rule-of-law-in-cyberspace',
      'report:2022-rule-of-law-workshop-zh',
    ]);

    const again = await sync('--dir', dir, '--persist-to', state);
    expect(again.out).toContain('Done: 0 created, 0 updated, 4 unchanged, 0 pruned.');
    expect(again.out).not.toContain('quietly');

    await rm(join(dir, '2017-12-04-international-rules-for-cyberspace-forum-wuzhen-summit.md'));
    await rm(join(dir, '2017-12-04-international-rules-for-cyberspace-forum-wuzhen-summit.zh.md'));
    const kept = await sync('--dir', dir, '--persist-to', state);
    expect(kept.out).toContain('0 pruned');
    expect(await storedKeys(state)).toHaveLength(4);

    // A report made in the desk has no file, and is never pruned.
    await deskReport(state, 'written-in-the-desk');
    const pruned = await sync('--dir', dir, '--persist-to', state, '--prune');
    expect(pruned.out).toContain('2 pruned');
    expect(pruned.out).toContain('kept      written-in-the-desk (made in the desk');
    expect(await storedKeys(state)).toEqual(['report:2022-08-12-workshop-on-international-rule-of-law-in-cyberspace', 'report:2022-rule-of-law-workshop-zh', 'report:written-in-the-desk']);
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
      // A report made through the API has no file: --prune keeps it.
      const desk = await herald.fetch('/api/reports', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ slug: 'made-in-the-desk', title: 'Made in the desk', body: 'No file.' }) });
      expect(desk.status).toBe(201);
      const pruned = await sync(env, '--remote', '--prune');
      expect(pruned.out).toContain('kept      made-in-the-desk');
      expect(pruned.out).toContain('0 pruned');
      expect((await herald.fetch('/api/reports/made-in-the-desk', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
      const refused = await sync({ HERALD_URL: herald.origin, ADMIN_TOKEN: 'wrong' }, '--remote');
      expect(refused.code).not.toBe(0);
      expect(refused.out).toContain('401');
    } finally {
      await herald.dispose();
    }
  });
});

describe('npm run content:sync -- --remote --prune with an API token', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'herald-token-sync-'));
    await cp('content/reports', dir, { recursive: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('needs only reports:write (HERALD_TOKEN), and the audit log names the token', { timeout: 180_000 }, async () => {
    const herald = await startHerald();
    try {
      const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
      const makeToken = async (name: string, scopes: string[]) => {
        const res = await herald.fetch('/api/tokens', { method: 'POST', headers: admin, body: JSON.stringify({ name, scopes }) });
        expect(res.status).toBe(201);
        return ((await res.json()) as { token: string }).token;
      };
      const writer = { HERALD_URL: herald.origin, HERALD_TOKEN: await makeToken('CI content sync', ['reports:write']) };
      await writeFile(join(dir, 'seminar-to-prune.md'), recentReport('seminar-to-prune', 'Seminar to prune', 3));
      const first = await sync(writer, '--dir', dir, '--remote', '--prune');
      expect(first.code, first.out).toBe(0);
      expect(first.out).toContain('Done: 5 created, 0 updated, 0 unchanged, 0 pruned.');

      await rm(join(dir, 'seminar-to-prune.md'));
      const second = await sync(writer, '--dir', dir, '--remote', '--prune');
      expect(second.code, second.out).toBe(0);
      expect(second.out).toContain('Done: 0 created, 0 updated, 4 unchanged, 1 pruned.');

      const audit = (await (await herald.fetch('/api/audit?limit=1', { headers: admin })).json()) as { entries: { actor: { name: string }; action: string; target: { id: string } }[] };
      expect(audit.entries[0]).toMatchObject({ actor: { name: 'CI content sync' }, action: 'report.delete', target: { id: 'seminar-to-prune' } });

      const reader = { HERALD_URL: herald.origin, HERALD_TOKEN: await makeToken('read only', ['reports:read']) };
      await writeFile(join(dir, 'seminar-refused.md'), recentReport('seminar-refused', 'Seminar refused', 2));
      const refused = await sync(reader, '--dir', dir, '--remote');
      expect(refused.code).not.toBe(0);
      expect(refused.out).toContain('403');
      expect(refused.out).toContain('reports:write');
    } finally {
      await herald.dispose();
    }
  });
});

describe('the first sync into an empty Worker, then the next', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'herald-first-sync-'));
    await cp('content/reports', dir, { recursive: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('records the first sync quietly, recent reports too, and announces a new report of a later sync', { timeout: 180_000 }, async () => {
    const herald = await startHerald();
    try {
      const env = { HERALD_URL: herald.origin, ADMIN_TOKEN };
      const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
      const report = async (slug: string) => (await (await herald.fetch(`/api/reports/${slug}`, { headers: admin })).json()) as { quiet: boolean; quiet_reason: string | null };
      await writeFile(join(dir, 'seminar-last-week.md'), recentReport('seminar-last-week', 'Seminar held last week', 7));

      const first = await sync(env, '--dir', dir, '--remote');
      expect(first.code, first.out).toBe(0);
      expect(first.out).toContain('Done: 5 created');
      expect(first.out).toContain('this first sync records its reports quietly');
      for (const slug of SEEDS) expect(await report(slug)).toMatchObject({ quiet: true, quiet_reason: 'back-catalogue' });
      expect(await report('seminar-last-week')).toMatchObject({ quiet: true, quiet_reason: 'first-sync' });
      // The feeds list them all; "this week's digest" lists none of them as new.
      const feed = await (await herald.fetch('/feed.json')).text();
      for (const title of ['Seminar held last week', 'Workshop on International Rule of Law in Cyberspace']) expect(feed).toContain(title);
      const digest = (await (await herald.fetch('/digest.json')).json()) as { items: unknown[] };
      expect(digest.items).toEqual([]);
      // The first sync is over: no other client or sync can open one now.
      expect((await herald.fetch('/api/first-sync', { method: 'POST', headers: admin })).status).toBe(409);

      await writeFile(join(dir, 'seminar-yesterday.md'), recentReport('seminar-yesterday', 'Seminar held yesterday', 1));
      const second = await sync(env, '--dir', dir, '--remote');
      expect(second.out).toContain('Done: 1 created, 0 updated, 5 unchanged');
      expect(second.out).not.toContain('quietly');
      expect(await report('seminar-yesterday')).toMatchObject({ quiet: false, quiet_reason: null });
      const news = await (await herald.fetch('/digest.json')).text();
      expect(news).toContain('Seminar held yesterday');
      expect(news).not.toContain('Seminar held last week');
    } finally {
      await herald.dispose();
    }
  });
});
