/**
 * A person's duplicate decisions, stored on the archive record (so they
 * survive reloads and travel with the archive): pair answers and keeper
 * choices. Every write validates first and changes nothing on a bad input.
 */
import type { DuplicateDecisions, PairAnswer } from '../contract/views.js';
import { ValidationError } from '../contract/errors.js';
import type { ArchiveStore } from '../store/store.js';
import type { ArchiveRecord } from '../store/schema.js';

import { pairKey } from '../contract/pair-key.js';

export { pairKey };

/** The stored decisions of an archive (empty when none). */
export function decisionsOf(a: ArchiveRecord): DuplicateDecisions {
  return { pairs: a.decisions?.pairs ?? [], keepers: a.decisions?.keepers ?? [] };
}

async function contentIds(store: ArchiveStore, a: ArchiveRecord): Promise<Set<number>> {
  return new Set((await store.getContents(a.id, null, { thumbnails: false })).map((c) => c.id));
}

/** Validate answers against the archive's contents; returns them normalised (a < b). */
export async function checkAnswers(store: ArchiveStore, a: ArchiveRecord, answers: unknown, field = 'answers'): Promise<PairAnswer[]> {
  if (!Array.isArray(answers) || answers.length === 0) throw new ValidationError(field, 'a non-empty list of { a, b, same }');
  if (answers.length > 10_000) throw new ValidationError(field, 'at most 10000 answers at once');
  const ids = await contentIds(store, a);
  return answers.map((x: Partial<PairAnswer> | null, i) => {
    if (!x || typeof x !== 'object') throw new ValidationError(`${field}[${i}]`, 'an object { a, b, same }');
    if (typeof x.same !== 'boolean') throw new ValidationError(`${field}[${i}].same`, 'a boolean');
    for (const f of ['a', 'b'] as const) {
      if (!Number.isInteger(x[f]) || !ids.has(x[f]!)) throw new ValidationError(`${field}[${i}].${f}`, `the id of a content of archive "${a.name}"`);
    }
    if (x.a === x.b) throw new ValidationError(`${field}[${i}].b`, `a content other than ${field}[i].a`);
    return { a: Math.min(x.a!, x.b!), b: Math.max(x.a!, x.b!), same: x.same };
  });
}

/** Store answers (the latest answer on a pair replaces the earlier one). */
export async function answerPairs(store: ArchiveStore, archive: string, answers: unknown): Promise<DuplicateDecisions> {
  const a = await store.getArchive(archive);
  const checked = await checkAnswers(store, a, answers);
  const now = Date.now();
  const updated = await store.updateArchive(archive, (x) => {
    const byKey = new Map(decisionsOf(x).pairs.map((p) => [pairKey(p.a, p.b), p]));
    for (const ans of checked) byKey.set(pairKey(ans.a, ans.b), { ...ans, at: now });
    return { ...x, decisions: { ...decisionsOf(x), pairs: [...byKey.values()] } };
  });
  return decisionsOf(updated);
}

/**
 * Take back stored answers (undo): each `{ a, b }` pair goes back to the rule's own
 * decision. Pairs without a stored answer are ignored; ids need not exist any more.
 */
export async function forgetAnswers(store: ArchiveStore, archive: string, pairs: unknown): Promise<DuplicateDecisions> {
  if (!Array.isArray(pairs) || pairs.length === 0) throw new ValidationError('pairs', 'a non-empty list of { a, b }');
  const keys = pairs.map((x: { a?: unknown; b?: unknown } | null, i) => {
    if (!x || typeof x !== 'object') throw new ValidationError(`pairs[${i}]`, 'an object { a, b }');
    for (const f of ['a', 'b'] as const) if (!Number.isInteger(x[f])) throw new ValidationError(`pairs[${i}].${f}`, 'a content id (integer)');
    return pairKey(x.a as number, x.b as number);
  });
  const drop = new Set(keys);
  const updated = await store.updateArchive(archive, (x) => ({ ...x, decisions: { ...decisionsOf(x), pairs: decisionsOf(x).pairs.filter((p) => !drop.has(pairKey(p.a, p.b))) } }));
  return decisionsOf(updated);
}

/** Stop treating `keep` as a chosen keeper (undo of setKeeper): the suggested keeper applies again. */
export async function forgetKeeper(store: ArchiveStore, archive: string, keep: unknown): Promise<DuplicateDecisions> {
  if (!Number.isInteger(keep)) throw new ValidationError('options.keep', 'a content id (integer)');
  const updated = await store.updateArchive(archive, (x) => ({ ...x, decisions: { ...decisionsOf(x), keepers: decisionsOf(x).keepers.filter((k) => k !== keep) } }));
  return decisionsOf(updated);
}

/**
 * Make `keep` the keeper of the group `group` (the ids shown): `keep` must be one of them.
 * Any other member that was a chosen keeper stops being one.
 */
export async function setKeeper(store: ArchiveStore, archive: string, options: { keep?: unknown; group?: unknown }): Promise<DuplicateDecisions> {
  const { keep, group } = options ?? {};
  if (!Array.isArray(group) || group.length < 2 || !group.every((id) => Number.isInteger(id))) throw new ValidationError('options.group', 'the ids of a duplicate group (at least 2 integers)');
  if (!Number.isInteger(keep) || !group.includes(keep)) throw new ValidationError('options.keep', 'one of options.group (a keeper must be in its group)');
  const a = await store.getArchive(archive);
  const ids = await contentIds(store, a);
  const missing = group.find((id) => !ids.has(id as number));
  if (missing !== undefined) throw new ValidationError('options.group', `ids of contents of archive "${a.name}" (${String(missing)} is not)`);
  const others = new Set(group as number[]);
  const updated = await store.updateArchive(archive, (x) => {
    const d = decisionsOf(x);
    return { ...x, decisions: { ...d, keepers: [...d.keepers.filter((k) => !others.has(k)), keep as number] } };
  });
  return decisionsOf(updated);
}
