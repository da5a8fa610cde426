import type { Lang } from './i18n/index.ts';

/** Bindings and variables the Worker is deployed with (wrangler.toml, secrets). */
export interface Env {
  REPORTS: KVNamespace;
  SITE_URL?: string;
  SITE_TITLE?: string;
  SITE_DESCRIPTION?: string;
  SITE_AUTHOR?: string;
  SITE_LANG?: string;
  /** The site's title and description in Chinese (the `/zh/` pages and feeds); unset, the English ones. */
  SITE_TITLE_ZH?: string;
  SITE_DESCRIPTION_ZH?: string;
  /** A short name for emails and the sender's name (`Herald`, `CGI`); unset, the title. */
  SITE_SHORT_NAME?: string;
  SITE_SHORT_NAME_ZH?: string;
  /** The accent colour of links, buttons and the masthead rule, as `#rrggbb`. */
  SITE_ACCENT?: string;
  /** The masthead's logo: `wordmark` (the default: the site's name set in type) or `svg` (content/brand/logo.svg). */
  SITE_LOGO?: string;
  /** What a language's lists do with a report that has no version in it: `mark` (show it, marked) or `omit`. */
  TRANSLATION_FALLBACK?: string;
  FEED_LIMIT?: string;
  FEED_REFRESH_SECONDS?: string;
  WEBSUB_HUB?: string;
  ADMIN_TOKEN?: string;
  CF_VERSION_METADATA?: WorkerVersionMetadata;
  /** Subscribers, the send ledger, runs and when each report became public. */
  DB: D1Database;
  /** Media: uploaded images and PDFs, one object per file, keyed by its content's SHA-256 (R2). */
  MEDIA: R2Bucket;
  /** Digest fan-out: one message per subscriber due. */
  DIGESTS: Queue<DigestMessage>;
  /** Cloudflare Email Service. */
  EMAIL: SendEmail;
  /** Per-client limit on POST /subscribe. */
  SUBSCRIBE_LIMITER?: RateLimit;
  /** Per-client limit on the web digest of any window (/digest, .json, .txt). */
  DIGEST_LIMITER?: RateLimit;
  /** Signs subscription tokens; unset, the subscription routes answer 503 and nothing is sent. At least 32 bytes. */
  SUBSCRIPTION_SECRET?: string;
  /** The secret before the last rotation: links it signed are still accepted, none is signed with it. */
  SUBSCRIPTION_SECRET_PREVIOUS?: string;
  /** `Name <address>` or a bare address. */
  DIGEST_FROM?: string;
  DIGEST_HOUR?: string;
  DIGEST_WEEKDAY?: string;
  /** IANA time zone of subscribers who named none, and of the web archive's editions. */
  SITE_TIMEZONE?: string;
  /** Site-wide cap on confirmation emails a day (default 1000). */
  CONFIRMATIONS_PER_DAY?: string;
  /** Cross-posting: one message per delivery (channel, report). */
  CROSSPOSTS: Queue<CrosspostMessage>;
  /** Encrypts channel credentials at rest; unset, channels cannot be saved (503). At least 32 bytes. */
  CHANNELS_KEY?: string;
  /** The key before the current one, during a rotation: what it sealed is still read (and re-sealed on the next write). */
  CHANNELS_KEY_PREVIOUS?: string;
  /** Seconds before a failed cross-post is first retried (default 30; each next wait doubles). */
  CROSSPOST_RETRY_SECONDS?: string;
  /** Seconds one request to a cross-posting service may take (default 10, at most 60). */
  CROSSPOST_TIMEOUT_SECONDS?: string;
  /** Cloudflare Access in front of the desk: the team's domain (`<team>.cloudflareaccess.com`) and the application's audience tag. Both unset: Access is off. */
  ACCESS_TEAM_DOMAIN?: string;
  ACCESS_AUD?: string;
}

/** A message on the DIGESTS queue: send `run`'s digest to one subscriber. */
/** A message on the CROSSPOSTS queue. */
export interface CrosspostMessage {
  delivery: number;
}

export interface DigestMessage {
  run: number;
  subscriber: number;
}

