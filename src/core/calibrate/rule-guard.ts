/**
 * The archive guard of `calibrate_similarity`: a rule looser than the prior
 * is kept only if applying it to the archive leaves the archive's duplicate
 * structure recognisable. Calibration pairs show what the person calls
 * similar, not how crowded the archive is; a rule that is only slightly too
 * loose chains distinct items of a crowd into a few giant groups, which
 * near-duplicate groups (an original and a handful of edits) never are.
 */
import { resolveRule, type DuplicateRule } from '../dedupe/index.js';
import { select, type VectorSet } from '../base/index.js';
import { nearDuplicates } from '../dedupe/index.js';
import type { RunOptions } from '../base/index.js';

/** The guard looks at most at this many archive rows (an even spread), bounding its cost to one ~1 s all-pairs pass. */
export const GUARD_SAMPLE = 4000;
/** A looser rule may at most double the archive's largest duplicate group ... */
export const GUARD_GROWTH = 2;
/** ... where groups up to this size are always allowed (an original and a handful of edits). */
export const GUARD_MIN_GROUP = 8;

export interface GuardReport {
  /** Archive rows the guard applied both rules to. */
  rows: number;
  prior: { flagged: number; largestGroup: number };
  candidate: { flagged: number; largestGroup: number };
  passed: boolean;
}

async function structure(vs: VectorSet, rule: DuplicateRule, opts: RunOptions): Promise<{ flagged: number; largestGroup: number }> {
  const { groups } = await nearDuplicates(vs, rule, { signal: opts.signal });
  return { flagged: groups.reduce((s, g) => s + g.length, 0), largestGroup: groups.reduce((m, g) => Math.max(m, g.length), 0) };
}

/** Apply `prior` and `candidate` to (a spread of) the archive and compare the duplicate structure they produce. */
export async function guardLooserRule(archive: VectorSet, prior: DuplicateRule, candidate: DuplicateRule, opts: RunOptions = {}): Promise<GuardReport> {
  const p = resolveRule(prior, 'prior'), c = resolveRule(candidate, 'candidate');
  // An even spread of rows when the archive is larger than the sample.
  const vs = archive.n > GUARD_SAMPLE ? select(archive, Array.from({ length: GUARD_SAMPLE }, (_, x) => Math.floor((x * archive.n) / GUARD_SAMPLE))) : archive;
  const a = await structure(vs, p, opts), b = await structure(vs, c, opts);
  // More flagged items is what loosening is for; giant groups are what chaining looks like.
  const passed = b.largestGroup <= Math.max(GUARD_GROWTH * a.largestGroup, GUARD_MIN_GROUP);
  return { rows: vs.n, prior: a, candidate: b, passed };
}
