/** One line of a benchmark table: ours vs a named peer (or floor), measured in the same run. */
export interface BenchRow {
  task: string;
  /** Our measurement, formatted with its unit ("12.3 ms", "45 k q/s"). */
  ours: string;
  /** The peer or floor it is compared with, formatted, naming it ("hnswlib-wasm 1.2 k q/s"). */
  peer: string;
  /** ours relative to peer as the target states it (e.g. 1.3 = "1.3× floor", 2.4 = "2.4× faster"). */
  ratio: number;
  /** The target in words ("≤ 1.5× floor"). */
  target: string;
  met: boolean;
  /** Extra facts (recall, inertia, parameters). */
  note?: string;
}

/** Median of a list of numbers (benchmarks quote medians: this machine is noisy). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Print rows as an aligned text table. */
export function printTable(title: string, rows: BenchRow[]): void {
  const head = ['task', 'ours', 'peer / floor', 'ratio', 'target', 'met', 'note'];
  const body = rows.map((r) => [r.task, r.ours, r.peer, r.ratio.toFixed(2), r.target, r.met ? 'yes' : 'NO', r.note ?? '']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(`\n${title}\n`);
  console.log(line(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const b of body) console.log(line(b));
}
