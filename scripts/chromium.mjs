/**
 * Find a Chromium for the browser tests: $CHROMIUM_PATH, Playwright's own,
 * or Debian's `chromium` on the PATH. When none is there, install one
 * (apt as root on Debian/Ubuntu, else `npx playwright install chromium`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function onPath(name) {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

async function playwrightOwn() {
  try {
    const { chromium } = await import('playwright-core');
    const p = chromium.executablePath();
    return p && existsSync(p) ? p : '';
  } catch {
    return '';
  }
}

export async function findChromium() {
  if (process.env.CHROMIUM_PATH) {
    if (!existsSync(process.env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`);
    return process.env.CHROMIUM_PATH;
  }
  return (await playwrightOwn()) || onPath('chromium') || onPath('chromium-browser') || onPath('google-chrome') || '';
}

export async function ensureChromium() {
  let path = await findChromium();
  if (path) return path;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && onPath('apt-get')) {
    console.error('No Chromium found: installing Debian\'s chromium with apt-get ...');
    execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], { stdio: 'inherit' });
  } else {
    console.error('No Chromium found: trying `npx playwright install chromium` ...');
    const r = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
    if (r.status !== 0) {
      throw new Error('No Chromium found and none could be installed. Install one (Debian/Ubuntu: `sudo apt-get install chromium`; elsewhere: `npx playwright install chromium`) or set CHROMIUM_PATH to its executable.');
    }
  }
  path = await findChromium();
  if (!path) throw new Error('Chromium was installed but not found; set CHROMIUM_PATH to its executable.');
  return path;
}

/** Flags that make headless Chromium quiet on a closed network and give it WebGPU (SwiftShader without a GPU). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan,CDPScreenshotNewSurface,SkipListAccountsWithoutGaiaCookies',
  '--use-vulkan=swiftshader',
  '--use-angle=swiftshader',
];

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await ensureChromium());
}
