import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { isTopic, normalizeTopic, type Scope } from '../scope.ts';
import { scopeUrls } from '../urls.ts';

/** The scope of a topic named in an address, or null when it cannot be a topic. */
export function topicScope(raw: string): Scope | null {
  const topic = normalizeTopic(raw);
  return isTopic(topic) ? { kind: 'topic', topic } : null;
}

/**
 * A topic named in another case or Unicode form (`/topics/Sovereignty`) is moved for good to
 * its canonical address (with the rest of the path, `rest`), so a feed's self link always
 * equals the URL it was fetched from; otherwise `handle` answers for the topic (null: not a topic).
 */
export function withTopic(c: Context<AppEnv>, rest: string, handle: (scope: Scope | null) => Promise<Response>): Promise<Response> | Response {
  const raw = c.req.param('topic') ?? '';
  const scope = topicScope(raw);
  if (scope?.kind === 'topic' && scope.topic !== raw) return c.redirect(`${scopeUrls(c.var.site, scope).home}${rest}`, 301);
  return handle(scope);
}

