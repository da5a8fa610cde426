import type { Catalogue } from '../en/index.ts';
import { en } from '../en/index.ts';
import { feeds } from './feeds.ts';
import { site } from './site.ts';

/**
 * Chinese (Simplified). Every namespace must have every key of the English one: the type
 * says so at compile time, and test/worker/common/i18n.test.ts walks both at run time.
 */
export const zh: Catalogue = { site, digest: en.digest, subscriptions: en.subscriptions, feeds };
