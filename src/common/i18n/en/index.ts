import { digest } from './digest.ts';
import { subscriptions } from './subscriptions.ts';

/** English: the reference catalogue every other language follows. */
export const en = { digest, subscriptions };
