import { applyD1Migrations, reset } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach } from 'vitest';
import { forgetRendered } from '../../src/common/rendered.ts';
import { forgetTopics } from '../../src/subscriptions/topics.ts';
import { forgetTemplates } from '../../src/digests/email.ts';
import { forgetGenerations } from '../../src/archive/store.ts';
import { forgetRecorded } from '../../src/reach/record.ts';

// Each test starts from an empty KV namespace and D1 database (with the schema applied)
// and an isolate that remembers no rendered feed, so no test depends on another's data
// or order.
beforeEach(async () => {
  await reset();
  forgetRendered();
  forgetTopics();
  forgetTemplates();
  forgetGenerations();
  forgetRecorded();
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});
