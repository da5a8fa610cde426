import type { Context } from 'hono';
import { readBodyBytes } from '../common/http/json-body.ts';
import { Problem } from '../common/problem.ts';
import { hasForbiddenChar } from '../reports/text.ts';
import { kindOf, type MediaKind } from './kinds.ts';

/** The largest file Herald keeps: 10 MiB. */
export const MAX_MEDIA_BYTES = 10 * 1024 * 1024;

/** Room for the multipart framing, the file's part headers and `alt` around the file itself. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** The most characters alt text may have: a sentence or two, as screen readers read it. */
export const MAX_ALT_CHARS = 300;

const TOO_LARGE = `The file is larger than ${MAX_MEDIA_BYTES} bytes (10 MiB).`;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** One file as uploaded: its bytes, what they are, the name it was sent under, and its alt text (images only). */
export interface Upload {
  bytes: Uint8Array;
  kind: MediaKind;
  name: string;
  alt?: string;
}

/**
 * Reads `POST /api/media`: `multipart/form-data` with `file` and, for an image, `alt`.
 * Never buffers more than the largest file and its form: the declared length is refused
 * first, the body counted while it is read (413). The file's kind is its first bytes'
 * (415 for anything else, whatever its name or declared type say); an image needs alt text
 * of 1 to 300 characters without control characters (400 naming `alt`).
 */
export async function readUpload(c: Context): Promise<Upload> {
  const contentType = c.req.header('content-type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw new Problem(415, 'Send the file as multipart/form-data, with the file in a field named "file".', [{ field: '(body)', message: 'must be multipart/form-data' }]);
  }
  const body = await readBodyBytes(c, MAX_MEDIA_BYTES + FORM_OVERHEAD_BYTES, TOO_LARGE);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new Problem(400, 'The request body is not a valid multipart/form-data form.', [{ field: '(body)', message: 'must be a multipart/form-data form' }]);
  }
  const file = form.get('file');
  if (file === null || typeof file === 'string') throw new Problem(400, 'The form has no file.', [{ field: 'file', message: 'is required: the file to upload, as a file part' }]);
  if (file.size > MAX_MEDIA_BYTES) throw new Problem(413, TOO_LARGE, [{ field: 'file', message: `must be at most ${MAX_MEDIA_BYTES} bytes` }]);
  if (file.size === 0) throw new Problem(400, 'The file is empty.', [{ field: 'file', message: 'must not be empty' }]);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const kind = kindOf(bytes.subarray(0, 16));
  if (!kind) {
    throw new Problem(415, 'Only PNG, JPEG, WebP and GIF images and PDF documents can be uploaded; the file is none of them (its content decides, not its name or type).', [
      { field: 'file', message: 'must be a PNG, JPEG, WebP or GIF image or a PDF' },
    ]);
  }
  const upload: Upload = { bytes, kind, name: file.name };
  if (kind.image) upload.alt = altText(form.get('alt'));
  return upload;
}

/** An image's alt text, checked: present, one line, 1 to {@link MAX_ALT_CHARS} characters. */
function altText(value: File | string | null): string {
  const fail = (message: string) => new Problem(400, 'An image needs alt text, a description for readers who cannot see it.', [{ field: 'alt', message }]);
  if (value === null) throw fail('is required for an image');
  if (typeof value !== 'string') throw fail('must be text, not a file');
  const alt = value.trim();
  if (alt === '') throw fail('must not be empty');
  if (CONTROL.test(alt) || hasForbiddenChar(alt)) throw fail('must not contain control characters, line breaks, non-characters or unpaired surrogates');
  if ([...alt].length > MAX_ALT_CHARS) throw fail(`must be at most ${MAX_ALT_CHARS} characters`);
  return alt;
}
