/**
 * Bulk loading of Miniflare's local KV, for seeding large archives fast.
 *
 * Writes through the KV binding cost about 1 ms each in Miniflare (one workerd thread: a
 * blob file and a SQLite transaction per put), and `putReport` makes 2 + topics puts per
 * report, so 100,000 reports would take 6–8 minutes. Instead, the writes are produced by the
 * Worker's real `putReport` against a recording KV (keys, values and metadata exactly as
 * the Worker writes them), then stored the way Miniflare's KV simulator stores entries (one
 * blob file per value, one `_mf_entries` row per key) while Miniflare is stopped. The
 * benchmark checks the result through the KV binding afterwards.
 *
 * Relies on Miniflare 5's on-disk layout (`<root>/kv/<namespace>/blobs/<blob id>` and
 * `<root>/kv/miniflare-KVNamespaceObject/<object>.sqlite`, one object per namespace, created
 * on its first use); it fails loudly if that changes.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';

const MAX_KEY_BYTES = 512;
const MAX_METADATA_BYTES = 1024;

export interface KvWrite {
  key: string;
  value: string;
  metadata: string | null;
}

/**
 * A KVNamespace that records `put`s (all `putReport` does for a new report), and answers
 * `getWithMetadata` from what it recorded: `putReport` reads a month's period key before
 * writing it, so each month is written once, as through the binding.
 */
export function recordingKv(writes: KvWrite[]): KVNamespace {
  const recorded = new Map<string, KvWrite>();
  const kv = {
    async getWithMetadata(key: string) {
      const write = recorded.get(key);
      return write ? { value: write.value, metadata: write.metadata === null ? null : JSON.parse(write.metadata), cacheStatus: null } : { value: null, metadata: null, cacheStatus: null };
    },
    async put(key: string, value: string, options?: { metadata?: unknown }) {
      // The `meta:` markers (last write, last removal) are one key each; the seeding through
      // the binding has written them already.
      if (key.startsWith('meta:')) return;
      if (typeof value !== 'string') throw new Error(`recordingKv: only string values are supported (${key})`);
      if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new Error(`recordingKv: key over ${MAX_KEY_BYTES} bytes: ${key}`);
      const metadata = options?.metadata === undefined ? null : JSON.stringify(options.metadata);
      if (metadata !== null && Buffer.byteLength(metadata) > MAX_METADATA_BYTES) throw new Error(`recordingKv: metadata over ${MAX_METADATA_BYTES} bytes: ${key}`);
      writes.push({ key, value, metadata });
      if (key.startsWith('period:')) recorded.set(key, { key, value, metadata });
    },
  };
  return new Proxy(kv, {
    get(target, prop) {
      if (prop in target) return Reflect.get(target, prop);
      throw new Error(`recordingKv: ${String(prop)} is not supported`);
    },
  }) as unknown as KVNamespace;
}

/** node:sqlite is still "experimental" in Node 22: keep its one-time warning out of the progress log. */
function quietSqliteWarning(): void {
  const listeners = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'ExperimentalWarning' && warning.message.includes('SQLite')) return;
    for (const listener of listeners) listener(warning);
  });
}

function blobId(): string {
  const id = Buffer.alloc(40);
  randomBytes(32).copy(id);
  id.writeBigInt64BE(BigInt(Date.now()), 32);
  return id.toString('hex');
}

/** An open bulk load into the persisted KV namespace `namespace` under `root` (Miniflare stopped). */
export class BulkKvLoader {
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #blobs: string;
  rows = 0;
  bytes = 0;

  private constructor(db: DatabaseSync, blobs: string) {
    this.#db = db;
    this.#blobs = blobs;
    this.#insert = db.prepare('INSERT OR REPLACE INTO _mf_entries (key, blob_id, expiration, metadata) VALUES (?, ?, NULL, ?)');
    db.exec('BEGIN');
  }

  /** The object databases of Miniflare's KV namespaces under `root` (to spot a new one). */
  static objectFiles(root: string): string[] {
    try {
      return readdirSync(join(root, 'kv', 'miniflare-KVNamespaceObject')).filter((name) => name.endsWith('.sqlite') && name !== 'metadata.sqlite');
    } catch {
      return [];
    }
  }

  /** Opens `objectFile` (one of {@link objectFiles}), the database of KV namespace `namespace`. */
  static async open(root: string, namespace: string, objectFile: string): Promise<BulkKvLoader> {
    quietSqliteWarning();
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(join(root, 'kv', 'miniflare-KVNamespaceObject', objectFile));
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_mf_entries'").get();
    if (!table) throw new Error(`bulk load: no _mf_entries table in ${objectFile}: Miniflare changed its KV storage`);
    const blobs = join(root, 'kv', namespace, 'blobs');
    if (!existsSync(blobs)) throw new Error(`bulk load: no blob directory ${blobs}: Miniflare changed its KV storage`);
    return new BulkKvLoader(db, blobs);
  }

  add(write: KvWrite): void {
    const id = blobId();
    writeFileSync(join(this.#blobs, id), write.value);
    this.#insert.run(write.key, id, write.metadata);
    this.rows++;
    this.bytes += Buffer.byteLength(write.value);
  }

  close(): void {
    this.#db.exec('COMMIT');
    this.#db.close();
  }
}
