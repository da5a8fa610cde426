import type { Context } from 'hono';
import { formatInstant } from '../common/i18n/index.ts';
import { listAuditEntries } from './audit-store.ts';
import { type DeskEnv, deskLang, deskStrings } from './desk-auth.ts';
import { deskPage, DeskTable } from './desk-frame.tsx';
import { listTokens } from './token-store.ts';

type C = Context<DeskEnv>;

const when = (c: C, ms: number | null) => (ms === null ? '—' : formatInstant(ms, deskLang(c), c.var.site.timeZone, true));

/** `/desk/tokens` (admins): the API tokens without their secrets: name, scopes, made, expiry, last use. */
export async function tokensPage(c: C): Promise<Response> {
  const t = deskStrings(c);
  const tokens = await listTokens(c.env.DB);
  const table = (
    <DeskTable columns={[t.name, t.scopes, t.created, t.expires, t.lastUsed]}>
      {tokens.map((token) => (
        <tr>
          <td>
            {token.name}
            {token.revokedAt !== null && <span class="muted"> ({t.revoked})</span>}
          </td>
          <td>{token.scopes.join(' ')}</td>
          <td class="nowrap">{when(c, token.createdAt)}</td>
          <td class="nowrap">{when(c, token.expiresAt)}</td>
          <td class="nowrap">{token.lastUsedAt === null ? t.never : when(c, token.lastUsedAt)}</td>
        </tr>
      ))}
    </DeskTable>
  );
  return deskPage(c, 200, t.tokensTitle, [<p>{t.tokensIntro}</p>, tokens.length === 0 ? <p>{t.tokensEmpty}</p> : table], { user: c.var.desk, here: 'tokens' });
}

/** `/desk/audit` (admins): the newest 100 entries of the audit log. */
export async function auditPage(c: C): Promise<Response> {
  const t = deskStrings(c);
  const entries = await listAuditEntries(c.env.DB, { limit: 100 });
  const table = (
    <DeskTable columns={[t.when, t.who, t.action, t.target]}>
      {entries.map((entry) => (
        <tr>
          <td class="nowrap">{when(c, entry.at)}</td>
          <td>{`${entry.actor.name} (${entry.actor.kind})`}</td>
          <td class="nowrap">{entry.action}</td>
          <td>{entry.target ? `${entry.target.kind} ${entry.target.id}` : '—'}</td>
        </tr>
      ))}
    </DeskTable>
  );
  return deskPage(c, 200, t.auditTitle, [<p>{t.auditIntro}</p>, entries.length === 0 ? <p>{t.auditEmpty}</p> : table], { user: c.var.desk, here: 'audit' });
}
