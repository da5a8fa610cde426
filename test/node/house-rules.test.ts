import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

/** The rules `npm test` checks src/ against (`npm run deps:check`). */
const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as { forbidden: unknown[]; options: Record<string, unknown> };

const trees: string[] = [];
afterAll(() => {
  for (const tree of trees) rmSync(tree, { recursive: true, force: true });
});

/** Cruises a made-up src/ tree (path → source) with the project's rules; returns the violations. */
async function violations(files: Record<string, string>): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'herald-house-'));
  trees.push(root);
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  const previous = process.cwd();
  process.chdir(root);
  try {
    const { tsConfig: _tsConfig, ...options } = config.options;
    const result = await cruise(['src'], { ...options, ruleSet: { forbidden: config.forbidden } as never, validate: true });
    const output = result.output as ICruiseResult;
    return output.summary.violations.map((v: IViolation) => `${v.rule.name}: ${v.from} → ${v.to}`);
  } finally {
    process.chdir(previous);
  }
}

describe('the house rules (dependency-cruiser, run by npm test)', () => {
  it('accept capabilities that use the shared layer and each other’s public functions', async () => {
    expect(
      await violations({
        'src/common/config.ts': 'export const site = 1;\n',
        'src/reports/schema.ts': "import { site } from '../common/config.ts';\nexport const schema = site;\n",
        'src/reports/store.ts': "import { schema } from './schema.ts';\nexport const getReport = () => schema;\n",
        'src/reports/index.ts': "export { getReport } from './store.ts';\n",
        'src/feeds/serve.ts': "import { getReport } from '../reports/index.ts';\nexport const serve = getReport;\n",
      }),
    ).toEqual([]);
  });

  it('refuse an import circle, naming an import in it', async () => {
    expect(
      await violations({
        'src/reports/rendering.ts': "import { schema } from './schema.ts';\nexport type Rendering = string;\nexport const rendering = () => schema;\n",
        // A type-only import closes the circle: the one the reports core had before the move.
        'src/reports/schema.ts': "import type { Rendering } from './rendering.ts';\nexport const schema = (r?: Rendering) => r;\n",
      }),
    ).toEqual(['no-circular: src/reports/rendering.ts → src/reports/schema.ts']);
  });

  it('refuse a shared module or the page frame that imports a capability', async () => {
    const found = await violations({
      'src/feeds/model.ts': 'export const model = 1;\n',
      'src/common/urls.ts': "import { model } from '../feeds/model.ts';\nexport const urls = model;\n",
      'src/site/layout.ts': "import { model } from '../feeds/model.ts';\nexport const layout = model;\n",
    });
    expect(found).toEqual(expect.arrayContaining(['common-imports-no-capability: src/common/urls.ts → src/feeds/model.ts', 'common-imports-no-capability: src/site/layout.ts → src/feeds/model.ts']));
  });

  it('refuse a reports core module that imports another capability, but let the reports edge do so', async () => {
    const found = await violations({
      'src/archive/index.ts': 'export const archiveIndex = 1;\n',
      'src/reports/store.ts': "import { archiveIndex } from '../archive/index.ts';\nexport const put = archiveIndex;\n",
      'src/reports/publishing.ts': "import { archiveIndex } from '../archive/index.ts';\nexport const save = archiveIndex;\n",
    });
    expect(found).toEqual(['reports-core-imports-no-capability: src/reports/store.ts → src/archive/index.ts']);
  });

  it('refuse another capability’s storage, from a capability or from the entry points', async () => {
    const found = await violations({
      'src/subscriptions/store.ts': 'export const getSubscriber = 1;\n',
      'src/digests/ledger-store.ts': 'export const claim = 1;\n',
      'src/digests/deliver.ts': "import { getSubscriber } from '../subscriptions/store.ts';\nimport { claim } from './ledger-store.ts';\nexport const deliver = [getSubscriber, claim];\n",
      'src/app.ts': "import { claim } from './digests/ledger-store.ts';\nexport const app = claim;\n",
    });
    expect(found.sort()).toEqual(['entry-uses-no-storage: src/app.ts → src/digests/ledger-store.ts', 'storage-stays-in-its-capability: src/digests/deliver.ts → src/subscriptions/store.ts']);
  });

  it('pass on Herald’s own src/', async () => {
    const result = await cruise(['src'], { ...config.options, ruleSet: { forbidden: config.forbidden } as never, validate: true });
    const output = result.output as ICruiseResult;
    expect(output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
    expect(output.summary.totalCruised).toBeGreaterThan(90);
  });
});