/** The site's identity and feed settings, read once per request from `Env`. */
export interface SiteConfig {
  /** Canonical origin without a trailing slash: every link and id is built on it. */
  siteUrl: string;
  title: string;
  description: string;
  /** Title and description in each interface language (the English ones are `title` and `description`). */
  names: Record<Lang, { title: string; description: string; short: string }>;
  /** The accent colour, `#rrggbb`. */
  accent: string;
  /** What the masthead shows: the name in type (`wordmark`) or the bundled logo (`svg`, content/brand/logo.svg). */
  logo: 'wordmark' | 'svg';
  author: string;
  /** The language of the feeds that hold every language (`/feed.xml`): their channel's `<language>`. */
  lang: string;
  /** A report with no version in a list's language: shown in its own language and marked, or left out. */
  translationFallback: 'mark' | 'omit';
  feedLimit: number;
  /** Upper bound on how long a rendered feed is served before it is rebuilt. */
  refreshSeconds: number;
  hub?: string;
  /** The deployed version's id (empty where unknown): rendered copies of another version are not served. */
  version: string;
  /** IANA time zone of subscribers who named none, and of the web archive's editions. */
  timeZone: string;
}

/** When and from whom digests go out. */
export interface DigestConfig {
  from: { email: string; name?: string };
  /** Local hour (0-23) in each subscriber's time zone. */
  hour: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** True for a time zone name `Intl` knows (`Asia/Shanghai`, `UTC`). */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(?:\/[A-Za-z0-9_+\-]+)*$/.test(value) || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
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

/** The variables {@link readConfig} reads, in one order: what its memo compares. */
const configInputs = (env: Env) =>
  [env.SITE_URL, env.SITE_TITLE, env.SITE_DESCRIPTION, env.SITE_TITLE_ZH, env.SITE_DESCRIPTION_ZH, env.SITE_SHORT_NAME, env.SITE_SHORT_NAME_ZH, env.SITE_ACCENT, env.SITE_LOGO, env.TRANSLATION_FALLBACK, env.SITE_AUTHOR, env.SITE_LANG, env.FEED_LIMIT, env.FEED_REFRESH_SECONDS, env.WEBSUB_HUB, env.CF_VERSION_METADATA?.id, env.SITE_TIMEZONE] as const;

/**
 * The settings last read, and the variables they were read from. Every request reads the
 * settings, and parsing them costs more than serving a feed the isolate remembers (checking
 * SITE_TIMEZONE builds an `Intl.DateTimeFormat`, about 0.1 ms): the same variables give the
 * same settings, so they are parsed again only when a variable differs. Settings that fail
 * to parse are not remembered; they throw on every read.
 */
let lastConfig: { inputs: ReturnType<typeof configInputs>; config: SiteConfig } | null = null;

/**
 * Reads the site's settings from the environment; a missing or malformed `SITE_URL`
 * is an error, because links built on a guessed origin would break readers' caches.
 * Parsed once per isolate while the variables stay the same (the result is shared: do not
 * change it).
 *
 * @example readConfig({ REPORTS, SITE_URL: 'https://herald.example.org' }).feedLimit // 50
 */
export function readConfig(env: Env): SiteConfig {
  const inputs = configInputs(env);
  if (lastConfig !== null && inputs.every((value, i) => value === lastConfig!.inputs[i])) return lastConfig.config;
  const config = parseConfig(env);
  lastConfig = { inputs, config };
  return config;
}

function parseConfig(env: Env): SiteConfig {
  if (!env.SITE_URL) throw new ConfigError('SITE_URL is not set');
  const siteUrl = httpUrl(env.SITE_URL, 'SITE_URL').replace(/\/+$/, '');
  const title = env.SITE_TITLE || 'Herald';
  const description = env.SITE_DESCRIPTION || 'Reports of cyberspace governance events';
  return {
    siteUrl,
    title,
    description,
    names: {
      en: { title, description, short: shortName(env.SITE_SHORT_NAME, title) },
      zh: { title: env.SITE_TITLE_ZH || title, description: env.SITE_DESCRIPTION_ZH || description, short: shortName(env.SITE_SHORT_NAME_ZH || env.SITE_SHORT_NAME, env.SITE_TITLE_ZH || title) },
    },
    accent: accentColour(env.SITE_ACCENT),
    logo: logoSetting(env.SITE_LOGO),
    author: env.SITE_AUTHOR || env.SITE_TITLE || 'Herald',
    lang: env.SITE_LANG || 'en',
    translationFallback: fallbackSetting(env.TRANSLATION_FALLBACK),
    feedLimit: positiveInt(env.FEED_LIMIT, 50, 'FEED_LIMIT', 500),
    refreshSeconds: positiveInt(env.FEED_REFRESH_SECONDS, 3600, 'FEED_REFRESH_SECONDS', 86_400),
    hub: env.WEBSUB_HUB ? httpUrl(env.WEBSUB_HUB, 'WEBSUB_HUB') : undefined,
    version: env.CF_VERSION_METADATA?.id ?? '',
    timeZone: siteTimeZone(env.SITE_TIMEZONE),
  };
}

/** A short name goes into email subjects and the sender's name: one line, at most 40 characters. */
function shortName(value: string | undefined, title: string): string {
  const name = (value ?? '').replace(/\s+/gu, ' ').trim();
  if (name === '') return title;
  if (/[\u0000-\u001f\u007f]/u.test(name) || [...name].length > 40) throw new ConfigError(`SITE_SHORT_NAME must be one line of at most 40 characters, got "${value}"`);
  return name;
}

function accentColour(value: string | undefined): string {
  const colour = value?.trim().toLowerCase() || '#8c1d18';
  if (!/^#[0-9a-f]{6}$/.test(colour)) throw new ConfigError(`SITE_ACCENT must be a colour as #rrggbb, got "${value}"`);
  return colour;
}

function logoSetting(value: string | undefined): 'wordmark' | 'svg' {
  const setting = value?.trim().toLowerCase() || 'wordmark';
  if (setting !== 'wordmark' && setting !== 'svg') throw new ConfigError(`SITE_LOGO must be "wordmark" or "svg", got "${value}"`);
  return setting;
}

function fallbackSetting(value: string | undefined): 'mark' | 'omit' {
  const setting = value?.trim().toLowerCase() || 'mark';
  if (setting !== 'mark' && setting !== 'omit') throw new ConfigError(`TRANSLATION_FALLBACK must be "mark" or "omit", got "${value}"`);
  return setting;
}

function siteTimeZone(value: string | undefined): string {
  if (!value) return 'UTC';
  if (!isTimeZone(value)) throw new ConfigError(`SITE_TIMEZONE must be an IANA time zone such as "Asia/Shanghai", got "${value}"`);
  return value;
}

/** A mailbox in `Name <address>` or bare form; the address must look like one. */
function parseMailbox(value: string, name: string): { email: string; name?: string } {
  const match = /^\s*(?:"?([^"<>\r\n]*?)"?\s*<([^<>\s]+@[^<>\s]+)>|([^<>\s]+@[^<>\s]+))\s*$/.exec(value);
  if (!match) throw new ConfigError(`${name} must be "Name <address@domain>" or an address, got "${value}"`);
  const email = match[2] ?? match[3]!;
  const display = match[1]?.trim();
  return display ? { email, name: display } : { email };
}

/**
 * The digest settings: sender, hour and weekday. Read where mail is sent, so a site that
 * sends none runs without them.
 *
 * @example readDigestConfig({ DIGEST_FROM: 'Herald <digest@example.org>' }).hour // 7
 */
export function readDigestConfig(env: Pick<Env, 'DIGEST_FROM' | 'DIGEST_HOUR' | 'DIGEST_WEEKDAY'>): DigestConfig {
  if (!env.DIGEST_FROM) throw new ConfigError('DIGEST_FROM is not set');
  return { from: parseMailbox(env.DIGEST_FROM, 'DIGEST_FROM'), ...readSchedule(env) };
}

/**
 * When briefs go out (DIGEST_HOUR, DIGEST_WEEKDAY), without the sender: what pages need to
 * say it, on a site that sends no mail too.
 */
export function readSchedule(env: Pick<Env, 'DIGEST_HOUR' | 'DIGEST_WEEKDAY'>): Pick<DigestConfig, 'hour' | 'weekday'> {
  const hourText = env.DIGEST_HOUR?.trim() || '7';
  const hour = Number(hourText);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new ConfigError(`DIGEST_HOUR must be an hour from 0 to 23, got "${env.DIGEST_HOUR}"`);
  const day = (env.DIGEST_WEEKDAY?.trim() || 'monday').toLowerCase();
  const weekday = (WEEKDAYS as readonly string[]).indexOf(day);
  if (weekday < 0) throw new ConfigError(`DIGEST_WEEKDAY must be a day name such as "monday", got "${env.DIGEST_WEEKDAY}"`);
  return { hour, weekday };
}
