import type { DigestOptions } from '../../../src/digests/compose.ts';
import { DAY, NOW } from '../support/clock.ts';
import { SITE } from '../support/site.ts';

/** The composer's options for a one-day digest ending at NOW. */
export const OPTIONS: DigestOptions = { siteUrl: SITE, siteTitle: 'Herald', lang: 'en', timeZone: 'UTC', now: NOW, since: NOW - DAY, until: NOW, webUrl: `${SITE}/digest?since=2026-11-22` };
