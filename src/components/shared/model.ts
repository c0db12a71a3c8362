/**
 * The state the elements share: which items are selected, which one is in
 * focus, the cluster assignment and names, labels, and per-item scores.
 * `<curate-app>` hands one instance to every child; an element used alone
 * makes its own. Changes fire one `change` event naming what changed.
 */
import { ValidationError } from '../../contract/errors.js';
import { checkIds, checkInt } from '../../contract/validate.js';

export type ModelChange = 'selection' | 'focus' | 'contents' | 'clusters' | 'labels' | 'scores';

export interface ClusterInfo {
  /** Content ids per cluster, sorted as the job returned them. */
  ids: number[][];
  /** Display names (user-editable). */
  names: string[];
  /** How the number of clusters was chosen (shown to the user). */
  explanation: string;
}

/** What survives a reload: small, JSON, per archive. */
export interface PersistedModel {
  selected: number[];
  /** The first label of each labelled content. */
  labels: [number, string][];
  /** Further labels of multi-label contents. */
  moreLabels?: [number, string[]][];
  clusters: ClusterInfo | null;
  /**
   * `added_at` of every content the state names, when known: an archive
   * deleted and created again under the same name hands out the same ids to
   * new contents, and the stamps tell them apart ({@link CurationModel.reconcile}).
   */
  stamps?: [number, number][];
}

/** Where a model keeps its per-archive state. @defaultValue localStorage (when there is one) */
export interface ModelStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export type SelectMode = 'replace' | 'add' | 'remove' | 'toggle';

/** A label edit on several contents: replace their labels with one (or none), add one, take one off. */
export type LabelEdit = 'set' | 'add' | 'remove';

function checkLabel(label: unknown, field = 'label'): string {
  if (typeof label !== 'string' || label.trim() === '' || label.length > 100) throw new ValidationError(field, 'non-empty string of at most 100 characters');
  return label.trim();
}

function defaultStorage(): ModelStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // opaque origins throw on access
  }
}

export class CurationModel extends EventTarget {
  readonly selected = new Set<number>();
  /** The first label of each labelled content (badges, colours, balance); {@link labelsOf} has them all. */
  readonly labels = new Map<number, string>();
  /** Labels after the first, for multi-label contents. */
  #more = new Map<number, string[]>();
  /** Score name → id → value (uniqueness, representativeness, outlier, quality keys). */
  readonly scores = new Map<string, Map<number, number>>();
  focus: number | null = null;
  clusters: ClusterInfo | null = null;
  /** Bumped whenever the archive's contents change (index, remove). */
  revision = 0;
  /** Jobs started by elements of this model that can be cancelled (oldest first). */
  readonly cancellable: { job_type: string; controller: AbortController }[] = [];
  #archive: string | null = null;
  #storage: ModelStorage | null;
  /** id → added_at: persisted stamps until reconciled, then the archive's contents. */
  #stamps = new Map<number, number>();

  constructor(storage: ModelStorage | null = defaultStorage()) {
    super();
    this.#storage = storage;
  }

  get archive(): string | null {
    return this.#archive;
  }

