/** What other capabilities (the digests) may use of the subscriber store. */
export { findSubscriberByEmail, getSubscriber, suppress } from './store.ts';
/** Active subscribers over time and now, for the reach pages and API (src/reach). */
export { activeNow, subscriberHistory, type SubscriberDay } from './history-store.ts';
