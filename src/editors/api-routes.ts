import type { ApiScope } from '../common/actor.ts';

/**
 * What a route needs: a scope, or `owner` for the routes that hand out access (tokens,
 * editors), which no scope opens.
 */
export type Need = ApiScope | 'owner';

/** `GET` also answers `HEAD`; `WRITE` is every other method; `*` is any. */
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'WRITE' | '*';

/** Where the audit log finds a change's target: a path parameter, or a field of the JSON answer (a create's new id). */
export type TargetSource = { kind: string; param: string } | { kind: string; field: string };

/** One row of the table: a route, who may call it, and what a successful change records. */
export interface ApiRoute {
  method: Method;
  /** `/api/reports/:slug`; a trailing `/*` also matches the path itself and everything below it. */
  path: string;
  need: Need;
  /** The audit log's name for a successful change (`report.update`); absent on reads. */
  action?: string;
  /** The action when the route answers 201 (a PUT that created). */
  created?: string;
  target?: TargetSource;
  /** Secret-free path parameters and fields of the JSON answer the audit log keeps as `detail`; `request` adds the method and path. */
  detail?: { params?: string[]; fields?: string[]; request?: boolean };
}

const report = { kind: 'report', param: 'slug' };

/**
 * Every /api route, most specific first: the first row that matches a request decides. The
 * last row catches anything else under /api and lets only the owner through, so a route
 * added without a row here is closed, not open. A test walks every route the app registers
 * against the scopes the issue gives them.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: '/api/reports/*', need: 'reports:read' },
  { method: 'POST', path: '/api/reports', need: 'reports:write', action: 'report.create', target: { kind: 'report', field: 'slug' } },
  { method: 'PUT', path: '/api/reports/:slug', need: 'reports:write', action: 'report.update', created: 'report.create', target: report },
  { method: 'DELETE', path: '/api/reports/:slug', need: 'reports:write', action: 'report.delete', target: report },
  { method: 'POST', path: '/api/reports/:slug/revisions/:n/restore', need: 'reports:write', action: 'report.restore', target: report, detail: { params: ['n'] } },
  { method: 'WRITE', path: '/api/reports/*', need: 'reports:write', action: 'report.change', detail: { request: true } },
  { method: 'POST', path: '/api/reindex', need: 'reports:write', action: 'reports.reindex', detail: { fields: ['reindexed'] } },
  { method: 'POST', path: '/api/search/reindex', need: 'reports:write', action: 'search.reindex' },
  { method: 'POST', path: '/api/first-sync', need: 'reports:write', action: 'first-sync.open' },
  // The first sync's token stays out of the log: it lets writes be recorded quietly.
  { method: 'DELETE', path: '/api/first-sync/:token', need: 'reports:write', action: 'first-sync.close' },
  { method: 'POST', path: '/api/media', need: 'reports:write', action: 'media.upload', target: { kind: 'media', field: 'url' }, detail: { fields: ['type', 'bytes'] } },

  { method: 'GET', path: '/api/subscribers/*', need: 'subscribers:read' },
  { method: 'GET', path: '/api/reach', need: 'subscribers:read' },
  { method: 'POST', path: '/api/subscribers/import', need: 'subscribers:write', action: 'subscribers.import', detail: { fields: ['imported', 'skipped'] } },
  { method: 'DELETE', path: '/api/subscribers/:email', need: 'subscribers:write', action: 'subscriber.erase', target: { kind: 'subscriber', param: 'email' } },
  { method: 'WRITE', path: '/api/subscribers/*', need: 'subscribers:write', action: 'subscribers.change', detail: { request: true } },

  { method: 'PUT', path: '/api/channels/:id', need: 'channels:write', action: 'channel.update', created: 'channel.create', target: { kind: 'channel', param: 'id' }, detail: { fields: ['type', 'enabled'] } },
  { method: 'DELETE', path: '/api/channels/:id', need: 'channels:write', action: 'channel.delete', target: { kind: 'channel', param: 'id' } },
  { method: 'POST', path: '/api/channels/reseal', need: 'channels:write', action: 'channels.reseal', detail: { fields: ['resealed', 'unreadable'] } },
  { method: 'POST', path: '/api/channels/:id/test', need: 'channels:write', action: 'channel.test', target: { kind: 'channel', param: 'id' }, detail: { fields: ['ok', 'status'] } },
  { method: 'POST', path: '/api/channels/:id/backfill', need: 'channels:write', action: 'channel.backfill', target: { kind: 'channel', param: 'id' }, detail: { fields: ['queued'] } },
  { method: '*', path: '/api/channels/*', need: 'channels:write', action: 'channels.change', detail: { request: true } },
  { method: 'POST', path: '/api/deliveries/:id/retry', need: 'channels:write', action: 'delivery.retry', target: { kind: 'delivery', param: 'id' } },
  { method: '*', path: '/api/deliveries/*', need: 'channels:write', action: 'deliveries.change', detail: { request: true } },

  { method: 'POST', path: '/api/digests/run', need: 'digests:run', action: 'digest.run', target: { kind: 'run', field: 'run' }, detail: { fields: ['frequency', 'dry_run', 'due'] } },
  { method: '*', path: '/api/digests/*', need: 'digests:run', action: 'digests.change', detail: { request: true } },

  { method: 'GET', path: '/api/audit', need: 'audit:read' },

  { method: 'POST', path: '/api/tokens', need: 'owner', action: 'token.create', target: { kind: 'token', field: 'id' }, detail: { fields: ['name', 'scopes', 'expires_at'] } },
  { method: 'DELETE', path: '/api/tokens/:id', need: 'owner', action: 'token.revoke', target: { kind: 'token', param: 'id' } },
  { method: 'POST', path: '/api/editors', need: 'owner', action: 'editor.update', created: 'editor.create', target: { kind: 'editor', field: 'email' }, detail: { fields: ['role'] } },
  { method: 'DELETE', path: '/api/editors/:email', need: 'owner', action: 'editor.delete', target: { kind: 'editor', param: 'email' } },

  { method: '*', path: '/api/*', need: 'owner', action: 'api.call', detail: { request: true } },
];

/** A request matched to its row, with the row's path parameters (decoded). */
export interface RouteMatch {
  route: ApiRoute;
  params: Record<string, string>;
}

interface Compiled {
  route: ApiRoute;
  pattern: RegExp;
  names: string[];
}

function compile(route: ApiRoute): Compiled {
  const names: string[] = [];
  const prefix = route.path.endsWith('/*');
  const segments = (prefix ? route.path.slice(0, -2) : route.path).split('/').map((segment) => {
    if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    names.push(segment.slice(1));
    return '([^/]+)';
  });
  return { route, names, pattern: new RegExp(`^${segments.join('/')}${prefix ? '(?:/.*)?' : ''}$`) };
}

const COMPILED = API_ROUTES.map(compile);

function methodMatches(rule: Method, method: string): boolean {
  if (rule === '*') return true;
  const read = method === 'GET' || method === 'HEAD';
  if (rule === 'GET') return read;
  if (rule === 'WRITE') return !read;
  return rule === method;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The row for `method` and `path` (every /api path has one: the last row catches the rest). */
export function matchApiRoute(method: string, path: string): RouteMatch {
  for (const { route, pattern, names } of COMPILED) {
    if (!methodMatches(route.method, method)) continue;
    const m = pattern.exec(path);
    if (m) return { route, params: Object.fromEntries(names.map((name, i) => [name, decode(m[i + 1]!)])) };
  }
  return { route: API_ROUTES.at(-1)!, params: {} };
}
