/** Bindings and variables the Worker is deployed with (wrangler.toml, secrets). */
export interface Env {
  REPORTS: KVNamespace;
  SITE_URL?: string;
  SITE_TITLE?: string;
  SITE_DESCRIPTION?: string;
  SITE_AUTHOR?: string;
  SITE_LANG?: string;
  FEED_LIMIT?: string;
  FEED_REFRESH_SECONDS?: string;
  WEBSUB_HUB?: string;
  ADMIN_TOKEN?: string;
  CF_VERSION_METADATA?: WorkerVersionMetadata;
}

/** The site's identity and feed settings, read once per request from `Env`. */
export interface SiteConfig {
  /** Canonical origin without a trailing slash: every link and id is built on it. */
  siteUrl: string;
  title: string;
  description: string;
  author: string;
  lang: string;
  feedLimit: number;
  /** Upper bound on how long a rendered feed is served before it is rebuilt. */
  refreshSeconds: number;
  hub?: string;
  /** The deployed version's id (empty where unknown): rendered copies of another version are not served. */
  version: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function positiveInt(value: string | undefined, fallback: number, name: string, max: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new ConfigError(`${name} must be an integer from 1 to ${max}, got "${value}"`);
  return n;
}

function httpUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an absolute URL, got "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`${name} must be an http(s) URL`);
  return url.href;
}

/**
 * Reads the site's settings from the environment; a missing or malformed `SITE_URL`
 * is an error, because links built on a guessed origin would break readers' caches.
 *
 * @example readConfig({ REPORTS, SITE_URL: 'https://herald.example.org' }).feedLimit // 50
 */
export function readConfig(env: Env): SiteConfig {
  if (!env.SITE_URL) throw new ConfigError('SITE_URL is not set');
  const siteUrl = httpUrl(env.SITE_URL, 'SITE_URL').replace(/\/+$/, '');
  return {
    siteUrl,
    title: env.SITE_TITLE || 'Herald',
    description: env.SITE_DESCRIPTION || 'Reports of cyberspace governance events',
    author: env.SITE_AUTHOR || env.SITE_TITLE || 'Herald',
    lang: env.SITE_LANG || 'en',
    feedLimit: positiveInt(env.FEED_LIMIT, 50, 'FEED_LIMIT', 500),
    refreshSeconds: positiveInt(env.FEED_REFRESH_SECONDS, 3600, 'FEED_REFRESH_SECONDS', 86_400),
    hub: env.WEBSUB_HUB ? httpUrl(env.WEBSUB_HUB, 'WEBSUB_HUB') : undefined,
    version: env.CF_VERSION_METADATA?.id ?? '',
  };
}
