/**
 * The media bucket (R2, binding `MEDIA`): one object per file, keyed by the SHA-256 of its
 * bytes and its extension (`<64 hex>.pdf`), so the same file is one object at one URL
 * whatever it was called. Nothing else reads or writes these keys.
 */

/** What a stored file says about itself, beside its bytes. */
export interface StoredMedia {
  key: string;
  type: string;
  bytes: number;
  /** The name it was first uploaded under (cleaned), offered when it is saved. */
  name: string;
  uploaded: Date;
}

function describe(object: R2Object): StoredMedia {
  return {
    key: object.key,
    type: object.httpMetadata?.contentType ?? 'application/octet-stream',
    bytes: object.size,
    name: object.customMetadata?.name ?? object.key,
    uploaded: object.uploaded,
  };
}

/**
 * Keeps `bytes` under `key` unless a file is kept there already: the key is the content's
 * hash, so that file is this one, and nothing is written again. Says whether it wrote.
 */
export async function keepMedia(bucket: R2Bucket, key: string, bytes: Uint8Array, meta: { type: string; name: string }): Promise<{ created: boolean }> {
  if ((await bucket.head(key)) !== null) return { created: false };
  await bucket.put(key, bytes, {
    httpMetadata: { contentType: meta.type },
    customMetadata: { name: meta.name },
    // R2 checks what it received against this: a truncated upload is refused, not stored.
    sha256: key.slice(0, 64),
  });
  return { created: true };
}

/** A kept file's description, or null. */
export async function mediaInfo(bucket: R2Bucket, key: string): Promise<StoredMedia | null> {
  const object = await bucket.head(key);
  return object ? describe(object) : null;
}

/** A kept file with its bytes, or null. */
export async function openMedia(bucket: R2Bucket, key: string): Promise<{ info: StoredMedia; body: ReadableStream } | null> {
  const object = await bucket.get(key);
  return object ? { info: describe(object), body: object.body } : null;
}
