import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { createApp } from '../../../src/app.ts';
import { makeReport } from '../support/builders.ts';
import { TOKEN } from '../support/site.ts';
import { describe, expect, it } from 'vitest';
import { ALL } from '../../../src/common/scope.ts';
import { forgetRendered, invalidateRendered } from '../../../src/common/rendered.ts';
import { create, get, withEnv } from '../support/worker.ts';

/**
 * A KV namespace whose first listing of `prefix` is answered as it was before `meanwhile`
 * ran: a rebuild that read the index just before another request wrote a report.
 */
function listingBefore(prefix: string, meanwhile: () => Promise<unknown>): KVNamespace {
  let done = false;
  return new Proxy(env.REPORTS, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'list') return typeof value === 'function' ? value.bind(target) : value;
      return async (options: KVNamespaceListOptions) => {
        const page = await target.list(options);
        if (!done && options.prefix === prefix) {
          done = true;
          await meanwhile();
        }
        return page;
      };
    },
  });
}

/** Publishes a report through the admin API without waiting for its after-work (which would wait for the racing rebuild). */
async function publishNow(overrides: Record<string, unknown>): Promise<void> {
  const res = await createApp().request('http://example.test/api/reports', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(makeReport(overrides)) }, env, createExecutionContext());
  if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
}

describe('a rebuild that races with a write', () => {
  for (const [what, path, prefix] of [
    ['the main feed', '/feed.xml', 'pub:'],
    ['the events page', '/events', 'event:'],
    ['an archive month', '/archive/2024/01', 'month:all:2024-01:'],
  ] as const) {
    it(`never keeps ${what} rebuilt from reads made before the write`, async () => {
      await create({ title: 'The first report', published: '2024-01-10T09:00:00Z', event: { kind: 'seminar', name: 'First seminar', start: '2030-01-10' } });
      await invalidateRendered(env.REPORTS, [ALL], ['render:events:all:html', 'render:archive:all:2024-01:html']);
      forgetRendered();
      // A reader's rebuild lists the index; before it stores its copy, an editor publishes.
      const racing = listingBefore(prefix, () => publishNow({ title: 'Published during the rebuild', published: '2024-01-20T09:00:00Z', event: { kind: 'seminar', name: 'Second seminar', start: '2030-02-10' } }));
      const early = await withEnv({ REPORTS: racing }, path);
      expect(early.status).toBe(200);
      // The next reader, in this isolate or another, sees the new report.
      expect(await (await get(path)).text()).toContain(path === '/events' ? 'Second seminar' : 'Published during the rebuild');
      forgetRendered();
      expect(await (await get(path)).text()).toContain(path === '/events' ? 'Second seminar' : 'Published during the rebuild');
    });
  }
});
