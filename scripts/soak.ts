/**
 * npm run soak [-- --kills 100 --images 5000 --seed 1] — fault injection and load, in real
 * Chromium on a persistent profile (IndexedDB on disk, as users have it).
 *
 * 1. Load: `--images` generated images (distinct, 64 px) indexed in calls of 500; per call the
 *    throughput and the resident memory of every Chromium process of the profile. Memory must
 *    stay within ± 20 % of the first call's (the job streams files; it does not hold them).
 * 2. Kills: `--kills` rounds on a seeded schedule. Each starts an operation — ingest (new files
 *    and some already stored), remove, restore from the trash, train a classifier — and kills
 *    it after a random delay in one of three ways: SIGKILL of the whole browser, terminate()
 *    of the engine worker, page close. After each: curator.integrity() must report no problem,
 *    and the contents must be all-or-nothing for the call (nothing lost that the operation did
 *    not remove, nothing added that it did not add); an interrupted ingest is then run again
 *    to its end and must store each of its files once.
 * Exits 1 on any problem. CI runs a short version from `npm test` (10 kills, 500 images).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, ensureChromium } from './chromium.mjs';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const KILLS = arg('kills', 100);
const IMAGES = arg('images', 5000);
const SEED = arg('seed', 1);
const LOAD_CALL = Math.min(500, IMAGES);

let s = SEED;
const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

const server = await createServer({ logLevel: 'error', server: { port: 5398, strictPort: false, hmr: false, watch: { ignored: ['**/*'] } } });
await server.listen();
const url = `http://localhost:${server.config.server.port}/bench/pages/bench.html`;
const executablePath = await ensureChromium();
const dir = mkdtempSync(join(tmpdir(), 'curatekit-soak-'));

/** Linux exposes processes in /proc: elsewhere the browser is not SIGKILLed (page close instead) and memory is not read. */
const PROC = existsSync('/proc/self/status');
if (!PROC) console.log('soak: no /proc here: SIGKILL rounds become page closes, and memory is not measured');

/** Pids of this profile's Chromium processes (the browser and its children). */
function profilePids(): number[] {
  const pids: number[] = [];
  if (!PROC) return pids;
  for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir)) pids.push(Number(p));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Resident memory of the profile's Chromium processes, MB (renderer, worker, GPU, browser). */
function rssMb(): number {
  let kb = 0;
  for (const p of profilePids()) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kb / 1024;
}

let ctx!: BrowserContext;
let page!: Page;

async function openPage(): Promise<void> {
  page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('[page]', e.message));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  await page.evaluate(async () => {
    const w = window as any;
    w.c = await w.curatekit.createCurator({ dbName: 'soak', batchSize: 16 });
    const listed = (await w.c.run('list_content', null)).results.archive_to_content_type_states_nr_of_contents;
    if (!listed.soak) await w.c.run('create_archive', { name: 'soak', content_type: 'Image' });
    // Image i: a 64 px PNG of coloured shapes from i alone, so every i is a distinct file.
    w.makeFiles = async (from: number, n: number, prefix = 'img') => {
      const canvas = new OffscreenCanvas(64, 64);
      const g = canvas.getContext('2d')!;
      const out: File[] = [];
      for (let i = from; i < from + n; i++) {
        let h = i * 2654435761;
        const r = () => ((h = (Math.imul(h, 1103515245) + 12345) >>> 0) & 0xff);
        g.fillStyle = `rgb(${r()},${r()},${r()})`;
        g.fillRect(0, 0, 64, 64);
        for (let k = 0; k < 4; k++) {
          g.fillStyle = `rgb(${r()},${r()},${r()})`;
          g.fillRect(r() % 48, r() % 48, 8 + (r() % 24), 8 + (r() % 24));
        }
        g.fillStyle = '#000';
        g.fillText(String(i), 2, 60);
        out.push(new File([await canvas.convertToBlob({ type: 'image/png' })], `${prefix}-${i}.png`));
      }
      return out;
    };
  });
}

