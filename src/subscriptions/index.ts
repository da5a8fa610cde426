/** What other capabilities (the digests) may use of the subscriber store. */
export { findSubscriberByEmail, getSubscriber, suppress } from './store.ts';
