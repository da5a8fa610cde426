/**
 * The secrets `npm start` makes sure `.dev.vars` holds: the admin token, the key that signs
 * subscription links and the one that seals channel credentials. The Worker refuses any
 * secret shorter than 32 bytes (src/common/secrets.ts), so a missing one is added and a
 * short one (such as the fixed token of an older .dev.vars.example) is replaced, each with
 * 32 random bytes. `_PREVIOUS` ones, being optional, are commented out when too short.
 */
import { randomBytes } from 'node:crypto';
import { secretProblem } from '../../src/common/secrets.ts';

const GENERATED = ['ADMIN_TOKEN', 'SUBSCRIPTION_SECRET', 'CHANNELS_KEY'];
const OPTIONAL = ['SUBSCRIPTION_SECRET_PREVIOUS', 'CHANNELS_KEY_PREVIOUS'];

const fresh = () => randomBytes(32).toString('base64url');

/** A dotenv value as wrangler reads it: surrounding quotes are not part of it. */
const unquote = (value: string) => value.trim().replace(/^(["'])(.*)\1$/, '$2');

/** `.dev.vars` text with every secret long enough, and what was changed (names only, never values). */
export function ensureDevSecrets(text: string, random: () => string = fresh): { text: string; notes: string[] } {
  const notes: string[] = [];
  const lines = text.split('\n');
  const present = new Set<string>();
  const out = lines.map((line) => {
    const match = /^\s*([A-Z_]+)\s*=(.*)$/.exec(line);
    if (!match) return line;
    const [, name, value] = match as unknown as [string, string, string];
    if (!GENERATED.includes(name) && !OPTIONAL.includes(name)) return line;
    present.add(name);
    const problem = secretProblem(name, unquote(value));
    if (!problem) return line;
    if (OPTIONAL.includes(name)) {
      notes.push(`${name} in .dev.vars was shorter than 32 bytes: commented out.`);
      return `# ${line.trim()}  (refused: shorter than 32 bytes)`;
    }
    notes.push(`${name} in .dev.vars was shorter than 32 bytes: replaced with a random one.`);
    return `${name}=${random()}`;
  });
  let result = out.join('\n');
  for (const name of GENERATED.filter((n) => !present.has(n))) {
    result = `${result.replace(/\n*$/, '\n')}${name}=${random()}\n`;
    notes.push(`Wrote a local ${name} into .dev.vars.`);
  }
  return { text: result, notes };
}
