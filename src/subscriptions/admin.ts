import { Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { readDigestConfig } from '../common/config.ts';
import { deliveryBySubscriber, type SubscriberDelivery } from '../digests/index.ts';
import { nextDueAt } from '../digests/schedule.ts';
import { Problem } from '../common/problem.ts';
import { readBodyText } from '../common/http/json-body.ts';
import type { FieldError } from '../common/problem.ts';
import { latestSeq } from '../reports/index.ts';
import { normalizeAddress } from './address.ts';
import { csvCell, parseCsv, unguardCell } from './csv.ts';
import { importedLanguages, parsePreferences } from './input.ts';
import { importStatement, rowToSubscriber } from './store.ts';
import type { Subscriber } from './types.ts';

/** Admin API for subscribers: list, CSV export and import, erase. */
export const subscriberAdmin = new Hono<AppEnv>();

const STATUSES = ['pending', 'active', 'unsubscribed', 'suppressed'];
/** Largest CSV import. */
const MAX_IMPORT_BYTES = 1024 * 1024;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const NO_DELIVERY: SubscriberDelivery = { delivered: 0, bounced: 0, complained: 0, last: null };

function view(s: Subscriber, delivery: SubscriberDelivery = NO_DELIVERY) {
  return {
    email: s.email,
    status: s.status,
    frequency: s.frequency,
    topics: s.topics,
    lang: s.lang,
    ui_lang: s.uiLang,
    timezone: s.timeZone,
    query: s.query,
    created_at: iso(s.createdAt),
    confirmed_at: iso(s.confirmedAt),
    unsubscribed_at: iso(s.unsubscribedAt),
    next_digest_at: iso(s.nextDueAt),
    // What delivery events said of the emails the service accepted for this subscriber.
    delivery: { delivered: delivery.delivered, bounced: delivery.bounced, complained: delivery.complained, last: delivery.last },
  };
}

/** New columns go at the end: a spreadsheet or script reading the older ones by position keeps working. */
const CSV_COLUMNS = ['email', 'status', 'frequency', 'topics', 'lang', 'timezone', 'created_at', 'confirmed_at', 'last_delivery', 'ui_lang', 'query'] as const;

subscriberAdmin.get('/', async (c) => {
  const status = c.req.query('status');
  if (status !== undefined && !STATUSES.includes(status)) throw new Problem(400, 'status is not one of the subscriber states.', [{ field: 'status', message: `must be one of ${STATUSES.join(', ')}` }]);
  const format = c.req.query('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new Problem(400, 'format must be json or csv.', [{ field: 'format', message: 'must be json or csv' }]);
  const limit = Number(c.req.query('limit') ?? (format === 'csv' ? 100_000 : 100));
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new Problem(400, 'limit must be an integer from 1 to 100000.', [{ field: 'limit', message: 'must be an integer from 1 to 100000' }]);
  const after = Number(c.req.query('after') ?? 0);
  if (!Number.isSafeInteger(after) || after < 0) throw new Problem(400, 'after must be a subscriber cursor.', [{ field: 'after', message: 'must be a next_after from an earlier page' }]);
  const { results } = await c.env.DB
    .prepare('SELECT * FROM subscribers WHERE id > ?1 AND (?2 IS NULL OR status = ?2) ORDER BY id LIMIT ?3')
    .bind(after, status ?? null, limit)
    .all<Record<string, unknown>>();
  const subscribers = results.map(rowToSubscriber);
  const next = subscribers.length === limit ? subscribers[subscribers.length - 1]!.id : null;
  const delivery = subscribers.length === 0 ? new Map<number, SubscriberDelivery>() : await deliveryBySubscriber(c.env.DB, subscribers[0]!.id, subscribers[subscribers.length - 1]!.id);
  if (format === 'csv') {
    const lines = [CSV_COLUMNS.join(','), ...subscribers.map((s) => {
      const v = view(s, delivery.get(s.id));
      return [v.email, v.status, v.frequency, v.topics.join(' '), v.lang, v.timezone, v.created_at, v.confirmed_at, v.delivery.last, v.ui_lang, v.query].map(csvCell).join(',');
    })];
    const headers: Record<string, string> = { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="subscribers.csv"' };
    // A full page may not be the last: the next one starts after its last subscriber.
    if (next !== null) headers.link = `</api/subscribers?format=csv&limit=${limit}&after=${next}${status ? `&status=${status}` : ''}>; rel="next"`;
    return c.body(`${lines.join('\r\n')}\r\n`, 200, headers);
  }
  return c.json({ subscribers: subscribers.map((s) => view(s, delivery.get(s.id))), next_after: next });
});

/** Columns an import reads; the export's other columns (times, delivery state) are ignored. */
const IMPORT_COLUMNS = ['email', 'status', 'frequency', 'topics', 'lang', 'timezone', 'ui_lang', 'query'];
/** What an imported row's `status` may say, and what it becomes (pending: not imported). */
const IMPORT_STATUS: Record<string, 'active' | 'unsubscribed' | 'suppressed' | null> = { '': 'active', active: 'active', unsubscribed: 'unsubscribed', suppressed: 'suppressed', pending: null };

/**
 * Imports subscribers the operator vouches for: each valid row becomes active at once (no
 * confirmation email), from now on (no back catalogue); an existing address is left as it
 * is; each invalid row is reported by line and field, and the valid rows are kept. Takes
 * the file the CSV export writes: its other columns are ignored, its formula guard undone,
 * and its `status` kept (an unsubscribed or suppressed address stays so and is not mailed;
 * a pending one, never confirmed, is not imported).
 */
subscriberAdmin.post('/import', async (c) => {
  if (!/^text\/csv\b/i.test(c.req.header('content-type') ?? '')) throw new Problem(415, 'Send the subscribers as CSV, with "Content-Type: text/csv".');
  const text = await readBodyText(c, MAX_IMPORT_BYTES, 'The CSV is larger than 1 MiB; import it in parts.', 'The CSV is not valid UTF-8.');
  const [header, ...rows] = parseCsv(text);
  const columns = header?.cells.map((cell) => cell.trim().toLowerCase()) ?? [];
  if (!columns.includes('email')) throw new Problem(400, 'The CSV needs a header row with an "email" column.', [{ field: 'email', message: 'column is missing from the header row' }]);
  const unknown = columns.filter((column) => !IMPORT_COLUMNS.includes(column) && !(CSV_COLUMNS as readonly string[]).includes(column));
  if (unknown.length > 0) throw new Problem(400, `Unknown columns: ${unknown.join(', ')}.`, unknown.map((field) => ({ field, message: 'is not a known column' })));
  const now = Date.now();
  const config = readDigestConfig(c.env);
  const seq = await latestSeq(c.env.DB);
  const errors: (FieldError & { line: number })[] = [];
  const statements: D1PreparedStatement[] = [];
  let notImported = 0;
  for (const row of rows) {
    const fields = Object.fromEntries(columns.map((column, i) => [column, unguardCell(row.cells[i] ?? '').trim()]));
    const address = normalizeAddress(fields.email);
    const prefs = parsePreferences(
      { ...fields, topics: (fields.topics ?? '').split(/[\s;]+/).filter(Boolean), ...importedLanguages(fields.lang, fields.ui_lang) },
      { frequency: 'weekly', topics: [], lang: 'both', uiLang: 'en', timeZone: c.var.site.timeZone, query: null },
    );
    const statusText = (fields.status ?? '').toLowerCase();
    const status = IMPORT_STATUS[statusText];
    if (!address.ok) errors.push({ line: row.line, field: 'email', message: address.message });
    if (status === undefined) errors.push({ line: row.line, field: 'status', message: 'must be active, unsubscribed, suppressed, pending or empty (active)' });
    if (!prefs.ok) errors.push(...prefs.errors.map((e) => ({ line: row.line, ...e })));
    if (!address.ok || !prefs.ok || status === undefined) continue;
    if (status === null) {
      notImported += 1;
      continue;
    }
    const p = prefs.value;
    const due = status === 'active' ? nextDueAt(p.frequency, p.timeZone, now, config) : null;
    statements.push(importStatement(c.env.DB, { email: address.email, ...p }, status, now, seq, due));
  }
  let imported = 0;
  for (let i = 0; i < statements.length; i += 100) {
    const results = await c.env.DB.batch(statements.slice(i, i + 100));
    imported += results.reduce((sum, r) => sum + r.meta.changes, 0);
  }
  return c.json({ imported, skipped: statements.length - imported + notImported, errors });
});

/** Erases the address and every ledger row that names it. */
subscriberAdmin.delete('/:email', async (c) => {
  const address = normalizeAddress(c.req.param('email'));
  if (!address.ok) throw new Problem(404, 'No subscriber has this address.');
  const [, deleted] = await c.env.DB.batch([
    c.env.DB.prepare('DELETE FROM sends WHERE subscriber_id IN (SELECT id FROM subscribers WHERE email = ?1)').bind(address.email),
    c.env.DB.prepare('DELETE FROM subscribers WHERE email = ?1').bind(address.email),
  ]);
  if ((deleted?.meta.changes ?? 0) === 0) throw new Problem(404, 'No subscriber has this address.');
  return c.body(null, 204);
});
