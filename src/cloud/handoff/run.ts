/** Bookkeeping shared by the hand-off targets: checkpoint writes and progress. */
import type { CheckpointItem, CheckpointStore, ExportCheckpoint } from './checkpoint.js';
import type { ExportOptions, ExportProgress, TrainerItem } from './types.js';

export class ExportRun {
  readonly cp: ExportCheckpoint;
  readonly items: TrainerItem[];
  readonly options: ExportOptions;
  readonly uploaded: string[] = [];
  readonly #store: CheckpointStore;
  readonly #key: string;
  #saving: Promise<void> = Promise.resolve();

  constructor(store: CheckpointStore, key: string, cp: ExportCheckpoint, items: TrainerItem[], options: ExportOptions) {
    this.#store = store;
    this.#key = key;
    this.cp = cp;
    this.items = items;
    this.options = options;
  }

  get signal(): AbortSignal | undefined {
    return this.options.signal;
  }

  /** Save after each step; writes are serialised so concurrent uploads cannot reorder them. */
  save(): Promise<void> {
    const snapshot = structuredClone(this.cp);
    this.#saving = this.#saving.then(() => this.#store.save(this.#key, snapshot));
    return this.#saving;
  }

  async setRemote(key: string, id: string): Promise<void> {
    this.cp.remote[key] = id;
    await this.save();
  }

  item(name: string): CheckpointItem | undefined {
    return this.cp.items[name];
  }

  async setItem(name: string, remoteId: string, step: CheckpointItem['step']): Promise<void> {
    if (this.cp.items[name] === undefined) this.uploaded.push(name);
    this.cp.items[name] = { remoteId, step };
    await this.save();
  }

  /** Items finished (labelled) so far. */
  doneCount(): number {
    return this.items.filter((it) => this.cp.items[it.name]?.step === 'labelled').length;
  }

  progress(phase: ExportProgress['phase'], extra: Partial<ExportProgress> = {}): void {
    this.options.onProgress?.({ phase, done: this.doneCount(), total: this.items.length, ...extra });
  }
}

/** A service-specific hand-off. Steps already in the checkpoint are skipped by each method. */
export interface TargetAdapter {
  /** Checks that need no network; throw ValidationError before anything is sent. */
  validate(items: TrainerItem[]): void;
  defaultKey(): string;
  setup(run: ExportRun): Promise<void>;
  /** Do the remaining per-item steps of one item. */
  sendItem(run: ExportRun, item: TrainerItem): Promise<void>;
  /** Steps after all uploads (grouping, training). */
  finish(run: ExportRun): Promise<{ status: 'not-available' | 'skipped' | 'started' | 'completed'; version?: number; reason?: string }>;
}
