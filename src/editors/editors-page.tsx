import { type Context, Hono } from 'hono';
import { formatInstant } from '../common/i18n/index.ts';
import type { FieldError } from '../common/problem.ts';
import { recordAction } from './audit.ts';
import { checkedForm, type DeskEnv, deskLang, deskStrings } from './desk-auth.ts';
import { DeskForm, deskPage, DeskTable } from './desk-frame.tsx';
import { editorActor } from './editor-actor.ts';
import { editorAddress, parseEditor, ROLES } from './editor-input.ts';
import { deleteEditor, listEditors, upsertEditor } from './editors-store.ts';

type C = Context<DeskEnv>;

/** The editors page: the list (each with a remove button) and one form to add or change an editor. */
async function editorsPage(c: C, status: number, notice: { text: string; error?: boolean } | null, errors: FieldError[] = [], values: Record<string, string> = {}): Promise<Response> {
  const t = deskStrings(c);
  const user = c.var.desk;
  const editors = await listEditors(c.env.DB);
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const Field = (props: { name: string; label: string; type: string; auto: string }) => (
    <label>
      {props.label}
      <input type={props.type} name={props.name} value={values[props.name]} required autocomplete={props.auto} aria-invalid={errorOf(props.name) ? 'true' : undefined} />
      {errorOf(props.name) && <span class="error">{errorOf(props.name)}</span>}
    </label>
  );
  return deskPage(
    c,
    status,
    t.editorsTitle,
    [
      <p>{t.editorsIntro}</p>,
      notice && (
        <p class={notice.error ? 'notice error' : 'notice'} role={notice.error ? 'alert' : 'status'}>
          {notice.text}
        </p>
      ),
      <DeskTable columns={[t.name, t.email, t.role, t.lastSeen, <span class="visually-hidden">{t.remove}</span>]}>
        {editors.map((e) => (
          <tr>
            <td>{e.name}</td>
            <td>{e.email}</td>
            <td class="nowrap">{t.roles[e.role]}</td>
            <td class="nowrap">{e.lastSeenAt === null ? t.never : formatInstant(e.lastSeenAt, deskLang(c), c.var.site.timeZone, true)}</td>
            <td>
              <DeskForm action="/desk/editors/remove" csrf={user.csrf}>
                <input type="hidden" name="email" value={e.email} />
                <button type="submit" aria-label={t.removeLabel(e.email)}>
                  {t.remove}
                </button>
              </DeskForm>
            </td>
          </tr>
        ))}
      </DeskTable>,
      <h2>{t.editorForm}</h2>,
      <p class="muted">{t.editorFormHint}</p>,
      <DeskForm action="/desk/editors" csrf={user.csrf} class="desk-form">
        <Field name="email" label={t.email} type="email" auto="off" />
        <Field name="name" label={t.name} type="text" auto="off" />
        <label>
          {t.role}
          <select name="role">
            {ROLES.map((role) => (
              <option value={role} selected={values.role === role}>
                {t.roles[role]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t.save}</button>
      </DeskForm>,
    ],
    { user, here: 'editors' },
  );
}

/** `/desk/editors` (admins only: the desk's router checks the role). */
export const editorsPages = new Hono<DeskEnv>();

editorsPages.get('/', (c) => editorsPage(c, 200, null));

editorsPages.post('/', async (c) => {
  const fields = await checkedForm(c);
  const values = { email: fields.get('email') ?? '', name: fields.get('name') ?? '', role: fields.get('role') ?? 'editor' };
  const parsed = parseEditor(values);
  const t = deskStrings(c);
  if (!parsed.ok) return editorsPage(c, 400, { text: t.invalid, error: true }, parsed.errors, values);
  const outcome = await upsertEditor(c.env.DB, parsed.value, Date.now());
  if (outcome === 'last-admin') return editorsPage(c, 409, { text: t.lastAdmin, error: true }, [], values);
  await recordAction(c.env.DB, { actor: editorActor(c.var.desk), action: outcome === 'created' ? 'editor.create' : 'editor.update', target: { kind: 'editor', id: parsed.value.email }, detail: { role: parsed.value.role } });
  return editorsPage(c, 200, { text: t.saved(parsed.value.email) });
});

editorsPages.post('/remove', async (c) => {
  const fields = await checkedForm(c);
  const t = deskStrings(c);
  const address = editorAddress(fields.get('email') ?? '');
  if (!address.ok) return editorsPage(c, 400, { text: t.invalid, error: true });
  const outcome = await deleteEditor(c.env.DB, address.email, Date.now());
  if (outcome === 'last-admin') return editorsPage(c, 409, { text: t.lastAdmin, error: true });
  if (outcome === 'deleted') await recordAction(c.env.DB, { actor: editorActor(c.var.desk), action: 'editor.delete', target: { kind: 'editor', id: address.email } });
  return editorsPage(c, 200, { text: t.removed(address.email) });
});
