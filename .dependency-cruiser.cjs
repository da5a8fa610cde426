/**
 * The house rules of src/ (see README, "Where things are"), checked by `npm test`:
 *
 * - capabilities: reports, feeds, archive, events, digests, subscriptions, crossposts, search, editors, media, reach;
 * - below them all: common/ (config and Env, HTTP helpers, problems, logging, the email
 *   sender, the string catalogue, site addresses, rendered copies) and site/ (the page frame);
 * - a capability's storage is its `store.ts` and `*-store.ts` modules: only that capability
 *   imports them; others call the functions its `index.ts` exports.
 */
const CAPABILITIES = '(reports|feeds|archive|events|digests|subscriptions|crossposts|search|editors|media|reach)';

/** A capability's storage modules: `store.ts` and `<what>-store.ts`. */
const STORAGE = ['^src/[^/]+/store\\.ts$', '^src/[^/]+/[a-z-]+-store\\.ts$'];

/** The reports capability's edge (its write path, admin routes and how they answer, and page): the rest of it is its core. */
const REPORTS_EDGE = '^src/reports/(publishing|admin-routes|answers|page-routes|page)\\.tsx?$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: modules that need each other cannot be understood, tested or moved alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'common-imports-no-capability',
      severity: 'error',
      comment: 'common/ and site/ are below every capability: they import none of them (nor the app or entry).',
      from: { path: '^src/(common|site)/' },
      to: { path: [`^src/${CAPABILITIES}/`, '^src/(app|index)\\.ts$'] },
    },
    {
      name: 'common-imports-no-site',
      severity: 'error',
      comment: 'common/ is the bottom layer: the page frame (site/) builds on it, not the other way round.',
      from: { path: '^src/common/' },
      to: { path: '^src/site/' },
    },
    {
      name: 'reports-core-imports-no-capability',
      severity: 'error',
      comment: 'The reports core (schema, preparing, Markdown, the report store, the became-public record) is what every capability builds on: it imports none of them.',
      from: { path: '^src/reports/', pathNot: REPORTS_EDGE },
      to: { path: `^src/${CAPABILITIES}/`, pathNot: '^src/reports/' },
    },
    {
      name: 'storage-stays-in-its-capability',
      severity: 'error',
      comment: "Only a capability reads and writes its own keys and tables: others call the functions its index.ts exports.",
      from: { path: '^src/([^/]+)/' },
      to: { path: STORAGE, pathNot: '^src/$1/' },
    },
    {
      name: 'entry-uses-no-storage',
      severity: 'error',
      comment: 'The entry points wire capabilities together through their routes and jobs, never their storage.',
      from: { path: '^src/[^/]+\\.tsx?$' },
      to: { path: STORAGE },
    },
    {
      name: 'capabilities-do-not-import-the-app',
      severity: 'error',
      comment: 'src/app.ts and src/index.ts wire capabilities; a capability importing them makes a circle in waiting.',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/(app|index)\\.ts$' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing.',
      from: {},
      to: { couldNotResolve: true, pathNot: '^(cloudflare:|node:)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    // TypeScript sources are read with swc (@swc/core): dependency-cruiser cannot use
    // TypeScript 7's compiler yet. swc keeps type-only imports, so a circle made of
    // `import type` is still a circle (test/node/house-rules.test.ts checks it).
    parser: 'swc',
    moduleSystems: ['es6'],
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
