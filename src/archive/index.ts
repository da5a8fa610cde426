/** What other capabilities may use of the archive's storage: its index of reports, and the copies a write drops. */
export { archiveIndex, archiveCopiesOf, forgetGenerations } from './store.ts';
