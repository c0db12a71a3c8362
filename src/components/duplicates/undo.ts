/**
 * The stored decisions a user makes on a duplicate group ("not a duplicate",
 * "make keeper"), each with the words shown for it and how to take it back.
 * They are stored with the archive by the client, so an undo is a store write too.
 */
import type { CuratorLike } from '../shared/curator-like.js';
import { ValidationError } from '../../contract/errors.js';
import type { StoredDecision } from '../shared/events.js';

export type { StoredDecision };

function need<K extends keyof CuratorLike>(curator: CuratorLike, method: K): NonNullable<CuratorLike[K]> {
  const f = curator[method];
  if (typeof f !== 'function') throw new ValidationError('curator', `a client with ${String(method)}() (curatekit's Curator has it)`);
  return (f as (...args: never[]) => unknown).bind(curator) as NonNullable<CuratorLike[K]>;
}

/** Store the decision. */
export async function applyDecision(curator: CuratorLike, archive: string, d: StoredDecision): Promise<void> {
  if (d.kind === 'not-same') await need(curator, 'answerPairs')(archive, [{ a: d.a, b: d.b, same: false }]);
  else await need(curator, 'setKeeper')(archive, d.keep, d.group);
}

/** Take the decision back. */
export async function undoDecision(curator: CuratorLike, archive: string, d: StoredDecision): Promise<void> {
  if (d.kind === 'not-same') await need(curator, 'forgetAnswers')(archive, [{ a: d.a, b: d.b }]);
  else await need(curator, 'forgetKeeper')(archive, d.keep);
}
