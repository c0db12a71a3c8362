/**
 * The consumer-app test: what a new user gets from the published package.
 *   npm pack → a fresh Vite + TS app from test/consumer/app in a temp dir → npm install the tarball
 *   → strict tsc of the app against the packed .d.ts → vite build (default config)
 *   → serve dist/ with and without COOP/COEP → real Chromium: index photos, find duplicates,
 *   render the gallery; no 4xx/5xx, no hang, a thread report that matches isolation.
 * The app's node_modules (vite, typescript) is cached in $CURATEKIT_CONSUMER_CACHE (default
 * node_modules/.cache/curatekit-consumer); only the tarball is reinstalled each run.
 * Prints the packed size, the app's emitted bytes and the test's duration.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { findChromium } from './chromium.mjs';

const t0 = Date.now();
const root = resolve(import.meta.dirname, '..');
const work = resolve(process.env.CURATEKIT_CONSUMER_CACHE ?? join(root, 'node_modules/.cache/curatekit-consumer'), String(process.env.CURATEKIT_TEST_PORT ?? 'default'));
const app = join(work, 'app');
const sh = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
const step = (msg) => console.log(`consumer: ${msg} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
const failures = [];
const check = (ok, msg) => {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${msg}`);
  if (!ok) failures.push(msg);
};

/**
 * Each ```ts block of README.md and docs/*.md as a module of its own in `dir`. Free names the
 * prose gives them (an <input>, a <progress>, a curator from an earlier block, Node's process)
 * are declared once in globals.d.ts; anything else a block uses must be imported in it.
 */
function writeSnippets(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'globals.d.ts'), [
    "import type { Curator } from 'curatekit';",
    'declare global {',
    '  const input: HTMLInputElement;',
    '  const bar: HTMLProgressElement;',
    '  const curator: Curator;',
    '  const process: { env: Record<string, string | undefined> };',
    '}',
    'export {};',
    '',
  ].join('\n'));
  // An ambient module needs a file without imports.
  writeFileSync(join(dir, 'node.d.ts'), "declare module 'node:fs/promises' { export function readFile(path: string): Promise<Uint8Array<ArrayBuffer>>; }\n");
  let n = 0;
  for (const doc of ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]) {
    const blocks = readFileSync(join(root, doc), 'utf8').split(/^```ts\n/m).slice(1).map((b) => b.slice(0, b.indexOf('\n```')));
    blocks.forEach((code, i) => {
      const name = `${doc.replace(/[/.]/g, '_')}_${i + 1}.ts`;
      writeFileSync(join(dir, name), `// ${doc}, block ${i + 1}\n${code}\nexport {};\n`);
      n++;
    });
  }
  return n;
}

// 1. The package as npm would publish it.
sh('node', ['scripts/build-lib.mjs']);
sh('node', ['scripts/build-browser.mjs']);
mkdirSync(work, { recursive: true });
const packed = JSON.parse(sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work]))[0];
const tarball = join(work, packed.filename);
step(`packed ${packed.filename}: ${(packed.size / 1e6).toFixed(1)} MB packed, ${(packed.unpackedSize / 1e6).toFixed(1)} MB unpacked, ${packed.entryCount} files`);

// 2. A fresh app from the template; keep node_modules between runs.
mkdirSync(app, { recursive: true });
for (const f of readdirSync(app)) if (f !== 'node_modules' && f !== 'package-lock.json') rmSync(join(app, f), { recursive: true, force: true });
cpSync(join(root, 'test/consumer/app'), app, { recursive: true });
const img = join(app, 'public/img');
mkdirSync(img, { recursive: true });
const samples = join(root, 'demo/public/samples');
cpSync(join(samples, 'photo-black-canyon.jpg'), join(img, 'canyon.jpg'));
cpSync(join(samples, 'photo-black-canyon-small-q25.jpg'), join(img, 'canyon-small-q25.jpg'));
cpSync(join(samples, 'photo-locomotion-house-cat.jpg'), join(img, 'cat.jpg'));
cpSync(join(samples, 'photo-locomotion-house-cat.jpg'), join(img, 'cat-copy.jpg'));
sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], app);
step('installed the tarball');
// The package's exports and types as publint and arethetypeswrong see them (they exit non-zero on a problem).
sh('npx', ['publint', join(app, 'node_modules/curatekit')]);
sh('npx', ['attw', tarball, '--profile', 'esm-only']);
step('publint and attw: no problems');

