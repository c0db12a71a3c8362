/**
 * Mutation testing of the job API's remote half and its Node-tested parts
 * (`npm run mutation`; not part of `npm test`: it takes tens of minutes on
 * two cores). The job handlers themselves run in a worker and are tested in
 * Chromium (test/browser), which Stryker cannot rerun per mutant; they are
 * not mutated here.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vite.config.ts', related: true },
  // The job API's remote half (the Vector Curator connector, its HTTP and polling layers) and the
  // job inputs' validation; the trainer hand-off connectors are left out to keep a run under an hour.
  mutate: ['src/cloud/vector-curator/**/*.ts', 'src/cloud/http/**/*.ts', 'src/cloud/util/**/*.ts', 'src/cloud/connector.ts', 'src/jobs/adapters/**/*.ts', 'src/jobs/validate.ts', 'src/jobs/inputs.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 20000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['.cache', 'dist', 'test-results', 'reports', 'demo/dist', 'bench', 'api'],
  thresholds: { high: 85, low: 70, break: null },
};
