import type { Catalogue } from '../en/index.ts';
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

/**
 * Chinese (Simplified). Every namespace must have every key of the English one: the type
 * says so at compile time, and test/worker/common/i18n.test.ts walks both at run time.
 */
export const zh: Catalogue = { site, report, feeds, archive, events, digest, subscriptions, crossposts, follow, time, desk };
