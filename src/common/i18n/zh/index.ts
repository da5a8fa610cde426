import { digest } from './digest.ts';
import { subscriptions } from './subscriptions.ts';

/** 简体中文。 */
export const zh = { digest, subscriptions };
