/**
 * npm run demo — serve the demo (bundled model + sample collection) and open it.
 * Prepares the models and samples first when a fresh checkout lacks them.
 *   --port N   (default 5173)   --no-open
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'vite';

const argv = process.argv.slice(2);
const port = Number(argv[argv.indexOf('--port') + 1]) || 5173;
if (!existsSync('models/generated/mobilenet_v2_mid.onnx') || !existsSync('demo/public/samples/index.json')) {
  execSync('npm run --silent prepare', { stdio: 'inherit' });
}
const server = await createServer({ server: { port, open: argv.includes('--no-open') || !process.env.DISPLAY ? false : '/demo/' } });
await server.listen();
console.log(`\ncuratekit demo: http://localhost:${server.config.server.port}/demo/  (offline; Ctrl+C to stop)\n`);
