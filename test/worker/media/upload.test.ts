import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { api } from '../support/worker.ts';
import { SITE } from '../support/site.ts';
import { FILES, form, keptKeys, REFUSED, sha256Hex, upload } from './files.ts';

const TYPES = { png: 'image/png', gif: 'image/gif', webp: 'image/webp', jpg: 'image/jpeg', pdf: 'application/pdf' } as const;

async function problemFields(res: Response): Promise<string[]> {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (((await res.json()) as Record<string, any>) as { errors?: { field: string }[] }).errors?.map((e) => e.field) ?? [];
}

describe('POST /api/media', () => {
  it.each(Object.keys(TYPES) as (keyof typeof TYPES)[])('keeps a %s by its first bytes, under its content hash, and says where it is served', async (ext) => {
    // Named and declared as something else: the bytes decide.
    const res = await upload(form(FILES[ext], { name: 'upload.bin', type: 'application/octet-stream' }));
    expect(res.status).toBe(201);
    const hash = await sha256Hex(FILES[ext]);
    const url = `${SITE}/media/${hash}.${ext}`;
    const body = await res.json();
    const image = ext !== 'pdf';
    expect(body).toEqual({ url, type: TYPES[ext], bytes: FILES[ext].byteLength, ...(image ? { alt: 'A description of the image' } : {}) });
    expect(res.headers.get('location')).toBe(url);
    expect(await keptKeys()).toEqual([`${hash}.${ext}`]);
    const object = await env.MEDIA.get(`${hash}.${ext}`);
    expect(object?.httpMetadata?.contentType).toBe(TYPES[ext]);
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(FILES[ext]);
  });

  it.each(Object.entries(REFUSED))('refuses %s with 415, even named .png and declared image/png, and keeps nothing', async (_what, bytes) => {
    const res = await upload(form(bytes, { name: 'innocent.png', type: 'image/png' }));
    expect(res.status).toBe(415);
    expect(await problemFields(res)).toEqual(['file']);
    expect(await keptKeys()).toEqual([]);
  });

  it('gives the same file the same URL, and the second upload writes nothing', async () => {
    const first = await upload(form(FILES.pdf, { name: 'Annual report.pdf' }));
    expect(first.status).toBe(201);
    const before = await env.MEDIA.head((await keptKeys())[0]!);
    const second = await upload(form(FILES.pdf, { name: 'copy.pdf' }));
    expect(second.status).toBe(200);
    expect(((await second.json()) as Record<string, any>).url).toBe(((await first.json()) as Record<string, any>).url);
    expect(await keptKeys()).toHaveLength(1);
    const after = await env.MEDIA.head((await keptKeys())[0]!);
    expect(after!.uploaded.getTime()).toBe(before!.uploaded.getTime());
    expect(after!.customMetadata).toEqual(before!.customMetadata);
  });

  it('refuses a file over 10 MiB with 413 and keeps nothing', async () => {
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(FILES.pdf);
    const res = await upload(form(big, { name: 'big.pdf', type: 'application/pdf' }));
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await keptKeys()).toEqual([]);
  });

  it('refuses a file just over 10 MiB whose form fits the declared-length allowance, after reading it', async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(FILES.pdf);
    const res = await upload(form(big, { name: 'big.pdf' }));
    expect(res.status).toBe(413);
    expect(await problemFields(res)).toEqual(['file']);
  });

  it('keeps a file of exactly 10 MiB', async () => {
    const big = new Uint8Array(10 * 1024 * 1024);
    big.set(FILES.pdf);
    const res = await upload(form(big, { name: 'big.pdf' }));
    expect(res.status).toBe(201);
    expect(((await res.json()) as Record<string, any>).bytes).toBe(10 * 1024 * 1024);
  });

  it('refuses on the declared length alone, before reading the body', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const res = await upload(body, { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(11 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it('stops reading a body sent without a length once it passes the limit, never buffering it all', async () => {
    let sent = 0;
    const chunk = new Uint8Array(1024 * 1024);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // An endless body: without the count it would never end.
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await upload(body, { 'content-type': 'multipart/form-data; boundary=x' });
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(20 * 1024 * 1024);
  });

  it('refuses an image without alt text with 400 naming alt', async () => {
    const res = await upload(form(FILES.png, { alt: null }));
    expect(res.status).toBe(400);
    expect(await problemFields(res)).toEqual(['alt']);
    expect(await keptKeys()).toEqual([]);
  });

  it.each([
    ['empty', '   '],
    ['a line break', 'A chart\nof growth'],
    ['a control character', 'A chart\u0007'],
    ['301 characters', 'a'.repeat(301)],
  ])('refuses alt text that is %s (400 naming alt)', async (_what, alt) => {
    const res = await upload(form(FILES.jpg, { alt }));
    expect(res.status).toBe(400);
    expect(await problemFields(res)).toEqual(['alt']);
  });

  it('takes alt text of 300 characters in any script, trimmed', async () => {
    const alt = `${'网'.repeat(290)}🇨🇳 عربي`.slice(0, 300);
    const res = await upload(form(FILES.gif, { alt: `  ${alt}  ` }));
    expect(res.status).toBe(201);
    expect(((await res.json()) as Record<string, any>).alt).toBe(alt);
  });

  it('needs no alt text for a PDF', async () => {
    const res = await upload(form(FILES.pdf, { alt: null }));
    expect(res.status).toBe(201);
    expect((await res.json()) as Record<string, any>).not.toHaveProperty('alt');
  });

  it('refuses a form without a file with 400 naming file, also when file is text', async () => {
    expect(await problemFields(await upload(form(null)))).toEqual(['file']);
    const res = await upload(form(null, { extra: { file: 'not a file' } }));
    expect(res.status).toBe(400);
    expect(await problemFields(res)).toEqual(['file']);
  });

  it('refuses an empty file (400) and a body that is not a form (415, 400)', async () => {
    expect(await problemFields(await upload(form(new Uint8Array(0))))).toEqual(['file']);
    expect((await upload(JSON.stringify({ file: 'x' }), { 'content-type': 'application/json' })).status).toBe(415);
    const broken = await upload('--x\r\nnot a part', { 'content-type': 'multipart/form-data; boundary=x' });
    expect(broken.status).toBe(400);
  });

  it('is behind the admin token', async () => {
    expect((await api('POST', '/media', undefined, null)).status).toBe(401);
    expect((await api('POST', '/media', undefined, 'wrong-token-of-at-least-32-bytes!!')).status).toBe(401);
    expect(await keptKeys()).toEqual([]);
  });
});
