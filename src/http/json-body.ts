import type { Context } from 'hono';
import { Problem } from '../problem.ts';

/** Largest request body the admin API accepts. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

async function readLimited(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new Problem(413, `The request body is larger than ${limit} bytes (1 MiB).`);
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
 * The request's JSON body: 415 unless the media type is JSON, 413 past 1 MiB (checked on
 * the declared length and again while reading), 400 when it is not valid UTF-8 JSON.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!JSON_TYPE.test(type)) throw new Problem(415, 'Send the report as JSON, with "Content-Type: application/json".');
  const declared = Number(c.req.header('content-length'));
  if (declared > MAX_REQUEST_BYTES) throw new Problem(413, `The request body is larger than ${MAX_REQUEST_BYTES} bytes (1 MiB).`);
  const bytes = c.req.raw.body ? await readLimited(c.req.raw.body, MAX_REQUEST_BYTES) : new Uint8Array();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new Problem(400, 'The request body is not valid UTF-8.', [{ field: '(body)', message: 'must be UTF-8 text' }]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Problem(400, `The request body is not valid JSON: ${(error as Error).message}`, [{ field: '(body)', message: 'must be valid JSON' }]);
  }
}
