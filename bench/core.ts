/**
 * npm run bench:core — core algorithms against their peers/floors, one run, side by side.
 * Each part lives in bench/core/<part>.ts and exports `run(): Promise<BenchRow[]>`.
 * `npm run bench:core -- exact ann` runs only the named parts.
 */
import { printTable, type BenchRow } from './core/row.js';

const parts: Record<string, () => Promise<{ run: () => Promise<BenchRow[]> }>> = {
  exact: () => import('./core/exact.js'),
  ann: () => import('./core/ann.js'),
  neardup: () => import('./core/neardup.js'),
  kmeans: () => import('./core/kmeans.js'),
};

const wanted = process.argv.slice(2).filter((a) => a in parts);
const rows: BenchRow[] = [];
for (const name of wanted.length ? wanted : Object.keys(parts)) {
  console.error(`running ${name} ...`);
  rows.push(...(await (await parts[name]()).run()));
}
printTable('bench:core (medians; ratio as the target states it)', rows);
