/**
 * What other capabilities may use of cross-posting: a report's deliveries and the enabled
 * channels (the desk shows both), the message each channel would post (its preview), and the
 * delivery log's retry (the desk's delivery pages, src/reach).
 */
export { type Delivery, type DeliveryStatus, listDeliveries } from './delivery-store.ts';
export { type Channel, listChannels } from './channel-store.ts';
export { announcementOf } from './announcement.ts';
export { type ChannelMessage, messageOf } from './services.ts';
export { retryDelivery } from './retry.ts';