  /** Switch to an archive: restores what was saved for it. */
  attach(archive: string): void {
    if (archive === this.#archive) return;
    this.#archive = archive;
    this.selected.clear();
    this.labels.clear();
    this.#more.clear();
    this.scores.clear();
    this.clusters = null;
    this.focus = null;
    this.#stamps.clear();
    const raw = this.#storage?.getItem(this.#key(archive));
    if (raw) {
      try {
        const saved = JSON.parse(raw) as PersistedModel;
        for (const id of saved.selected ?? []) this.selected.add(id);
        for (const [id, label] of saved.labels ?? []) this.labels.set(id, label);
        for (const [id, more] of saved.moreLabels ?? []) if (this.labels.has(id) && Array.isArray(more)) this.#more.set(id, more);
        this.clusters = saved.clusters ?? null;
        for (const [id, at] of saved.stamps ?? []) this.#stamps.set(id, at);
      } catch {
        // A corrupt entry only loses UI state; the archive itself is in IndexedDB.
      }
    }
    for (const kind of ['selection', 'labels', 'clusters', 'contents'] as const) this.#emit(kind);
  }

  select(ids: number[], mode: SelectMode = 'replace'): void {
    checkIds(ids, 'ids');
    if (mode === 'replace') this.selected.clear();
    for (const id of ids) {
      if (mode === 'remove' || (mode === 'toggle' && this.selected.has(id))) this.selected.delete(id);
      else this.selected.add(id);
    }
    this.#changed('selection');
  }

  setFocus(id: number | null): void {
    if (id !== null) checkInt(id, 'id', 0, Infinity, 'content id (int >= 0) or null');
    this.focus = id;
    this.#emit('focus');
  }

  setClusters(info: ClusterInfo | null): void {
    if (info !== null && (!Array.isArray(info.ids) || info.names.length !== info.ids.length)) throw new ValidationError('clusters.names', 'one name per cluster');
    this.clusters = info;
    this.#changed('clusters');
  }

  /** Index of the cluster holding `id`, or -1. */
  clusterOf(id: number): number {
    return this.clusters ? this.clusters.ids.findIndex((c) => c.includes(id)) : -1;
  }

  /** Replace the labels of `ids` with `label` (null: no label). */
  setLabel(ids: number[], label: string | null): void {
    checkIds(ids, 'ids');
    const l = label === null ? null : checkLabel(label, 'label');
    this.putLabels(ids.map((id) => [id, l === null ? [] : [l]]));
  }

  /** Every label of a content, the first being `labels.get(id)`. */
  labelsOf(id: number): string[] {
    const first = this.labels.get(id);
    return first === undefined ? [] : [first, ...(this.#more.get(id) ?? [])];
  }

  /** Every label in use, with how many contents carry it, most used first. */
  labelCounts(): [string, number][] {
    const counts = new Map<string, number>();
    for (const id of this.labels.keys()) for (const l of this.labelsOf(id)) counts.set(l, (counts.get(l) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }

  /** The labels `ids` would have after an edit (validated; nothing changes). */
  editedLabels(ids: number[], edit: LabelEdit, label: string | null): [number, string[]][] {
    checkIds(ids, 'ids');
    if (!['set', 'add', 'remove'].includes(edit)) throw new ValidationError('edit', "'set' | 'add' | 'remove'");
    const l = label === null && edit === 'set' ? null : checkLabel(label, 'label');
    return ids.map((id): [number, string[]] => {
      const now = this.labelsOf(id);
      if (edit === 'set') return [id, l === null ? [] : [l]];
      if (edit === 'add') return [id, now.includes(l!) ? now : [...now, l!]];
      return [id, now.filter((x) => x !== l)];
    });
  }

  /** Set the full label list of each content (an empty list removes its labels). */
  putLabels(entries: Iterable<[number, readonly string[]]>): void {
    for (const [id, list] of entries) this.#putOne(id, list);
    this.#changed('labels');
  }

  /** Replace every label with the archive's (a label or the list of a multi-label content, per id). */
  replaceLabels(entries: Iterable<[number, string | readonly string[]]>): void {
    this.labels.clear();
    this.#more.clear();
    for (const [id, l] of entries) this.#putOne(id, typeof l === 'string' ? [l] : l);
    this.#changed('labels');
  }

  #putOne(id: number, list: readonly string[]): void {
    const unique = [...new Set(list.map((l) => l.trim()).filter((l) => l !== ''))];
    this.#more.delete(id);
    if (unique.length === 0) {
      this.labels.delete(id);
      return;
    }
    this.labels.set(id, unique[0]);
    if (unique.length > 1) this.#more.set(id, unique.slice(1));
  }

  setScores(name: string, ids: number[], values: ArrayLike<number>): void {
    checkIds(ids, 'ids');
    if (ids.length !== values.length) throw new ValidationError('values', 'one value per id');
    const m = new Map<number, number>();
    ids.forEach((id, i) => m.set(id, values[i]));
    this.scores.set(name, m);
    this.#emit('scores');
  }

  /** The last removal through an element (in the trash, restorable), or null. */
  lastRemoved: { archive: string; ids: number[] } | null = null;

  /** The archive's contents changed: drop state about ids that are gone. */
  contentsChanged(removed: number[] = []): void {
    const gone = new Set(removed);
    for (const id of gone) {
      this.selected.delete(id);
      this.labels.delete(id);
      this.#more.delete(id);
      for (const m of this.scores.values()) m.delete(id);
    }
    if (this.clusters && gone.size) {
      const keep = this.clusters.ids.map((c) => c.filter((id) => !gone.has(id)));
      this.clusters = { ...this.clusters, ids: keep };
    }
    if (this.focus !== null && gone.has(this.focus)) this.focus = null;
    this.revision++;
    this.#changed('contents');
  }

  /**
   * Check the saved state against the archive's contents: ids that are gone,
   * or that now belong to other contents (same id, another `added_at`: the
   * archive was deleted and made again), are dropped from the selection,
   * labels and clusters. Elements call it whenever they load the contents.
   */
  reconcile(contents: readonly { id: number; added_at: number }[]): void {
    const present = new Map(contents.map((c) => [c.id, c.added_at]));
    const valid = (id: number) => present.has(id) && (!this.#stamps.has(id) || this.#stamps.get(id) === present.get(id));
    const stale = new Set([...this.#namedIds()].filter((id) => !valid(id)));
    this.#stamps = present;
    if (stale.size === 0) {
      this.#save();
      return;
    }
    for (const id of stale) {
      this.selected.delete(id);
      this.labels.delete(id);
      this.#more.delete(id);
    }
    if (this.clusters) this.clusters = { ...this.clusters, ids: this.clusters.ids.map((c) => c.filter((id) => !stale.has(id))) };
    this.#save();
    for (const kind of ['selection', 'labels', 'clusters'] as const) this.#emit(kind);
  }

  /** Register a cancellable run; call the returned function when it ends. */
  track(job_type: string, controller: AbortController): () => void {
    const entry = { job_type, controller };
    this.cancellable.push(entry);
    return () => {
      const i = this.cancellable.indexOf(entry);
      if (i >= 0) this.cancellable.splice(i, 1);
    };
  }

  /** Cancel the oldest running job of this type started through this model; false when there is none. */
  cancel(job_type: string): boolean {
    const entry = this.cancellable.find((e) => e.job_type === job_type && !e.controller.signal.aborted);
    entry?.controller.abort();
    return entry !== undefined;
  }

  /** Every id the saved state names (selection, labels, clusters). */
  #namedIds(): Set<number> {
    return new Set([...this.selected, ...this.labels.keys(), ...(this.clusters?.ids.flat() ?? [])]);
  }

  #key(archive: string): string {
    return `curatekit:model:${archive}`;
  }

  #changed(kind: ModelChange): void {
    this.#save();
    this.#emit(kind);
  }

  #save(): void {
    if (!this.#archive || !this.#storage) return;
    const stamps = [...this.#namedIds()].filter((id) => this.#stamps.has(id)).map((id): [number, number] => [id, this.#stamps.get(id)!]);
    const state: PersistedModel = { selected: [...this.selected], labels: [...this.labels], moreLabels: [...this.#more], clusters: this.clusters, stamps };
    try {
      this.#storage.setItem(this.#key(this.#archive), JSON.stringify(state));
    } catch {
      // Storage full or blocked: the UI state stays in memory for this session.
    }
  }

  #emit(kind: ModelChange): void {
    this.dispatchEvent(new CustomEvent<ModelChange>('change', { detail: kind }));
  }
}
