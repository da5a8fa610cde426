/** Builds for the benchmark: the harness Worker, the Node bundle of src, the production bundle. */
import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const HERE = join(ROOT, 'scripts', 'bench');

const common: esbuild.BuildOptions = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  logLevel: 'warning',
  absWorkingDir: ROOT,
  // As wrangler's [[rules]] bundle them: the topic catalogue and the stylesheet parts, as text.
  loader: { '.yml': 'text', '.css': 'text' },
};

/**
 * For bundles run by Node: a `require` for the CommonJS packages inside (yaml requires
 * "process"), which an ES module bundle otherwise lacks ("Dynamic require … is not supported").
 */
const forNode: esbuild.BuildOptions = {
  platform: 'node',
  banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
};

/** A bench harness Worker (`scripts/bench/<name>.ts` + the app code it imports), as one ES module for workerd. */
async function bundleWorker(outdir: string, name: string): Promise<string> {
  const outfile = join(outdir, `${name}.mjs`);
  await esbuild.build({
    ...common,
    entryPoints: [join(HERE, `${name}.ts`)],
    outfile,
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    external: ['node:*', 'cloudflare:*'],
  });
  return outfile;
}

/** The harness Worker (harness.ts + the app), as one ES module for workerd. */
export const bundleHarness = (outdir: string) => bundleWorker(outdir, 'harness');

/** The src modules the render benchmark needs, for Node, dependencies included. */
export async function bundleForNode(outdir: string): Promise<string> {
  const outfile = join(outdir, 'node-entry.mjs');
  await esbuild.build({ ...common, ...forNode, entryPoints: [join(HERE, 'node-entry.ts')], outfile });
  return outfile;
}

/** The digest benchmark's harness Worker (digest-harness.ts + the digest code), for workerd. */
export const bundleDigestHarness = (outdir: string) => bundleWorker(outdir, 'digest-harness');

/** The search benchmark's harness Worker (search-harness.ts + the search code), for workerd. */
export const bundleSearchHarness = (outdir: string) => bundleWorker(outdir, 'search-harness');

/** What the digest benchmark times in Node: composing, rendering and filling an email, and the signed links. */
export const DIGEST_NODE_EXPORTS = `
export { composeDigest } from './src/digests/compose.ts';
export { renderDigestEmail, fillLinks } from './src/digests/render-email.tsx';
export { listHeaders } from './src/digests/email.ts';
export { subscriberLinks } from './src/subscriptions/tokens.ts';
export { readConfig } from './src/common/config.ts';
export { makeReport } from './scripts/bench/reports.ts';
`;

/** The modules named by {@link DIGEST_NODE_EXPORTS}, bundled for Node (src has .tsx). */
export async function bundleDigestForNode(outdir: string): Promise<string> {
  const outfile = join(outdir, 'digest-node.mjs');
  await esbuild.build({ ...common, ...forNode, stdin: { contents: DIGEST_NODE_EXPORTS, resolveDir: ROOT, loader: 'ts', sourcefile: 'digest-node.ts' }, outfile });
  return outfile;
}

export interface ProductionBundle {
  dir: string;
  main: string;
  bytes: number;
  gzipBytes: number;
  files: { name: string; bytes: number }[];
  /** What wrangler itself printed as the upload size, for comparison. */
  wranglerSays?: string;
  /** Bytes of the bundle by origin (npm package, `src`, …), from esbuild's metafile, largest first. */
  byOrigin: { origin: string; bytes: number }[];
}

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/** `node_modules/zod/v4/locales/he.js` → `zod (locales)`; `src/app.ts` → `src`. */
function originOf(path: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  if (!match) return path.startsWith('src/') ? 'src' : path.includes('wrangler') ? 'wrangler runtime shims' : path;
  return /(^|\/)locales?\//.test(match[2]!) ? `${match[1]} (locales)` : match[1]!;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

/** `wrangler deploy --dry-run --outdir <outdir>`, run with this Node (22), and its sizes. */
export async function productionBundle(outdir: string): Promise<ProductionBundle> {
  const wrangler = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
  const metafile = `${outdir}-meta.json`;
  const out = await run(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', outdir, '--metafile', metafile], {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    NO_COLOR: '1',
  });
  const names = (await readdir(outdir)).filter((name) => !name.endsWith('.map') && name !== 'README.md');
  const files = await Promise.all(names.map(async (name) => ({ name, bytes: (await stat(join(outdir, name))).size })));
  const main = join(outdir, 'index.js');
  const code = await readFile(main);
  const meta = JSON.parse(await readFile(metafile, 'utf8')) as Metafile;
  const totals = new Map<string, number>();
  for (const output of Object.values(meta.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) totals.set(originOf(path), (totals.get(originOf(path)) ?? 0) + input.bytesInOutput);
  }
  const byOrigin = [...totals].map(([origin, bytes]) => ({ origin, bytes })).sort((a, b) => b.bytes - a.bytes);
  return {
    dir: outdir,
    main,
    bytes: code.byteLength,
    // zlib's default level, as wrangler uses for its "gzip:" figure.
    gzipBytes: gzipSync(code).byteLength,
    files,
    wranglerSays: /Total Upload:[^\n]*/.exec(out)?.[0]?.trim(),
    byOrigin,
  };
}
