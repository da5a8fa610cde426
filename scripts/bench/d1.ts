/**
 * D1 for the benchmark harnesses (bench-only): a counting D1 that tallies every statement,
 * batch and row D1 reports (`meta.rows_read`, `meta.rows_written`, what D1 bills), and the
 * migrations applied through the binding.
 */

/** D1 work of one invocation: statements run (those in batches too), calls made (a batch is one), rows. */
export interface D1Counts {
  statements: number;
  batches: number;
  calls: number;
  rowsRead: number;
  rowsWritten: number;
}

export const newD1Counts = (): D1Counts => ({ statements: 0, batches: 0, calls: 0, rowsRead: 0, rowsWritten: 0 });

function tally(counts: D1Counts, meta: { rows_read?: number; rows_written?: number } | undefined): void {
  counts.rowsRead += meta?.rows_read ?? 0;
  counts.rowsWritten += meta?.rows_written ?? 0;
}

/** A prepared statement that tallies what it costs; `first()` goes through `all()` so its rows are seen. */
class CountingStatement {
  readonly inner: D1PreparedStatement;
  private readonly counts: D1Counts;
  constructor(inner: D1PreparedStatement, counts: D1Counts) {
    this.inner = inner;
    this.counts = counts;
  }
  bind(...values: unknown[]): CountingStatement {
    return new CountingStatement(this.inner.bind(...values), this.counts);
  }
  async all<T>(): Promise<D1Result<T>> {
    const result = await this.inner.all<T>();
    this.counts.statements += 1;
    this.counts.calls += 1;
    tally(this.counts, result.meta);
    return result;
  }
  async run<T>(): Promise<D1Result<T>> {
    const result = await this.inner.run<T>();
    this.counts.statements += 1;
    this.counts.calls += 1;
    tally(this.counts, result.meta);
    return result;
  }
  async first<T>(column?: string): Promise<T | null> {
    const row = (await this.all<Record<string, unknown>>()).results[0];
    if (row === undefined) return null;
    return (column === undefined ? row : (row[column] ?? null)) as T | null;
  }
  raw(): never {
    throw new Error('raw() is not counted by the benchmark harness');
  }
}

/** Wraps `db` so every statement, batch and row read or written is tallied in `counts`. */
export function countingD1(db: D1Database, counts: D1Counts): D1Database {
  const wrapper = {
    prepare: (sql: string) => new CountingStatement(db.prepare(sql), counts),
    async batch<T>(statements: CountingStatement[]): Promise<D1Result<T>[]> {
      const results = await db.batch<T>(statements.map((s) => s.inner));
      counts.batches += 1;
      counts.calls += 1;
      counts.statements += statements.length;
      for (const result of results) tally(counts, result.meta);
      return results;
    },
    exec: () => {
      throw new Error('exec() is not counted by the benchmark harness');
    },
  };
  return wrapper as unknown as D1Database;
}

/** The migration file's statements, without comments, in one batch. */
export async function migrate(db: D1Database, sql: string): Promise<Response> {
  const statements = sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  await db.batch(statements.map((s) => db.prepare(s)));
  return Response.json({ statements: statements.length });
}
