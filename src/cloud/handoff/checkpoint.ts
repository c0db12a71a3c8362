/**
 * Resume state of a hand-off. Plain JSON, so the engine can persist it
 * wherever it likes (IndexedDB, a file); this module knows no storage.
 */
import { dict } from '../../contract/dict.js';

/** The services a hand-off can train on. */
export type TrainerService = 'apitorch' | 'vize' | 'ximilar';

/** Per item: the id the service gave it and the last step that finished. */
export interface CheckpointItem {
  remoteId: string;
  /** 'uploaded': the file is on the service; 'labelled': it is also attached to its label/group (done). */
  step: 'uploaded' | 'labelled';
}

export interface ExportCheckpoint {
  version: 1;
  service: TrainerService;
  /** Ids of things the setup created or found: "task", "type", "label:<name>", "group:<name>", "connected:<name>". */
  remote: Record<string, string>;
  items: Record<string, CheckpointItem>;
  training?: { started: boolean; fromVersion?: number; finished?: boolean; version?: number };
}

/** Where hand-off progress is recorded; `save` is called after every remote step. */
export interface CheckpointStore {
  load(key: string): ExportCheckpoint | undefined | Promise<ExportCheckpoint | undefined>;
  save(key: string, checkpoint: ExportCheckpoint): void | Promise<void>;
  clear(key: string): void | Promise<void>;
}

/** Default store: in memory, deep-copied in and out so callers cannot alias it. */
export class MemoryCheckpointStore implements CheckpointStore {
  #data = new Map<string, ExportCheckpoint>();

  load(key: string): ExportCheckpoint | undefined {
    const cp = this.#data.get(key);
    return cp === undefined ? undefined : structuredClone(cp);
  }

  save(key: string, checkpoint: ExportCheckpoint): void {
    this.#data.set(key, structuredClone(checkpoint));
  }

  clear(key: string): void {
    this.#data.delete(key);
  }
}

/**
 * The checkpoint with its name-keyed maps copied into objects without a
 * prototype, so an item or label named "constructor" or "__proto__" is looked
 * up as itself (a loaded checkpoint is plain JSON with Object.prototype).
 */
export function keyedByName(cp: ExportCheckpoint): ExportCheckpoint {
  return { ...cp, remote: Object.assign(dict<string>(), cp.remote), items: Object.assign(dict<CheckpointItem>(), cp.items) };
}

export function emptyCheckpoint(service: TrainerService): ExportCheckpoint {
  return { version: 1, service, remote: dict(), items: dict() };
}
