/** What other capabilities (the subscriber admin API) may use of the digests' storage. */
export { deliveryBySubscriber, type SubscriberDelivery } from './outcome-store.ts';