const installed = (name) => JSON.parse(readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8')).version;
step(`the app got onnxruntime-web ${installed('onnxruntime-web')}, @tensorflow/tfjs ${installed('@tensorflow/tfjs')} (the repo's own tests run the versions in package-lock.json)`);

// 3. Strict types against the packed .d.ts — the app and every ```ts block of the README and docs/ —
// then a production build with Vite's defaults.
const snippets = writeSnippets(join(app, 'src/snippets'));
sh('npx', ['tsc', '--noEmit', '-p', '.'], app);
step(`strict tsc passed: the app and ${snippets} README/docs snippets`);
sh('npx', ['vite', 'build', '--logLevel', 'warn'], app);
const dist = join(app, 'dist');
const sizes = {};
const walk = (d) => readdirSync(d).forEach((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : (sizes[join(d, f).slice(dist.length + 1)] = statSync(join(d, f)).size)));
walk(dist);
const total = Object.entries(sizes).filter(([f]) => !f.startsWith('img/')).reduce((a, [, b]) => a + b, 0);
step(`vite build: ${(total / 1e6).toFixed(1)} MB emitted (without the test photos)`);
for (const [f, b] of Object.entries(sizes).filter(([, b]) => b > 1e6)) console.log(`    ${(b / 1e6).toFixed(1).padStart(6)} MB  ${f}`);

// 4. Serve dist/ as a static host would, with or without isolation headers.
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.onnx': 'application/octet-stream', '.jpg': 'image/jpeg', '.css': 'text/css' };
function serve(dir, isolated) {
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'index.html') : path;
    const headers = isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
    if (!file.startsWith(dir) || !existsSync(file)) return res.writeHead(404, headers).end('not found');
    res.writeHead(200, { ...headers, 'content-type': types[extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

const browser = await chromium.launch({ executablePath: await findChromium(), args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
// The no-bundler page: the installed package folder served as static files, as a CDN would.
const plain = join(work, 'plain');
rmSync(plain, { recursive: true, force: true });
cpSync(join(root, 'test/consumer/plain'), plain, { recursive: true });
cpSync(img, join(plain, 'img'), { recursive: true });
cpSync(join(app, 'node_modules/curatekit'), join(plain, 'curatekit'), { recursive: true, dereference: true });

const cases = [
  { label: 'Vite build, with COOP/COEP', dir: dist, isolated: true, key: 'isolated' },
  { label: 'Vite build, without isolation', dir: dist, isolated: false, key: 'plain' },
  { label: 'no bundler, with COOP/COEP', dir: plain, isolated: true, key: 'nobundler' },
  { label: 'no bundler, without isolation', dir: plain, isolated: false, key: 'nobundler-plain' },
].filter((c) => !process.env.CONSUMER_ONLY || process.env.CONSUMER_ONLY.split(',').includes(c.key));
try {
  for (const { label, dir, isolated, key } of cases) {
    const server = await serve(dir, isolated);
    const page = await browser.newPage();
    const bad = [];
    const warnings = [];
    page.on('response', (r) => r.status() >= 400 && bad.push(`${r.status()} ${r.url()}`));
    const consoleLines = [];
    page.on('console', (m) => {
      consoleLines.push(`${m.type()}: ${m.text()}`);
      if (m.type() === 'warning') warnings.push(m.text());
    });
    page.on('pageerror', (e) => bad.push(`pageerror ${e.message}`));
    try {
      await page.goto(`http://127.0.0.1:${server.address().port}/`, { timeout: 60_000 });
      // Poll rather than waitForFunction: a page whose main thread is stuck must still end the test.
      let r;
      const deadline = Date.now() + 180_000;
      while (!r && Date.now() < deadline) {
        r = await Promise.race([page.evaluate(() => window.consumer), new Promise((ok) => setTimeout(() => ok(undefined), 5000))]);
        if (!r) await new Promise((ok) => setTimeout(ok, 1000));
      }
      r ??= { error: 'no result within 180 s (hang)' };
      if (r.error) console.log(consoleLines.slice(-20).map((l) => `    console ${l}`).join('\n'));
      step(`${label}: ${JSON.stringify(r)}`);
      check(!r.error, `${label}: indexes, no error`);
      check(bad.length === 0, `${label}: no failed requests ${bad.join(', ')}`);
      if (!r.error) {
        check(r.indexed === 3 && r.exact.includes('cat-copy.jpg'), `${label}: 3 photos indexed, the exact copy reported`);
        check(r.groups >= 1, `${label}: duplicates() finds a group`);
        check(r.info.crossOriginIsolated === isolated, `${label}: crossOriginIsolated reported ${r.info.crossOriginIsolated}`);
        // Vite's default worker format ('iife') and still real threads under isolation; one thread without.
        const threadsOk = isolated ? r.info.threads === r.info.threadsRequested && (r.cores < 2 || r.info.threads >= 2) : r.info.threads === 1;
        check(threadsOk, `${label}: threads in effect reported ${r.info.threads} of ${r.info.threadsRequested} (${r.cores} cores)`);
        const threadWarnings = warnings.filter((w) => w.includes('curatekit') && w.includes('Cross-Origin-Embedder-Policy'));
        check(threadWarnings.length === (isolated ? 0 : 1), `${label}: ${isolated ? 'no' : 'one'} warning naming the isolation headers (${threadWarnings.length})`);
        check(r.tiles >= r.indexed, `${label}: the gallery shows the new photos without a manual refresh (${r.tiles} images)`);
        await page.screenshot({ path: join(work, `consumer-${key}.png`), fullPage: true });
      }
    } finally {
      await page.close();
      server.close();
    }
  }
} finally {
  await browser.close();
}
writeFileSync(join(work, 'sizes.json'), JSON.stringify({ packed: packed.size, unpacked: packed.unpackedSize, emitted: total, files: sizes }, null, 1));
step(failures.length ? `${failures.length} failures` : 'all passed');
process.exit(failures.length ? 1 : 0);
