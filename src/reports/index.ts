/**
 * What other capabilities may use of the report store and of the became-public record:
 * they read reports and publications through these functions, never through keys or tables.
 */
export { affectedScopes, getReport, lastChanges, newestVisible, stillListed, writtenSince } from './store.ts';
export { isPublicAt, latestSeq, loadPublic, publicAtOf, publicationsAfter, publicationsBetween, publicationsBySeq, publicationsSince } from './publications-store.ts';
export type { Publication, PublicReport, ReportCache } from './publications-store.ts';
