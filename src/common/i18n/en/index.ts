import { crossposts } from './crossposts.ts';
import { digest } from './digest.ts';
import { report } from './report.ts';
import { site } from './site.ts';
import { subscriptions } from './subscriptions.ts';

/** English: the reference catalogue every other language follows. */
export const en = { site, digest, subscriptions, report, crossposts };

/** The shape every language's catalogue has. */
export type Catalogue = typeof en;
