import { archive } from './archive.ts';
import { digest } from './digest.ts';
import { events } from './events.ts';
import { site } from './site.ts';
import { subscriptions } from './subscriptions.ts';

/** English: the reference catalogue every other language follows. */
export const en = { site, digest, subscriptions, archive, events };

/** The shape every language's catalogue has. */
export type Catalogue = typeof en;
