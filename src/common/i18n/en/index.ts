import { digest } from './digest.ts';
import { feeds } from './feeds.ts';
import { site } from './site.ts';
import { subscriptions } from './subscriptions.ts';

/** English: the reference catalogue every other language follows. */
export const en = { site, digest, subscriptions, feeds };

/** The shape every language's catalogue has. */
export type Catalogue = typeof en;