async function launch(): Promise<void> {
  ctx = await chromium.launchPersistentContext(dir, { executablePath, args: CHROMIUM_ARGS, headless: true });
  await openPage();
}

const state = () => page.evaluate(async () => {
  const w = window as any;
  const contents = await w.c.contents('soak');
  return { ids: contents.map((x: any) => x.id) as number[], names: contents.map((x: any) => x.name) as string[], integrity: await w.c.integrity('soak') };
});

await launch();
const problems: string[] = [];
const load: { call: number; images: number; seconds: number; perSecond: number; rss: number }[] = [];
try {
  // 1. Load.
  for (let from = 0, call = 1; from < IMAGES; from += LOAD_CALL, call++) {
    const n = Math.min(LOAD_CALL, IMAGES - from);
    const seconds = await page.evaluate(async ({ from, n }) => {
      const w = window as any;
      const files = await w.makeFiles(from, n);
      const t = performance.now();
      await w.c.run('index', { archive: 'soak', files, check_for_redundancy_within_batch: false, check_for_redundancy_against_archived: false });
      return (performance.now() - t) / 1000;
    }, { from, n });
    load.push({ call, images: from + n, seconds, perSecond: n / seconds, rss: rssMb() });
    console.log(`load: ${from + n} images, ${(n / seconds).toFixed(1)} img/s, ${rssMb().toFixed(0)} MB`);
  }
  const first = await state();
  if (!first.integrity.ok) problems.push(`after the load run: ${first.integrity.problems.join('; ')}`);
  if (first.ids.length !== IMAGES) problems.push(`after the load run: ${first.ids.length} contents for ${IMAGES} distinct files`);

  // 2. Kills.
  await page.evaluate(async () => {
    const w = window as any;
    const contents = await w.c.contents('soak');
    await w.c.training.setLabels('soak', Object.fromEntries(contents.slice(0, 200).map((x: any, k: number) => [x.id, [k % 2 ? 'odd' : 'even']])));
  });
  let next = IMAGES;
  const tally = new Map<string, number>();
  for (let round = 1; round <= KILLS; round++) {
    const op = pick(['ingest', 'ingest', 'remove', 'restore', 'train'] as const);
    const drawn = pick(['sigkill', 'terminate', 'close'] as const);
    const how = drawn === 'sigkill' && !PROC ? 'close' : drawn;
    const delay = 100 + Math.floor(rand() * 2500);
    tally.set(`${op}/${how}`, (tally.get(`${op}/${how}`) ?? 0) + 1);
    const before = await state();
    const from = next;
    next += 40;
    const sample = before.ids.filter(() => rand() < 0.01).slice(0, 20);
    const removeIds = sample.length ? sample : before.ids.slice(-1);
    // Start the operation without waiting for it; it is killed part way (or has ended).
    const started = await page.evaluate(async ({ op, from, removeIds }) => {
      const w = window as any;
      let touched: number[] = [];
      if (op === 'ingest') {
        // 40 new files and 10 already stored: the stored ones must not come in twice.
        w.batch = [...(await w.makeFiles(from, 40)), ...(await w.makeFiles(0, 10))];
        w.pending = w.c.run('index', { archive: 'soak', files: w.batch, check_for_redundancy_within_batch: false, check_for_redundancy_against_archived: false });
      } else if (op === 'remove') {
        touched = removeIds;
        w.pending = w.c.run('remove_content', { archive: 'soak', archive_content_ids_subset: removeIds });
      } else if (op === 'restore') {
        touched = (await w.c.trash('soak')).slice(0, 20).map((t: any) => t.id);
        w.pending = touched.length ? w.c.restore('soak', touched) : Promise.resolve();
      } else {
        w.pending = w.c.training.train('soak', { maxEpochs: 200 });
      }
      w.pending.catch(() => undefined);
      return touched;
    }, { op, from, removeIds });
    await new Promise((r) => setTimeout(r, delay));
    if (how === 'sigkill') {
      for (const pid of profilePids()) spawnSync('kill', ['-9', String(pid)]);
      await Promise.race([ctx.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
      await launch();
    } else if (how === 'terminate') {
      await page.evaluate(async () => {
        const w = window as any;
        w.c.terminate();
        w.c = await w.curatekit.createCurator({ dbName: 'soak', batchSize: 16 });
      });
    } else {
      await page.close();
      await openPage();
    }
    const after = await state();
    const where = `round ${round} (${op}, ${how} after ${delay} ms)`;
    if (!after.integrity.ok) problems.push(`${where}: ${after.integrity.problems.join('; ')}`);
    const was = new Set(before.ids), now = new Set(after.ids);
    const lost = before.ids.filter((id) => !now.has(id));
    const added = after.ids.filter((id) => !was.has(id));
    const touched = new Set(started);
    if (op === 'remove' && lost.length && (lost.length !== started.length || lost.some((id) => !touched.has(id)))) problems.push(`${where}: removed ${lost.length} of the ${started.length} asked (not all or nothing)`);
    if (op !== 'remove' && lost.length) problems.push(`${where}: ${lost.length} contents lost`);
    // A restore may refuse some (their file was added again since); it never brings back others.
    if (op === 'restore' && added.some((id) => !touched.has(id))) problems.push(`${where}: restored contents that were not asked for`);
    if (op === 'train') {
      const versions = await page.evaluate(async () => (await (window as any).c.training.classifiers('soak')).map((v: any) => typeof v.metrics?.accuracy === 'number'));
      if (versions.some((ok: boolean) => !ok)) problems.push(`${where}: a stored classifier version has no metrics (half written)`);
    }
    if ((op === 'remove' || op === 'train') && added.length) problems.push(`${where}: ${added.length} contents appeared`);
    if (op === 'ingest') {
      // Resume: the same call again, to its end; each of its files is then stored once.
      const names = await page.evaluate(async (from) => {
        const w = window as any;
        const files = [...(await w.makeFiles(from, 40)), ...(await w.makeFiles(0, 10))];
        await w.c.run('index', { archive: 'soak', files, check_for_redundancy_within_batch: false, check_for_redundancy_against_archived: false });
        return (await w.c.contents('soak')).map((x: any) => x.name) as string[];
      }, from);
      const count = (n: string) => names.filter((x) => x === n).length;
      const wrong = Array.from({ length: 40 }, (_, k) => `img-${from + k}.png`).filter((n) => count(n) !== 1);
      if (wrong.length) problems.push(`${where}: after resuming, ${wrong.length} of the 40 new files are not stored exactly once`);
      const resumed = await state();
      if (!resumed.integrity.ok) problems.push(`${where}, resumed: ${resumed.integrity.problems.join('; ')}`);
    }
    if (round % 10 === 0 || round === KILLS) console.log(`kills: ${round}/${KILLS}, ${problems.length} problems, ${after.ids.length} contents`);
  }

  const base = load[0]?.rss ?? 0;
  const worst = Math.max(...load.map((l) => l.rss));
  const flat = !PROC || load.length < 2 || worst <= base * 1.2;
  console.log(`\nLoad: ${IMAGES} images in calls of ${LOAD_CALL} (persistent profile, ${executablePath})\n`);
  console.log('| images so far | img/s in the call | RSS of Chromium (MB) |\n|---|---|---|');
  for (const l of load) console.log(`| ${l.images} | ${l.perSecond.toFixed(1)} | ${l.rss.toFixed(0)} |`);
  console.log(`\nmemory: first call ${base.toFixed(0)} MB, highest ${worst.toFixed(0)} MB (${((worst / Math.max(1, base) - 1) * 100).toFixed(0)} %): ${flat ? 'flat (within 20 %)' : 'NOT flat'}`);
  if (!flat) problems.push(`memory grew from ${base.toFixed(0)} MB to ${worst.toFixed(0)} MB`);
  console.log(`kills: ${KILLS} (seed ${SEED}): ${[...tally].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`integrity problems: ${problems.length}`);
  for (const p of problems) console.log(`  - ${p}`);
} finally {
  await ctx.close().catch(() => undefined);
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(problems.length ? 1 : 0);
