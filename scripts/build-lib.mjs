/**
 * npm run build:lib — the npm package in dist/: ESM compiled by tsc (1:1 with
 * src/ and workers/, with .d.ts), the worker URL pointed at the compiled
 * worker, and the default model files copied next to it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

rmSync('dist/src', { recursive: true, force: true });
rmSync('dist/workers', { recursive: true, force: true });
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });

// Source uses the .ts worker so Vite dev serves it; the package ships the .js.
const client = 'dist/src/client/curator.js';
const code = readFileSync(client, 'utf8');
if (!code.includes("'../../workers/curator.worker.ts'")) throw new Error(`${client}: worker URL not found`);
writeFileSync(client, code.replace("'../../workers/curator.worker.ts'", "'../../workers/curator.worker.js'"));

if (!existsSync('models/generated/mobilenet_v2_mid.onnx')) throw new Error('models/generated is missing: run `npm run prepare` first');
cpSync('models/generated', 'dist/models/generated', { recursive: true, filter: (p) => !p.endsWith('.stamp.json') });
console.log('build:lib: dist/ ready');
