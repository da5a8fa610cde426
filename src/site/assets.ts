import { type Context, Hono } from 'hono';
import touchIcon from '../../content/brand/apple-touch-icon.png';
import faviconIco from '../../content/brand/favicon.ico';
import faviconSvg from '../../content/brand/favicon.svg';
import type { AppEnv } from '../common/app-env.ts';
import { LOGO_HASH, LOGO_SVG } from './brand.ts';
import { fingerprint, stylesheet } from './stylesheet.ts';

/** A year: what a fingerprinted address is cached for, never revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** A day: the icons keep fixed addresses, which browsers ask for by name. */
const DAY = 'public, max-age=86400';

/** An SVG opened on its own runs nothing and loads nothing. */
const SVG_HEADERS = { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'x-content-type-options': 'nosniff' };

const FILES: Record<string, { body: string | ArrayBuffer; type: string; etag: string; headers?: Record<string, string> }> = {
  '/favicon.svg': { body: faviconSvg, type: 'image/svg+xml', etag: `"${fingerprint(faviconSvg)}"`, headers: SVG_HEADERS },
  '/favicon.ico': { body: faviconIco, type: 'image/x-icon', etag: `"${fingerprint(faviconIco)}"` },
  '/apple-touch-icon.png': { body: touchIcon, type: 'image/png', etag: `"${fingerprint(touchIcon)}"` },
};

/** 304 when the client holds `etag`, else the body. */
function send(c: Context<AppEnv>, body: string | ArrayBuffer, headers: Record<string, string>): Response {
  const match = c.req.header('if-none-match');
  if (match !== undefined && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === headers.etag)) {
    return c.body(null, 304, { etag: headers.etag!, 'cache-control': headers['cache-control']! });
  }
  return c.body(body, 200, headers);
}

/**
 * The site's own files: the stylesheet (`/assets/site.<hash>.css`), the logo, the favicon
 * (SVG, and ICO for whatever reads no SVG) and the touch icon. An address whose fingerprint
 * is not the current one (a page cached before a deploy, or before the accent changed) gets
 * the current file, cached for a minute only.
 */
export const siteAssets = new Hono<AppEnv>();

siteAssets.get('/assets/:file{site\\.[0-9a-f]+\\.css}', (c) => {
  const sheet = stylesheet(c.var.site.accent);
  const current = c.req.param('file') === `site.${sheet.hash}.css`;
  return send(c, sheet.css, {
    'content-type': 'text/css; charset=utf-8',
    'cache-control': current ? IMMUTABLE : 'public, max-age=60',
    etag: `"${sheet.hash}"`,
    'x-content-type-options': 'nosniff',
  });
});

siteAssets.get('/assets/:file{logo\\.[0-9a-f]+\\.svg}', (c) =>
  send(c, LOGO_SVG, { 'content-type': 'image/svg+xml', 'cache-control': c.req.param('file') === `logo.${LOGO_HASH}.svg` ? IMMUTABLE : 'public, max-age=60', etag: `"${LOGO_HASH}"`, ...SVG_HEADERS }),
);

for (const [path, file] of Object.entries(FILES)) {
  siteAssets.get(path, (c) => send(c, file.body, { 'content-type': file.type, 'cache-control': DAY, etag: file.etag, ...file.headers }));
}
