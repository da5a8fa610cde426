/**
 * npm run deploy: deploys the Worker with the site's public address.
 *
 *   SITE_URL=https://herald.example.org DIGEST_FROM='Herald <digest@herald.example.org>' \
 *     [WEBSUB_HUB=https://pubsubhubbub.appspot.com/] npm run deploy
 *
 * Applies the D1 migrations to the deployed database first (`wrangler d1 migrations apply
 * --remote`), so the Worker never runs against an older schema, and creates the media
 * bucket (wrangler.toml's `[[r2_buckets]]` `bucket_name`) when the account has none of that
 * name, so uploads never meet a missing bucket.
 *
 * Secrets (ADMIN_TOKEN, SUBSCRIPTION_SECRET, SUBSCRIPTION_SECRET_PREVIOUS, CHANNELS_KEY,
 * CHANNELS_KEY_PREVIOUS) set in the environment are checked first: one shorter than 32
 * bytes stops the deploy before anything runs (the Worker would refuse it). The ones given
 * are uploaded with the deployment (`--secrets-file`, a file only this user can read,
 * removed afterwards); the ones not given keep their stored values, which nobody can read
 * back, so only the Worker itself can refuse those (503 naming them, a config-error log).
 * Rotating: SUBSCRIPTION_SECRET=<new> SUBSCRIPTION_SECRET_PREVIOUS=<old> npm run deploy.
 * SITE_URL is required: every link and id in the feeds is built on it, and ids must never
 * change once readers have them, so deploying with the local default would be a mistake.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SECRET_NAMES, secretProblems } from '../src/common/secrets.ts';

function requireHttps(name: string, value: string | undefined, required: boolean): string | undefined {
  if (!value) {
    if (!required) return undefined;
    console.error(`${name} is not set. Example: ${name}=https://herald.example.org npm run deploy`);
    process.exit(1);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    console.error(`${name} must be an absolute URL, got "${value}"`);
    process.exit(1);
  }
  if (url.protocol !== 'https:') {
    console.error(`${name} must be an https URL in production, got "${value}"`);
    process.exit(1);
  }
  return url.href.replace(/\/$/, '');
}

const siteUrl = requireHttps('SITE_URL', process.env.SITE_URL, true)!;
const hub = requireHttps('WEBSUB_HUB', process.env.WEBSUB_HUB, false);
const from = process.env.DIGEST_FROM;
if (!from || !/@[^@\s>]+\.[^@\s>]+>?\s*$/.test(from) || /@localhost\b/.test(from)) {
  console.error(`DIGEST_FROM must be the digest sender on your Email Service domain. Example: DIGEST_FROM='Herald <digest@herald.example.org>' npm run deploy`);
  process.exit(1);
}
const given = Object.fromEntries(SECRET_NAMES.flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])));
const refused = secretProblems(given);
if (refused.length > 0) {
  for (const { message } of refused) console.error(message);
  console.error('Nothing was deployed.');
  process.exit(1);
}
const migrate = spawnSync('wrangler', ['d1', 'migrations', 'apply', 'DB', '--remote'], { stdio: 'inherit' });
if (migrate.status !== 0) {
  console.error('Applying the D1 migrations failed; nothing was deployed.');
  process.exit(migrate.status ?? 1);
}
// The media bucket: checked (`r2 bucket info` fails for a bucket the account lacks), else created.
const bucket = /\[\[r2_buckets\]\][^[]*?bucket_name\s*=\s*"([^"]+)"/.exec(readFileSync('wrangler.toml', 'utf8'))?.[1];
if (!bucket) {
  console.error('wrangler.toml names no media bucket ([[r2_buckets]] bucket_name); nothing was deployed.');
  process.exit(1);
}
if (spawnSync('wrangler', ['r2', 'bucket', 'info', bucket], { stdio: 'ignore' }).status !== 0) {
  console.log(`Creating the media bucket ${bucket}.`);
  const created = spawnSync('wrangler', ['r2', 'bucket', 'create', bucket], { stdio: 'inherit' });
  if (created.status !== 0) {
    console.error(`Creating the R2 bucket ${bucket} failed; nothing was deployed.`);
    process.exit(created.status ?? 1);
  }
}
const args = ['deploy', '--var', `SITE_URL:${siteUrl}`, '--var', `DIGEST_FROM:${from}`, ...(hub ? ['--var', `WEBSUB_HUB:${hub}/`] : [])];
// JSON, not dotenv: wrangler expands $VAR in dotenv values, and a secret may hold a `$`.
const secretsDir = Object.keys(given).length > 0 ? mkdtempSync(join(tmpdir(), 'herald-secrets-')) : null;
if (secretsDir) {
  const file = join(secretsDir, 'secrets.json');
  writeFileSync(file, JSON.stringify(given), { mode: 0o600 });
  args.push('--secrets-file', file);
}
const result = (() => {
  try {
    return spawnSync('wrangler', args, { stdio: 'inherit' });
  } finally {
    if (secretsDir) rmSync(secretsDir, { recursive: true, force: true });
  }
})();
if (result.status === 0) {
  if (secretsDir) console.log(`\nDeployed, with ${Object.keys(given).join(', ')}.`);
  const missing = ['ADMIN_TOKEN', 'SUBSCRIPTION_SECRET', 'CHANNELS_KEY'].filter((name) => !given[name]);
  if (missing.length > 0) console.log(`\nIf not set yet (32 bytes or more each, e.g. openssl rand -base64 32): ${missing.map((name) => `npm run wrangler -- secret put ${name}`).join('; ')}`);
  console.log(`Then publish the content: HERALD_URL=${siteUrl} ADMIN_TOKEN=… npm run content:sync -- --remote`);
}
process.exit(result.status ?? 1);
