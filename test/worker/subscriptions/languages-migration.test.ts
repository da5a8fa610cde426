import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

/** The subscribers table as migrations 0001 and 0006 left it, before 0008. */
const OLD_SHAPE = `CREATE TABLE subscribers (
  id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'unsubscribed', 'suppressed')),
  frequency TEXT NOT NULL CHECK (frequency IN ('instant', 'daily', 'weekly')),
  topics TEXT NOT NULL DEFAULT '[]', lang TEXT, timezone TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  confirmed_at INTEGER, unsubscribed_at INTEGER, last_seq INTEGER NOT NULL DEFAULT 0, claim_token TEXT, next_due_at INTEGER,
  confirm_day TEXT, confirm_count INTEGER NOT NULL DEFAULT 0, confirm_version INTEGER NOT NULL DEFAULT 0, signed_up_at INTEGER)`;

async function migrateFromOldShape(rows: [string, string | null][], erased: string[] = []): Promise<void> {
  await env.DB.prepare('DROP TABLE subscribers').run();
  await env.DB.prepare('ALTER TABLE editions DROP COLUMN localized').run();
  await env.DB.prepare(OLD_SHAPE).run();
  for (const [email, lang] of rows) {
    await env.DB.prepare("INSERT INTO subscribers (email, status, frequency, topics, lang, timezone, created_at, updated_at, last_seq, confirm_version) VALUES (?1, 'active', 'daily', '[\"data\"]', ?2, 'Asia/Shanghai', 5, 6, 7, 3)").bind(email, lang).run();
  }
  for (const email of erased) await env.DB.prepare('DELETE FROM subscribers WHERE email = ?1').bind(email).run();
  const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0008_'));
  if (!migration) throw new Error('migration 0008 is missing');
  await env.DB.batch(migration.queries.map((sql) => env.DB.prepare(sql)));
}

describe('migration 0008: subscriber languages', () => {
  it('maps every stored language to en, zh or both, and gives Chinese readers a Chinese interface', async () => {
    await migrateFromOldShape([
      ['none@example.org', null],
      ['en@example.org', 'en'],
      ['en-gb@example.org', 'en-GB'],
      ['zh@example.org', 'zh'],
      ['zh-hans@example.org', 'zh-Hans'],
      ['zh-tw@example.org', 'zh-TW'],
      ['fr@example.org', 'fr'],
      ['odd@example.org', 'english'],
    ]);
    const { results } = await env.DB.prepare('SELECT email, lang, ui_lang FROM subscribers ORDER BY id').all();
    expect(results).toEqual([
      { email: 'none@example.org', lang: 'both', ui_lang: 'en' },
      { email: 'en@example.org', lang: 'en', ui_lang: 'en' },
      { email: 'en-gb@example.org', lang: 'en', ui_lang: 'en' },
      { email: 'zh@example.org', lang: 'zh', ui_lang: 'zh' },
      { email: 'zh-hans@example.org', lang: 'zh', ui_lang: 'zh' },
      { email: 'zh-tw@example.org', lang: 'zh', ui_lang: 'zh' },
      { email: 'fr@example.org', lang: 'both', ui_lang: 'en' },
      { email: 'odd@example.org', lang: 'both', ui_lang: 'en' },
    ]);
  });

  it('keeps every other column, and never hands an erased subscriber’s id to a new one', async () => {
    await migrateFromOldShape(
      [
        ['kept@example.org', 'zh'],
        ['erased@example.org', null],
      ],
      ['erased@example.org'],
    );
    expect(await env.DB.prepare("SELECT * FROM subscribers WHERE email = 'kept@example.org'").first()).toMatchObject({ id: 1, status: 'active', frequency: 'daily', topics: '["data"]', timezone: 'Asia/Shanghai', created_at: 5, updated_at: 6, last_seq: 7, confirm_version: 3 });
    const fresh = await env.DB.prepare("INSERT INTO subscribers (email, status, frequency, timezone, created_at, updated_at) VALUES ('new@example.org', 'pending', 'weekly', 'UTC', 1, 1) RETURNING id, lang, ui_lang").first();
    expect(fresh).toEqual({ id: 3, lang: 'both', ui_lang: 'en' });
  });

  it('refuses any other language value from any code path', async () => {
    const insert = (lang: string, ui: string) => env.DB.prepare("INSERT INTO subscribers (email, status, frequency, timezone, created_at, updated_at, lang, ui_lang) VALUES ('x@example.org', 'pending', 'weekly', 'UTC', 1, 1, ?1, ?2)").bind(lang, ui).run();
    await expect(insert('fr', 'en')).rejects.toThrow(/CHECK/);
    await expect(insert('both', 'both')).rejects.toThrow(/CHECK/);
    await expect(insert('zh', 'zh')).resolves.toBeTruthy();
  });
});
