import type { Context } from 'hono';
import { Problem } from '../problem.ts';

/** Largest request body the admin API accepts. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

async function readLimited(body: ReadableStream<Uint8Array>, limit: number, tooLarge: string): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new Problem(413, tooLarge);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The request body's bytes, at most `limit`: 413 with `tooLarge` past it, refused on the
 * declared length before anything is read and counted again while reading (a body sent
 * without a length, or with a false one), so nothing larger is ever buffered.
 */
export async function readBodyBytes(c: Context, limit: number, tooLarge: string): Promise<Uint8Array> {
  if (Number(c.req.header('content-length')) > limit) throw new Problem(413, tooLarge);
  return c.req.raw.body ? readLimited(c.req.raw.body, limit, tooLarge) : new Uint8Array();
}

/**
 * The request body as UTF-8 text, at most `limit` bytes: 413 with `tooLarge` past it
 * (see {@link readBodyBytes}), 400 with `notUtf8` when it is not valid UTF-8.
 */
export async function readBodyText(c: Context, limit: number, tooLarge: string, notUtf8 = 'The request body is not valid UTF-8.'): Promise<string> {
  const bytes = await readBodyBytes(c, limit, tooLarge);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new Problem(400, notUtf8, [{ field: '(body)', message: 'must be UTF-8 text' }]);
  }
}

/**
 * The request's JSON body: 415 unless the media type is JSON, 413 past 1 MiB (checked on
 * the declared length and again while reading), 400 when it is not valid UTF-8 JSON.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!JSON_TYPE.test(type)) throw new Problem(415, 'Send the report as JSON, with "Content-Type: application/json".');
  const text = await readBodyText(c, MAX_REQUEST_BYTES, `The request body is larger than ${MAX_REQUEST_BYTES} bytes (1 MiB).`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Problem(400, `The request body is not valid JSON: ${(error as Error).message}`, [{ field: '(body)', message: 'must be valid JSON' }]);
  }
}
