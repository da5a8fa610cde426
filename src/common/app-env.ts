import type { Env, SiteConfig } from './config.ts';

/** What every route sees: the bindings, and the site's settings read once per request. */
export type AppEnv = { Bindings: Env; Variables: { site: SiteConfig } };
