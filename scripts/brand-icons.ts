/**
 * `npm run brand:icons`: draws the raster icons from the mark, `content/brand/favicon.svg`,
 * with Debian's Chromium (playwright-core), so replacing the SVG is the only design step:
 *
 * - `content/brand/apple-touch-icon.png`: 180 × 180, what iOS and Android put on a home screen;
 * - `content/brand/favicon.ico`: 16, 32 and 48 px PNGs in one ICO file, for browsers and
 *   tools that ask for `/favicon.ico` and read no SVG.
 *
 * The Worker bundles the three files (wrangler.toml `[[rules]]`) and serves them at
 * `/favicon.svg`, `/favicon.ico` and `/apple-touch-icon.png`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const DIR = new URL('../content/brand/', import.meta.url);
const svg = readFileSync(new URL('favicon.svg', DIR), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });

/** The mark drawn at `size` × `size` CSS pixels (device scale 1), as PNG bytes. */
async function draw(size: number): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  await page.setContent(`<!doctype html><style>html,body{margin:0}img{display:block;width:${size}px;height:${size}px}</style><img src="${src}" alt="">`);
  await page.waitForFunction('document.images[0].complete');
  const png = await page.screenshot({ omitBackground: true });
  await page.close();
  return png;
}

/** An ICO file holding PNG images (allowed since Windows Vista; every current browser reads it). */
function ico(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at);
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt8(0, at + 2); // no palette
    header.writeUInt8(0, at + 3);
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

try {
  writeFileSync(new URL('apple-touch-icon.png', DIR), await draw(180));
  const sizes = [16, 32, 48];
  writeFileSync(new URL('favicon.ico', DIR), ico(await Promise.all(sizes.map(async (size) => ({ size, png: await draw(size) })))));
  console.log('Wrote content/brand/apple-touch-icon.png and content/brand/favicon.ico');
} finally {
  await browser.close();
}
