/** What other capabilities (the desk's delivery pages, src/reach) may use of the channels and the delivery log. */
export { type Channel, listChannels } from './channel-store.ts';
export { type Delivery, type DeliveryStatus, listDeliveries } from './delivery-store.ts';
export { retryDelivery } from './retry.ts';
