import { reset } from 'cloudflare:test';
import { beforeEach } from 'vitest';

// Each test starts from an empty KV namespace, so no test depends on another's data or order.
beforeEach(async () => {
  await reset();
});
