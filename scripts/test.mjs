/**
 * npm test: static checks (types, lint, layer rules, API reports), unit tests
 * (vitest, Node), then browser tests (Playwright, real Chromium), then the
 * consumer-app test (the packed tarball in a fresh Vite app, scripts/consumer-test.mjs), then a
 * short fault-injection soak (scripts/soak.ts: 10 kills, 500 images).
 * Finds a Chromium itself (see scripts/chromium.mjs) and prepares the models if needed.
 *   --unit-only / --browser-only   run one half (static checks run with the unit half)
 *   any other args                 passed to playwright test (e.g. a file filter)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureChromium } from './chromium.mjs';

const args = process.argv.slice(2);
const unitOnly = args.includes('--unit-only');
const browserOnly = args.includes('--browser-only');
const rest = args.filter((a) => !a.startsWith('--unit-only') && !a.startsWith('--browser-only'));

function run(cmd, argv, env = process.env) {
  console.log(`\n$ ${cmd} ${argv.join(' ')}`);
  const r = spawnSync(cmd, argv, { stdio: 'inherit', env });
  return r.status ?? 1;
}

if (!existsSync('models/generated/mobilenet_v2_mid.onnx') || !existsSync('demo/public/samples/index.json')) {
  if (run('npm', ['run', '--silent', 'prepare']) !== 0) process.exit(1);
}

let failed = 0;
if (!browserOnly) {
  failed += run('npm', ['run', '--silent', 'check']) ? 1 : 0;
  failed += run('npx', ['vitest', 'run']) ? 1 : 0;
}
if (!unitOnly) {
  const chromium = await ensureChromium();
  console.log(`Chromium: ${chromium}`);
  failed += run('npx', ['playwright', 'test', ...rest], { ...process.env, CHROMIUM_PATH: chromium }) ? 1 : 0;
  // The packed tarball in a fresh Vite app (docs/assets.md): only on a full run.
  if (rest.length === 0) failed += run('node', ['scripts/consumer-test.mjs'], { ...process.env, CHROMIUM_PATH: chromium }) ? 1 : 0;
  // The fault-injection soak, short (npm run soak runs the full one): only on a full run.
  if (rest.length === 0) failed += run('npx', ['tsx', 'scripts/soak.ts', '--kills', '10', '--images', '500'], { ...process.env, CHROMIUM_PATH: chromium }) ? 1 : 0;
}
process.exit(failed ? 1 : 0);
