/**
 * What other capabilities may use of the report store and of the became-public record:
 * they read reports and publications through these functions, never through keys or tables.
 */
export { affectedScopes, getReport, lastChanges, listIndex, newestVisible, stillListed, writtenSince } from './store.ts';
export { isPublicAt, KV_SETTLE_MS, latestAnnouncedSeq, latestSeq, loadPublic, publicAtOf, publicationOf, publicationsAfter, publicationsBetween, publicationsBySeq, publicationsSince, readPublished } from './publications-store.ts';
export type { Publication, PublicReport, QuietReason, Readable, ReportCache } from './publications-store.ts';
export { groupOf, newestInScope, sameLanguage, translationsOf } from './groups.ts';
export type { Version } from './groups.ts';
export { groupPublications } from './translations-store.ts';
export type { GroupVersion } from './translations-store.ts';
