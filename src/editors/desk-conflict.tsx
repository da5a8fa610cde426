import { catalogue, type Lang } from '../common/i18n/index.ts';
import type { ConflictRow } from './desk-merge.ts';

/**
 * The side-by-side view of a 412: each field of the editor's version beside the stored one,
 * the differing ones marked, with "keep mine" / "take theirs" for each; posting it saves
 * the merge with the stored version's ETag. With or without the desk's script, this is the
 * one merge page: the script hands a 412 to it.
 */
export function ConflictForm(p: { lang: Lang; csrf: string; slug: string; etag: string; mine: Record<string, unknown>; rows: ConflictRow[] }) {
  const t = catalogue(p.lang).deskWriting;
  return (
    <form method="post" action={`/desk/reports/${p.slug}/merge`} class="conflict" id="conflict">
      <input type="hidden" name="csrf" value={p.csrf} />
      <input type="hidden" name="etag" value={p.etag} />
      <input type="hidden" name="mine" value={JSON.stringify(p.mine)} />
      <p role="alert">{t.conflictIntro}</p>
      <div class="desk-scroll">
        <table class="desk-table conflict-table">
          <thead>
            <tr>
              <th scope="col">{t.field}</th>
              <th scope="col">{t.mine}</th>
              <th scope="col">{t.theirs}</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((row) => (
              <tr class={row.differs ? 'differs' : 'same'} data-field={row.field}>
                <th scope="row">
                  {t.fieldNames[row.field] ?? row.field}
                  {!row.differs && <small> ({t.same})</small>}
                </th>
                <td>
                  <pre tabindex={0}>{row.mine}</pre>
                  {row.differs && (
                    <label class="check">
                      <input type="radio" name={`take.${row.field}`} value="mine" checked /> {t.keepMine}
                    </label>
                  )}
                </td>
                <td>
                  <pre tabindex={0}>{row.theirs}</pre>
                  {row.differs && (
                    <label class="check">
                      <input type="radio" name={`take.${row.field}`} value="theirs" /> {t.takeTheirs}
                    </label>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <button type="submit">{t.saveMerged}</button>
      </p>
    </form>
  );
}
