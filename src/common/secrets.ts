import { ConfigError, type Env } from './config.ts';

/**
 * The secrets the Worker is deployed with, and how long each must be. A secret shorter
 * than 32 bytes (HMAC-SHA256 and AES-256 keys are 32 bytes; a bearer token that short can
 * be guessed) is refused: the Worker treats it as unset, logs a config error naming it, and
 * the routes that need it answer 503 naming it. `npm run deploy` refuses it too.
 */
export const MIN_SECRET_BYTES = 32;
export const SECRET_NAMES = ['ADMIN_TOKEN', 'SUBSCRIPTION_SECRET', 'SUBSCRIPTION_SECRET_PREVIOUS', 'CHANNELS_KEY', 'CHANNELS_KEY_PREVIOUS'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** Why `value` cannot be the secret `name`, or null when it can (or is unset). Never names the value. */
export function secretProblem(name: string, value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') return `${name} must be a string`;
  const bytes = new TextEncoder().encode(value).length;
  if (bytes < MIN_SECRET_BYTES) return `${name} is ${bytes} bytes long; it must be at least ${MIN_SECRET_BYTES} (generate one with: openssl rand -base64 32)`;
  return null;
}

/** Every secret in `env` that is set but refused, with why. */
export function secretProblems(env: Partial<Record<SecretName, unknown>>): { setting: SecretName; message: string }[] {
  return SECRET_NAMES.flatMap((setting) => {
    const message = secretProblem(setting, env[setting]);
    return message ? [{ setting, message }] : [];
  });
}

/** What refuseShortSecrets took out of each environment it returned, so a route can say why. */
const refused = new WeakMap<object, Map<SecretName, string>>();
/** Problems already logged by this isolate: one line each, not one per request. */
const logged = new Set<string>();

/**
 * The environment with every too-short secret taken out, as the Worker's entry points hand
 * it on: code that needs a refused secret finds it unset and fails closed (503, nothing
 * sent), and nothing is ever signed or sealed with a weak key. Logs each refusal once per
 * isolate as a `config-error`.
 */
export function refuseShortSecrets<E extends Env>(env: E, log: (message: string, setting: SecretName) => void): E {
  const problems = secretProblems(env);
  if (problems.length === 0) return env;
  const checked = { ...env };
  for (const { setting, message } of problems) {
    delete (checked as Partial<Env>)[setting];
    if (!logged.has(message)) {
      logged.add(message);
      log(message, setting);
    }
  }
  refused.set(checked, new Map(problems.map((p) => [p.setting, p.message])));
  return checked;
}

/**
 * The secret `name`: its value, or null when unset. A refused one (too short, here or at
 * the entry point) is a ConfigError naming the setting, which the routes answer with 503.
 */
export function readSecret(env: Env, name: SecretName): string | null {
  const problem = refused.get(env)?.get(name) ?? secretProblem(name, env[name]);
  if (problem) throw new ConfigError(problem);
  return env[name] || null;
}

/** A current secret and the one before the last rotation, which is still accepted but never used to sign or seal. */
export interface KeyRing {
  current: string;
  previous: string | null;
}

/** The key ring of `SUBSCRIPTION_SECRET` or `CHANNELS_KEY` with its `_PREVIOUS`; null when the current one is unset. */
export function readKeyRing(env: Env, name: 'SUBSCRIPTION_SECRET' | 'CHANNELS_KEY'): KeyRing | null {
  const current = readSecret(env, name);
  const previous = readSecret(env, `${name}_PREVIOUS`);
  return current ? { current, previous } : null;
}
