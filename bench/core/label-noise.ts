/**
 * Label-error finding measured as the issue asks, run inside the bench page: 10 % of
 * an archive's labels flipped to another label at random (seeded), then the first N
 * flagged items scored against the flipped ones (N = how many were flipped).
 * Imported by the page (plain ES, no Node APIs).
 */
interface TrainingApi {
  setLabels(archive: string, labels: Record<number, string[]>): Promise<unknown>;
  labelErrors(archive: string): Promise<{ issues: { id: number }[]; crossValidatedAccuracy: number }>;
}

export interface LabelNoiseResult {
  flipped: number;
  flagged: number;
  precision: number;
  recall: number;
  ms: number;
  cv: number;
}

export async function measureLabelErrors(training: TrainingApi, archive: string, truth: Map<number, string>, seed = 7): Promise<LabelNoiseResult> {
  let s = seed;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const ids = [...truth.keys()];
  const labels = [...new Set(truth.values())];
  const flipped = new Set<number>();
  while (flipped.size < Math.round(ids.length / 10)) flipped.add(ids[Math.floor(rand() * ids.length)]);
  const noisy = Object.fromEntries(
    ids.map((id) => {
      if (!flipped.has(id)) return [id, [truth.get(id)!]];
      const others = labels.filter((l) => l !== truth.get(id));
      return [id, [others[Math.floor(rand() * others.length)]]];
    }),
  );
  await training.setLabels(archive, noisy);
  const t = performance.now();
  const errors = await training.labelErrors(archive);
  const ms = performance.now() - t;
  const top = errors.issues.slice(0, flipped.size);
  const hits = top.filter((i) => flipped.has(i.id)).length;
  return { flipped: flipped.size, flagged: errors.issues.length, precision: top.length ? hits / top.length : 0, recall: hits / flipped.size, ms, cv: errors.crossValidatedAccuracy };
}
