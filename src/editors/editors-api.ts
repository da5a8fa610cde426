import { Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { readJsonBody } from '../common/http/json-body.ts';
import { Problem } from '../common/problem.ts';
import { editorAddress, parseEditor } from './editor-input.ts';
import { deleteEditor, type Editor, editorByEmail, listEditors, upsertEditor } from './editors-store.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** An editor as the API shows them. */
export const editorView = (e: Editor) => ({ email: e.email, name: e.name, role: e.role, created_at: iso(e.createdAt), last_seen_at: iso(e.lastSeenAt) });

const LAST_ADMIN = new Problem(409, 'The last admin cannot be removed or made an editor: make another admin first.', [{ field: 'role', message: 'the desk must keep one admin' }]);

/**
 * Admin API for editors (the owner token or an admin editor, see `API_ROUTES`): list them,
 * create or change one (`{ email, name, role }`), remove one (their sessions end with them).
 */
export const editorAdmin = new Hono<AppEnv>();

editorAdmin.get('/', async (c) => c.json({ editors: (await listEditors(c.env.DB)).map(editorView) }));

/** Creates (201) or changes (200) an editor by address. */
editorAdmin.post('/', async (c) => {
  const parsed = parseEditor(await readJsonBody(c));
  if (!parsed.ok) throw new Problem(400, 'The editor has invalid fields.', parsed.errors);
  const outcome = await upsertEditor(c.env.DB, parsed.value, Date.now());
  if (outcome === 'last-admin') throw LAST_ADMIN;
  const editor = (await editorByEmail(c.env.DB, parsed.value.email))!;
  return c.json(editorView(editor), outcome === 'created' ? 201 : 200);
});

/** Removes an editor and ends their sessions at once (204); never the last admin (409). */
editorAdmin.delete('/:email', async (c) => {
  const address = editorAddress(c.req.param('email'));
  if (!address.ok) throw new Problem(400, `The address ${address.message}.`, [{ field: 'email', message: address.message }]);
  const outcome = await deleteEditor(c.env.DB, address.email, Date.now());
  if (outcome === 'missing') throw new Problem(404, `No editor has the address "${address.email}".`);
  if (outcome === 'last-admin') throw LAST_ADMIN;
  return c.body(null, 204);
});
