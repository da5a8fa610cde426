import type { Actor } from './actor.ts';
import type { Env, SiteConfig } from './config.ts';

/**
 * What every route sees: the bindings, the site's settings read once per request, and on
 * the admin API the actor making the request (the owner, an API token, or an editor signed in to the desk).
 */
export type AppEnv = { Bindings: Env; Variables: { site: SiteConfig; actor: Actor } };
