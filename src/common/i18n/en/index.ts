import { archive } from './archive.ts';
import { crossposts } from './crossposts.ts';
import { desk } from './desk.ts';
import { digest } from './digest.ts';
import { events } from './events.ts';
import { feeds } from './feeds.ts';
import { follow } from './follow.ts';
import { report } from './report.ts';
import { site } from './site.ts';
import { subscriptions } from './subscriptions.ts';
import { time } from './time.ts';

/** English: the reference catalogue every other language follows. */
export const en = { site, report, feeds, archive, events, digest, subscriptions, crossposts, follow, time, desk };

/** The shape every language's catalogue has. */
export type Catalogue = typeof en;
