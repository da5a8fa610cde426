/**
 * Part of `npm test`: the browser tests drive Debian's Chromium. On a fresh Debian machine
 * where we may (root, apt-get present) this installs it; elsewhere it says what to install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  const root = process.getuid?.() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    console.log('Installing Debian chromium for the browser tests (apt-get)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env }) : update;
    if (install.status !== 0) console.error('Could not install chromium; the browser tests will fail.');
  } else {
    console.error(`The browser tests need ${CHROMIUM}: install Debian's chromium package (sudo apt-get install chromium).`);
  }
}
