/**
 * What other capabilities may use of cross-posting: a report's deliveries and the enabled
 * channels (the desk shows both), and the message each channel would post (its preview).
 */
export { listDeliveries, type Delivery } from './delivery-store.ts';
export { listChannels, type Channel } from './channel-store.ts';
export { announcementOf } from './announcement.ts';
export { type ChannelMessage, messageOf } from './services.ts';
