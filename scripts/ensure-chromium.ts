/**
 * Part of `npm test`: the browser tests drive Debian's Chromium, with a Chinese font (the
 * `/zh/` pages are measured as a reader sees them, not in placeholder boxes). On a fresh
 * Debian machine where we may (root, apt-get present) this installs both; elsewhere it
 * says what to install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
if (!existsSync(CHROMIUM) || !existsSync(CJK_FONT)) {
  const root = process.getuid?.() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    console.log('Installing Debian chromium and a Chinese font for the browser tests (apt-get)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-wqy-microhei'], { stdio: 'inherit', env }) : update;
    if (install.status !== 0) console.error('Could not install chromium; the browser tests will fail.');
  } else {
    console.error(`The browser tests need ${CHROMIUM} and a Chinese font: sudo apt-get install chromium fonts-wqy-microhei.`);
  }
}
