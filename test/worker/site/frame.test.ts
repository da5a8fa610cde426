import { describe, expect, it } from 'vitest';
import { contrast, DARK_BACKGROUND, LIGHT_BACKGROUND, accentPalette } from '../../../src/site/colour.ts';
import { create, get, withEnv } from '../support/worker.ts';
import { SITE } from '../support/site.ts';

const STYLESHEET = /<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]+\.css)"\/>/;

/** The stylesheet address a page links. */
function stylesheetOf(html: string): string {
  const match = STYLESHEET.exec(html);
  if (!match) throw new Error('the page links no stylesheet');
  return match[1]!;
}

/** The links of the navigation labelled `label`, as [text, href, aria-current]. */
function navLinks(html: string, label: string): [string, string, string | null][] {
  const nav = new RegExp(`<nav class="sections" aria-label="${label}"><ul>([\\s\\S]*?)</ul></nav>`).exec(html);
  if (!nav) throw new Error(`no navigation labelled ${label}`);
  return [...nav[1]!.matchAll(/<a href="([^"]+)"(?: aria-current="([^"]+)")?>([^<]+)<\/a>/g)].map((m) => [m[3]!, m[1]!, m[2] ?? null]);
}

describe('the stylesheet', () => {
  it('is one fingerprinted file, cached for a year as immutable, with an ETag that answers 304', async () => {
    const path = stylesheetOf(await (await get('/')).text());
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    const css = await res.text();
    // The parts assembled in order, the accent's palette first.
    expect(css).toMatch(/^:root\{--accent-light:#8c1d18;--accent-dark:#[0-9a-f]{6};/);
    expect(css).toContain('.masthead');
    expect(css).toContain('form.subscribe');
    expect(css).toContain('.follow-copy');
    expect(css).toContain('"PingFang SC"');
    expect(css).toContain('"WenQuanYi Micro Hei"');
    expect(css).toContain('prefers-color-scheme: dark');
    const again = await get(path, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
  });

  it('is linked from every kind of page, which carries no style element of its own', async () => {
    const report = await create({ topics: ['sovereignty'], event: { kind: 'forum', name: 'A forum', start: '2030-01-02' } });
    const pages = ['/', '/zh/', '/topics/sovereignty', `/reports/${report.slug}`, '/events', '/zh/events', '/archive', '/subscribe', '/zh/subscribe', '/digests', '/follow', '/zh/follow', '/topics', '/zh/topics', '/no/such/page'];
    const paths = new Set<string>();
    for (const page of pages) {
      const html = await (await get(page)).text();
      paths.add(stylesheetOf(html));
      expect(html, page).not.toContain('<style');
    }
    expect(paths.size).toBe(1);
  });

  it('takes the accent from SITE_ACCENT, darkened where it would be too light to read on white', async () => {
    const html = await (await withEnv({ SITE_ACCENT: '#ffcc00' }, '/follow')).text();
    expect(html).toContain('<meta name="theme-color" content="#ffcc00"/>');
    const path = stylesheetOf(html);
    expect(path).not.toBe(stylesheetOf(await (await get('/follow')).text()));
    const css = await (await withEnv({ SITE_ACCENT: '#ffcc00' }, path)).text();
    const light = /--accent-light:(#[0-9a-f]{6})/.exec(css)![1]!;
    const dark = /--accent-dark:(#[0-9a-f]{6})/.exec(css)![1]!;
    expect(contrast(light, LIGHT_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(dark, DARK_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps readable accents as they are, and makes any accent readable in light and dark', () => {
    expect(accentPalette('#8c1d18').light).toBe('#8c1d18');
    for (const accent of ['#000000', '#ffffff', '#0b57d0', '#00ff00', '#8c1d18', '#1a1a1a']) {
      const palette = accentPalette(accent);
      expect(contrast(palette.light, LIGHT_BACKGROUND), accent).toBeGreaterThanOrEqual(4.5);
      expect(contrast(palette.dark, DARK_BACKGROUND), accent).toBeGreaterThanOrEqual(4.5);
      expect(contrast(palette.onLight, palette.light), accent).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('serves an address of an older stylesheet the current one, cached for a minute only', async () => {
    const res = await get('/assets/site.0123456789ab.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(await res.text()).toContain('.masthead');
  });
});

describe('the masthead and footer', () => {
  const SECTIONS_EN = [
    ['Reports', `${SITE}/`],
    ['Events', `${SITE}/events`],
    ['Topics', `${SITE}/topics`],
    ['Archive', `${SITE}/archive`],
    ['Newsletter', `${SITE}/subscribe`],
    ['Follow', `${SITE}/follow`],
  ];
  const SECTIONS_ZH = [
    ['报道', `${SITE}/zh/`],
    ['活动', `${SITE}/zh/events`],
    ['主题', `${SITE}/zh/topics`],
    ['归档', `${SITE}/zh/archive`],
    ['简报', `${SITE}/zh/subscribe`],
    ['关注', `${SITE}/zh/follow`],
  ];

  it('shows the six sections in the masthead and the footer, in English and in Chinese', async () => {
    const en = await (await get('/archive')).text();
    expect(navLinks(en, 'Sections').map(([text, href]) => [text, href])).toEqual(SECTIONS_EN);
    expect(navLinks(en, 'Sections \\(footer\\)').map(([text, href]) => [text, href])).toEqual(SECTIONS_EN);
    const zh = await (await get('/zh/archive')).text();
    expect(navLinks(zh, '栏目').map(([text, href]) => [text, href])).toEqual(SECTIONS_ZH);
    expect(navLinks(zh, '栏目（页脚）').map(([text, href]) => [text, href])).toEqual(SECTIONS_ZH);
  });

  it('marks the section a page is in: its own page as the page, a page under it as in it', async () => {
    await create({ topics: ['sovereignty'], event: { kind: 'forum', name: 'A forum', start: '2030-01-02' } });
    const current = async (path: string) => navLinks(await (await get(path)).text(), path.startsWith('/zh') ? '栏目' : 'Sections').filter(([, , mark]) => mark);
    expect(await current('/events')).toEqual([['Events', `${SITE}/events`, 'page']]);
    expect(await current('/topics/sovereignty')).toEqual([['Topics', `${SITE}/topics`, 'true']]);
    expect(await current('/zh/topics/sovereignty/events')).toEqual([['活动', `${SITE}/zh/events`, 'true']]);
    expect(await current('/archive')).toEqual([['Archive', `${SITE}/archive`, 'page']]);
    expect(await current('/zh/follow')).toEqual([['关注', `${SITE}/zh/follow`, 'page']]);
    expect(await current('/')).toEqual([['Reports', `${SITE}/`, 'page']]);
  });

  it('opens with a skip link to the content, and names the site in its language', async () => {
    const en = await (await get('/')).text();
    expect(en).toMatch(/<body><a class="skip" href="#content">Skip to content<\/a>/);
    expect(en).toContain('<main id="content" tabindex="-1">');
    expect(en).toContain(`<a class="brand wordmark" href="${SITE}/">Herald</a>`);
    const zh = await (await get('/zh/')).text();
    expect(zh).toContain('<a class="skip" href="#content">跳到正文</a>');
    expect(zh).toContain(`<a class="brand wordmark" href="${SITE}/zh/">Herald 网络空间治理报道</a>`);
  });

  it('leads the footer’s follow link to /follow, not to raw feeds, while the head keeps autodiscovery', async () => {
    await create();
    const html = await (await get('/')).text();
    const footer = html.slice(html.indexOf('<footer'));
    expect(footer).toContain(`href="${SITE}/follow"`);
    expect(footer).not.toMatch(/href="[^"]*\.(xml|json|ics)"/);
    expect(html).toContain(`<link rel="alternate" type="application/rss+xml" title="Reports in English (RSS)" href="${SITE}/en/feed.xml"/>`);
  });

  it('shows the bundled logo with SITE_LOGO=svg, sized so nothing moves when it loads', async () => {
    const html = await (await withEnv({ SITE_LOGO: 'svg' }, '/')).text();
    const img = /<a class="brand" href="[^"]+" aria-label="Herald: home"><img src="(\/assets\/logo\.[0-9a-f]+\.svg)" alt="Herald" width="(\d+)" height="40"\/><\/a>/.exec(html);
    expect(img).not.toBeNull();
    expect(Number(img![2])).toBeGreaterThan(40);
    const logo = await get(img![1]!);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/svg+xml');
    expect(logo.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(logo.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await logo.text()).toContain('<svg');
  });

  it('refuses a SITE_LOGO it does not know, naming it', async () => {
    const res = await withEnv({ SITE_LOGO: 'png' }, '/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('SITE_LOGO');
  });
});

describe('icons', () => {
  it('links and serves the favicon as SVG and ICO, and a 180 × 180 touch icon', async () => {
    const html = await (await get('/')).text();
    expect(html).toContain('<link rel="icon" href="/favicon.ico" sizes="48x48"/>');
    expect(html).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>');
    expect(html).toContain('<link rel="apple-touch-icon" href="/apple-touch-icon.png"/>');

    const svg = await get('/favicon.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(await svg.text()).toContain('<svg');

    const ico = await get('/favicon.ico');
    expect(ico.headers.get('content-type')).toBe('image/x-icon');
    const icoBytes = new DataView(await ico.arrayBuffer());
    expect([icoBytes.getUint16(0, true), icoBytes.getUint16(2, true)]).toEqual([0, 1]); // an icon file
    expect(icoBytes.getUint16(4, true)).toBeGreaterThanOrEqual(1);

    const png = await get('/apple-touch-icon.png');
    expect(png.headers.get('content-type')).toBe('image/png');
    const etag = png.headers.get('etag')!;
    const bytes = new DataView(await png.arrayBuffer());
    expect(bytes.getUint32(0)).toBe(0x89504e47); // PNG signature
    expect([bytes.getUint32(16), bytes.getUint32(20)]).toEqual([180, 180]); // IHDR width and height
    expect((await get('/apple-touch-icon.png', { 'if-none-match': etag })).status).toBe(304);
  });
});
