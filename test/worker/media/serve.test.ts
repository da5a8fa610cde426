import { describe, expect, it } from 'vitest';
import { get } from '../support/worker.ts';
import { exports } from 'cloudflare:workers';
import { FILES, form, sha256Hex, upload } from './files.ts';

async function kept(bytes: Uint8Array, name: string): Promise<string> {
  const res = await upload(form(bytes, { name }));
  expect(res.status).toBe(201);
  return new URL(((await res.json()) as Record<string, any>).url).pathname;
}

describe('GET /media/<hash>.<ext>', () => {
  it('serves a kept image with its type, immutable for a year, nosniff, its hash as ETag', async () => {
    const path = await kept(FILES.png, 'chart.png');
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('etag')).toBe(`"${await sha256Hex(FILES.png)}"`);
    expect(res.headers.get('content-length')).toBe(String(FILES.png.byteLength));
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(FILES.png);
  });

  it('shows a PDF in the browser (inline) under the name it was uploaded with', async () => {
    const path = await kept(FILES.pdf, 'C:\\reports\\Annual report 2026 年报.PDF');
    const res = await get(path);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="Annual report 2026 __.pdf"; filename*=UTF-8''Annual%20report%202026%20%E5%B9%B4%E6%8A%A5.pdf`);
  });

  it('answers 304 to a reader that has the file, by ETag or date', async () => {
    const path = await kept(FILES.webp, 'x.webp');
    const first = await get(path);
    const etag = first.headers.get('etag')!;
    const again = await get(path, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await again.text()).toBe('');
    expect((await get(path, { 'if-none-match': `W/${etag}` })).status).toBe(304);
    expect((await get(path, { 'if-modified-since': new Date(Date.now() + 1000).toUTCString() })).status).toBe(200);
    expect((await get(path, { 'if-modified-since': first.headers.get('last-modified')! })).status).toBe(304);
    expect((await get(path, { 'if-none-match': '"another"' })).status).toBe(200);
  });

  it('answers HEAD with the headers and no body', async () => {
    const path = await kept(FILES.gif, 'x.gif');
    const res = await exports.default.fetch(`http://example.test${path}`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(res.headers.get('content-length')).toBe(String(FILES.gif.byteLength));
    expect(res.headers.get('etag')).toBe(`"${await sha256Hex(FILES.gif)}"`);
    expect(await res.text()).toBe('');
  });

  it('answers an unknown file with the 404 page, on GET, HEAD and a conditional GET', async () => {
    const path = `/media/${'0'.repeat(64)}.pdf`;
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await exports.default.fetch(`http://example.test${path}`, { method: 'HEAD' })).status).toBe(404);
    expect((await get(path, { 'if-none-match': `"${'0'.repeat(64)}"` })).status).toBe(404);
  });

  it('answers 404 to names that are not a kept file: another extension, traversal, upper case, a short hash', async () => {
    const path = await kept(FILES.jpg, 'x.jpg');
    const hash = path.slice('/media/'.length, -'.jpg'.length);
    for (const probe of [
      `/media/${hash}.png`,
      `/media/${hash}.svg`,
      `/media/${hash}`,
      `/media/${hash.toUpperCase()}.jpg`,
      `/media/${hash.slice(0, 10)}.jpg`,
      `/media/..%2F..%2F${hash}.jpg`,
      `/media/%2e%2e%2fwrangler.toml`,
      `/media/${hash}.jpg%00.html`,
      `/media/x/${hash}.jpg`,
      '/media/',
    ]) {
      const res = await get(probe);
      expect(res.status, probe).toBe(404);
    }
    expect((await get(path)).status).toBe(200);
  });
});
