import type { Actor } from './actor.ts';
import type { Env, SiteConfig } from './config.ts';

/**
 * What every route sees: the bindings, the site's settings read once per request, and on
 * the admin API (later the desk) the actor making the request.
 */
export type AppEnv = { Bindings: Env; Variables: { site: SiteConfig; actor: Actor } };
