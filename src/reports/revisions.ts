import { Problem } from '../common/problem.ts';
import { claimRevisions, type NewRevision, revisionHead, type RevisionContent, type RevisionEntry, type RevisionKind } from './revisions-store.ts';
import type { Report, ReportSource } from './schema.ts';

/**
 * The write path's history and its precondition: every write that changes a report claims
 * the next revision in D1 before it touches KV, and that claim is where two writers are
 * told apart.
 *
 * Why D1 first, then KV: the claim (a primary key, `INSERT … ON CONFLICT DO NOTHING`) is the
 * one atomic step a write has, so it must gate the KV write; a writer that loses it has
 * written nothing. A crash between the two leaves a revision whose report never reached KV:
 * the edit is still in the history (listed, not current, restorable), which is the point
 * of the history; the reverse order could store a change with no revision, and let the
 * loser of a race overwrite the winner.
 */

/** The precondition a write carries: none (scripts), `*` (the report must exist) or the entity tags it may replace. */
export type IfMatch = undefined | '*' | string[];

/**
 * How long a claimed revision that KV does not show yet is taken for a write in flight (its
 * KV write about to land, or landed at another location that this one's KV lags behind):
 * while it is, it is the current version. Older, it is a write that crashed after its claim,
 * and the stored report is current again, so a stale claim cannot refuse every write.
 */
export const CLAIM_SETTLE_MS = 60_000;

/** How many times a write without If-Match claims again after another writer took its number. */
const CLAIM_ATTEMPTS = 5;

/** The strong entity tag of a stored report: its content hash, so it changes with every change and only then. */
export const etagOf = (hash: string) => `"${hash}"`;

/** Where a stored report comes from: one stored before `source` existed was written by the content sync or a script, so 'file'. */
export const sourceOf = (report: { source?: ReportSource }): ReportSource => report.source ?? 'file';

/** A stored report as its editor wrote it: the input fields, without what the server keeps. */
export function contentOf(report: Report): RevisionContent {
  const { id: _id, created: _created, updated: _updated, hash: _hash, rendered: _rendered, ...content } = report;
  return content;
}

/** The revision that records `report` (a write of it, or its deletion), made by `author` ('owner' when not told). */
export function revisionOf(report: Report, kind: RevisionKind, author = 'owner', restoredFrom: number | null = null): Omit<NewRevision, 'at'> {
  return { author, kind, restoredFrom, hash: report.hash, title: report.title, source: sourceOf(report), content: contentOf(report) };
}

const TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;

/** Reads an `If-Match` header; a malformed one is a 400 naming it. Weak tags never match (RFC 9110 compares strongly). */
export function parseIfMatch(header: string | undefined): IfMatch {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return '*';
  const tags = value.split(',').map((part) => part.trim()).filter((part) => part !== '');
  const parsed = tags.map((tag) => TAG.exec(tag));
  if (tags.length === 0 || parsed.some((match) => match === null)) {
    throw new Problem(400, 'If-Match must be "*" or the ETag of the report, quoted as the ETag header gives it.', [{ field: 'If-Match', message: 'must be * or one or more quoted entity tags, e.g. "3f2a…"' }]);
  }
  return parsed.flatMap((match) => (match![1] ? [] : [match![2]!]));
}

/**
 * The hash a write's If-Match must name (null: no report is there). The stored report's,
 * unless the newest revision is a claim KV does not show yet and younger than
 * {@link CLAIM_SETTLE_MS}: then that write is the current version.
 */
export function currentHash(stored: Report | null, head: RevisionEntry | null, now: number): string | null {
  const storedHash = stored?.hash ?? null;
  if (!head) return storedHash;
  const headHash = head.kind === 'delete' ? null : head.hash;
  if (headHash !== storedHash && now - head.at < CLAIM_SETTLE_MS) return headHash;
  return storedHash;
}

/** Refuses the write with 412 (nothing changed) when `ifMatch` does not name `current`. */
export function checkPrecondition(ifMatch: IfMatch, current: string | null): void {
  if (ifMatch === undefined) return;
  if (current !== null && (ifMatch === '*' || ifMatch.includes(current))) return;
  const detail = current === null ? 'The report does not exist (any more): nothing was changed.' : 'The report was changed since you read it: nothing was changed. Read it again (its ETag is in this answer), merge, and send the write with the new ETag.';
  throw new Problem(412, detail, [{ field: 'If-Match', message: current === null ? 'names a report that is not there' : 'is not the current ETag' }], current === null ? {} : { etag: etagOf(current) });
}

/** A write about to change the report at `slug`: what it stored before, what it carries and who makes it. */
export interface Claim {
  slug: string;
  stored: Report | null;
  ifMatch: IfMatch;
  now: number;
  revision: Omit<NewRevision, 'at'>;
}

/**
 * Checks the write's precondition against the current version and claims the next revision
 * for it; returns the claimed number. With If-Match, losing the claim to another writer is
 * a 412 (of two writers sending the same If-Match, exactly one gets through); without, the write claims the next free number (last write wins, as scripts
 * expect). A report stored before revisions existed gets its stored version kept first, as
 * revision 1 ('baseline'), so its first change loses nothing either.
 */
export async function claimWrite(db: D1Database, claim: Claim): Promise<number> {
  const { slug, stored, ifMatch, now } = claim;
  for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
    const head = await revisionHead(db, slug);
    checkPrecondition(ifMatch, currentHash(stored, head, now));
    const rows: NewRevision[] = [];
    if (!head && stored) rows.push({ ...revisionOf(stored, 'baseline', 'unknown'), at: Date.parse(stored.updated) });
    rows.push({ ...claim.revision, at: now });
    if (await claimRevisions(db, slug, head?.n ?? 0, rows)) return (head?.n ?? 0) + rows.length;
    // Another writer claimed that number first. Read the head again: its claim is now the
    // current version, so a write with If-Match is refused (412, naming its ETag) and one
    // without claims the number after it.
  }
  throw new Problem(409, 'Other writes to this report kept taking its next revision: nothing was changed; send it again.', [{ field: 'slug', message: 'is being written by others right now' }]);
}
