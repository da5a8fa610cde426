/**
 * npm run deploy: deploys the Worker with the site's public address.
 *
 *   SITE_URL=https://herald.example.org DIGEST_FROM='Herald <digest@herald.example.org>' \
 *     [WEBSUB_HUB=https://pubsubhubbub.appspot.com/] npm run deploy
 *
 * Applies the D1 migrations to the deployed database first (`wrangler d1 migrations apply
 * --remote`), so the Worker never runs against an older schema.
 * SITE_URL is required: every link and id in the feeds is built on it, and ids must never
 * change once readers have them, so deploying with the local default would be a mistake.
 */
import { spawnSync } from 'node:child_process';

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
const migrate = spawnSync('wrangler', ['d1', 'migrations', 'apply', 'DB', '--remote'], { stdio: 'inherit' });
if (migrate.status !== 0) {
  console.error('Applying the D1 migrations failed; nothing was deployed.');
  process.exit(migrate.status ?? 1);
}
const args = ['deploy', '--var', `SITE_URL:${siteUrl}`, '--var', `DIGEST_FROM:${from}`, ...(hub ? ['--var', `WEBSUB_HUB:${hub}/`] : [])];
const result = spawnSync('wrangler', args, { stdio: 'inherit' });
if (result.status === 0) {
  console.log(`\nDeployed. If not done yet: npm run wrangler -- secret put ADMIN_TOKEN; npm run wrangler -- secret put SUBSCRIPTION_SECRET; npm run wrangler -- secret put CHANNELS_KEY`);
  console.log(`Then publish the content: HERALD_URL=${siteUrl} ADMIN_TOKEN=… npm run content:sync -- --remote`);
}
process.exit(result.status ?? 1);
