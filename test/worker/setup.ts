import { reset } from 'cloudflare:test';
import { beforeEach } from 'vitest';
import { forgetRendered } from '../../src/store/rendered.ts';

// Each test starts from an empty KV namespace and an isolate that remembers no rendered
// feed, so no test depends on another's data or order.
beforeEach(async () => {
  await reset();
  forgetRendered();
});
