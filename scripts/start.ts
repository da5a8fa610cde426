/**
 * npm start: the local site with the content of content/reports.
 * Creates .dev.vars from .dev.vars.example when missing, with a random ADMIN_TOKEN,
 * SUBSCRIPTION_SECRET and CHANNELS_KEY (32 bytes each; a shorter one is replaced),
 * applies the D1 migrations to the local database and syncs content into local KV,
 * drops rendered feeds (so template changes since the last run show at once; a copy
 * built for another port is rebuilt anyway), adds the desk's two local editors
 * (editor@localhost, an admin, and writer@localhost, an editor) when missing, then runs `wrangler dev` on PORT
 * (default 8787) with SITE_URL set to the local address.
 */
import { spawn } from 'node:child_process';
import { access, copyFile, readFile, writeFile } from 'node:fs/promises';
import { sync } from './content-sync.ts';
import { ensureDevSecrets } from './lib/dev-vars.ts';
import { localTarget } from './lib/sync-targets.ts';

/** The desk's local editors: an admin and an editor. */
const LOCAL_EDITORS = [
  { email: 'editor@localhost', name: 'Local Admin', role: 'admin' as const },
  { email: 'writer@localhost', name: 'Local Writer', role: 'editor' as const },
];

const port = Number(process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(1);
}
const siteUrl = `http://localhost:${port}`;
process.env.SITE_URL = siteUrl;

try {
  await access('.dev.vars');
} catch {
  await copyFile('.dev.vars.example', '.dev.vars');
  console.log('Created .dev.vars from .dev.vars.example: the admin API token is in it.');
}
// The admin token, the key signing subscription links and the one sealing channel
// credentials: a .dev.vars from an earlier version may lack them or hold one the Worker
// refuses (shorter than 32 bytes).
const devVars = await readFile('.dev.vars', 'utf8');
const { text, notes } = ensureDevSecrets(devVars);
if (text !== devVars) await writeFile('.dev.vars', text);
for (const note of notes) console.log(note);

const local = await localTarget();
const status = await sync([], local);
if (status === 0) {
  // Local state from an earlier version may lack newer indexes (events, archive months).
  await local.reindex();
  await local.dropRendered();
  // Two local editors, so the desk can be tried at once (sign in at /desk/sign-in; the link
  // is in the local email simulator, see README "The desk").
  const added = await local.ensureEditors(LOCAL_EDITORS);
  if (added.length > 0) console.log(`Added the local editors ${added.join(' and ')}.`);
  console.log(`The desk: ${siteUrl}/desk/sign-in as editor@localhost (admin) or writer@localhost (editor); the sign-in mail is listed at ${siteUrl}/cdn-cgi/local/explorer/api/local/email/sending`);
}
await local.close();
if (status !== 0) process.exit(status);

const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' };
const child = spawn('wrangler', ['dev', '--port', String(port), '--ip', '127.0.0.1', '--var', `SITE_URL:${siteUrl}`], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
