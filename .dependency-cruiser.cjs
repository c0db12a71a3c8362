/**
 * Layer rules (docs/architecture.md). Calls go down, data comes up:
 *   components → client → contract
 *   worker → jobs → embed | store | train | core | export | cloud → contract
 * `npm run lint:deps` fails on any import that goes up a layer or closes a circle.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import circles make layers impossible to read in order.', from: { path: '^src|^workers' }, to: { circular: true } },
    { name: 'contract-is-the-bottom', severity: 'error', comment: 'src/contract imports nothing of the other layers.', from: { path: '^src/contract/' }, to: { path: '^src/(?!contract/)' } },
    { name: 'core-is-pure', severity: 'error', comment: 'core works on vectors, ids and numbers: only contract below it.', from: { path: '^src/core/' }, to: { path: '^src/(?!core/|contract/)' } },
    { name: 'core-no-deps', severity: 'error', comment: 'core runs in Node, pages and workers without a bundler: no npm imports except umap-js.', from: { path: '^src/core/' }, to: { dependencyTypes: ['npm', 'npm-dev', 'npm-peer', 'npm-optional'], pathNot: 'umap-js' } },
    { name: 'core-folders-through-index', severity: 'error', comment: 'A core folder is used by the others only through its index.ts.', from: { path: '^src/core/([^/]+)/' }, to: { path: '^src/core/([^/]+)/', pathNot: ['^src/core/$1/', '^src/core/[^/]+/index\\.ts$'] } },
    { name: 'store-knows-no-models', severity: 'error', from: { path: '^src/store/' }, to: { path: '^src/(jobs|embed|client|components|worker|cloud|export)/' } },
    { name: 'embed-knows-no-storage', severity: 'error', from: { path: '^src/embed/' }, to: { path: '^src/(jobs|store|client|components|worker|cloud|export)/' } },
    { name: 'export-below-jobs', severity: 'error', from: { path: '^src/export/' }, to: { path: '^src/(jobs|store|embed|client|components|worker|cloud)/' } },
    { name: 'cloud-below-jobs', severity: 'error', comment: 'Connectors are usable from a page or a worker on their own.', from: { path: '^src/cloud/' }, to: { path: '^src/(jobs|store|embed|client|components|worker|core)/' } },
    { name: 'train-below-jobs', severity: 'error', comment: 'Training heads work on vectors and labels: core, contract and tfjs only.', from: { path: '^src/train/' }, to: { path: '^src/(jobs|store|embed|client|components|worker|cloud|export)/' } },
    { name: 'jobs-not-up', severity: 'error', from: { path: '^src/jobs/' }, to: { path: '^src/(client|components|worker)/' } },
    { name: 'worker-not-up', severity: 'error', from: { path: '^src/worker/|^workers/' }, to: { path: '^src/(client|components)/' } },
    { name: 'client-talks-to-the-worker-only', severity: 'error', comment: 'The client speaks the contract; engine code stays in the worker.', from: { path: '^src/client/' }, to: { path: '^src/(jobs|store|embed|core|worker|components)/' } },
    { name: 'components-through-the-client', severity: 'error', comment: 'Components never touch IndexedDB, models or the engine.', from: { path: '^src/components/' }, to: { path: '^src/(jobs|store|embed|worker)/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'default'], extensions: ['.ts', '.js', '.mjs'] },
    exclude: { path: 'node_modules' },
  },
};
