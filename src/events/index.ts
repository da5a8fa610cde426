/** What other capabilities may use of the events' storage: its index of reports, and the copies a write drops. */
export { eventIndex, eventCopiesOf } from './store.ts';
