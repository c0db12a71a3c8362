/**
 * The layer rules of .dependency-cruiser.cjs hold on the tree, and they do
 * catch what they forbid (a fixture with one violation of each kind).
 */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const config = createRequire(import.meta.url)(path.join(root, '.dependency-cruiser.cjs'));

async function violations(baseDir: string, entries: string[], minModules = 1): Promise<{ rule: string; from: string; to: string }[]> {
  const r = await cruise(entries, { ...config.options, ruleSet: { forbidden: config.forbidden }, baseDir, tsConfig: undefined, validate: true });
  const out = r.output as ICruiseResult;
  // A cruise that found no modules would pass every rule.
  expect(out.summary.totalCruised).toBeGreaterThanOrEqual(minModules);
  return out.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

describe('layers', () => {
  it('src and workers have no back-arrow, no circle and no reach into a core folder', async () => {
    expect(await violations(root, ['src', 'workers'], 150)).toEqual([]);
  }, 60_000);

  it('the rules fail on a deliberate violation of each kind', async () => {
    const found = await violations(path.join(root, 'test/fixtures/layers'), ['src'], 5);
    const rules = new Set(found.map((v) => v.rule));
    expect(rules).toEqual(new Set(['core-is-pure', 'no-circular', 'core-folders-through-index']));
    expect(found).toContainEqual({ rule: 'core-is-pure', from: 'src/core/a/index.ts', to: 'src/jobs/helper.ts' });
    expect(found).toContainEqual({ rule: 'core-folders-through-index', from: 'src/core/b/index.ts', to: 'src/core/a/two.ts' });
  }, 60_000);
});
