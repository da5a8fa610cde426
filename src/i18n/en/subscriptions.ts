/** Strings of the subscribe, confirm, preferences and unsubscribe pages and emails. */
export const subscriptions = {};
