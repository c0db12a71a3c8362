/**
 * The local batch folder on the client, reached as `curator.batchFolder`:
 * the browser's counterpart of the cloud's FTP batch folder. Jobs read it
 * with `download_from_batch_cloud_folder: true`; `clear_batch_folder` empties it.
 */
import { CancelledError, ValidationError } from '../contract/errors.js';
import type { BatchFolderCall } from '../contract/protocol.js';
import type { BatchFolderListing } from '../contract/views.js';

/** @internal how BatchFolder reaches the worker */
export type BatchFolderTransport = (call: BatchFolderCall, signal?: AbortSignal, onProgress?: (done: number, total: number) => void) => Promise<BatchFolderListing>;

/** Options of {@link BatchFolder.add}. */
export interface BatchFolderAddOptions {
  signal?: AbortSignal;
  /** Called after each file is written. */
  onProgress?: (done: number, total: number) => void;
}

export class BatchFolder {
  /** @internal use curator.batchFolder */
  constructor(
    private readonly call: BatchFolderTransport,
    private readonly clearJob: () => Promise<unknown>,
  ) {}

  /** What the folder holds. */
  list(): Promise<BatchFolderListing> {
    return this.call({ op: 'list' });
  }

  /**
   * Copy files in (from a drop or a file / folder picker); a file of a picked folder keeps its
   * path ("set/a.jpg"). A name already there is replaced. Each file is written whole or not at all.
   * @throws ValidationError naming `files[i]` for an item that is not a File or `{ name, blob }`, or a name with empty, "." or ".." parts; nothing is written then
   */
  add(files: readonly (File | { name: string; blob: Blob })[], options: BatchFolderAddOptions = {}): Promise<BatchFolderListing> {
    if (!Array.isArray(files)) return Promise.reject(new ValidationError('files', 'a list of Files or { name, blob }'));
    if (options.signal?.aborted) return Promise.reject(new CancelledError());
    const named = files.map((f) => (f instanceof File ? { name: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name, blob: f as Blob } : f));
    return this.call({ op: 'add', files: named as { name: string; blob: Blob }[] }, options.signal, options.onProgress);
  }

  /**
   * Use a folder the user picked (`showDirectoryPicker()`, where the browser has it) instead
   * of copies: jobs read its files where they are, and clearing only unlinks it. Call from a
   * click: read permission is asked for here. `null` unlinks.
   * @throws ValidationError when read permission is refused
   */
  async link(handle: FileSystemDirectoryHandle | null): Promise<BatchFolderListing> {
    if (handle !== null) {
      const h = handle as FileSystemDirectoryHandle & { requestPermission?(o: { mode: 'read' }): Promise<PermissionState> };
      if (h?.kind !== 'directory') throw new ValidationError('handle', 'a FileSystemDirectoryHandle (showDirectoryPicker) or null');
      const state = (await h.requestPermission?.({ mode: 'read' })) ?? 'granted';
      if (state !== 'granted') throw new ValidationError('handle', 'read permission granted', `handle: read permission for "${handle.name}" was not granted`);
    }
    return this.call({ op: 'link', handle });
  }

  /** Empty the folder (the `clear_batch_folder` job, run locally): copies are deleted; a linked folder is unlinked and left as it is. */
  async clear(): Promise<BatchFolderListing> {
    await this.clearJob();
    return this.list();
  }
}
