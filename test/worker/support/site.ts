/** The site the tests run as (vitest.config.ts sets the same SITE_URL and ADMIN_TOKEN). */
export const SITE = 'https://herald.example.org';
export const TOKEN = 'test-admin-token-of-at-least-32-bytes';
