import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// The same SQL migrations `npm start` and `npm run deploy` apply; setup.ts applies them.
const migrations = await readD1Migrations('./migrations');

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                SITE_URL: 'https://herald.example.org',
                ADMIN_TOKEN: 'test-admin-token-of-at-least-32-bytes',
                WEBSUB_HUB: '',
                SUBSCRIPTION_SECRET: 'test-subscription-secret-of-32-bytes-or-more',
                DIGEST_FROM: 'Herald Digest <digest@herald.example.org>',
                CHANNELS_KEY: 'test-channels-key-of-at-least-32-bytes',
                TEST_MIGRATIONS: migrations,
              },
            },
          }),
        ],
        // 20 s rather than vitest's 5 s: on a loaded two-core machine a test that takes 1 s alone has taken 7.
        test: { name: 'worker', include: ['test/worker/**/*.test.{ts,tsx}'], setupFiles: ['test/worker/setup.ts'], testTimeout: 20_000 },
      },
      {
        test: { name: 'node', include: ['test/node/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 120_000 },
      },
    ],
  },
});
