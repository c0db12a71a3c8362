/**
 * The local batch folder: what the cloud's FTP batch folder is to Vector
 * Curator jobs (`download_from_batch_cloud_folder`, `clear_batch_folder`,
 * `nr_files_in_batch_folder`), kept in the browser until cleared.
 *
 * Files added are copied into the origin private file system (OPFS), one
 * folder per database; each write goes to a swap file that only replaces
 * the old one on close, so a killed worker never leaves half a file. A folder
 * the user picked (File System Access) can be linked instead: its files are
 * read where they are, and clearing only unlinks it — never deletes them.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { throwIfAborted, ValidationError } from '../contract/errors.js';
import type { BatchFolderListing } from '../contract/views.js';

/** A file of the folder with its path inside it ("a.jpg", "set/b.jpg"). */
export interface BatchFile {
  name: string;
  file: File;
}

const ROOT = 'curatekit-batch-folders';
const LINK_KEY = 'linked';

/** Path segments of a name given by the caller: no empty, ".", ".." or hidden parts. */
function segments(name: unknown, field: string): string[] {
  if (typeof name !== 'string' || name.length === 0 || name.length > 1024) throw new ValidationError(field, 'a file name of 1–1024 characters');
  const parts = name.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.startsWith('.') || /[\\\0]/.test(p))) {
    throw new ValidationError(field, 'a relative path without empty, ".", ".." or hidden parts, nor backslashes', `${field}: "${name}" is not a file name the batch folder takes`);
  }
  return parts;
}

async function* walk(dir: FileSystemDirectoryHandle, prefix: string): AsyncGenerator<[string, FileSystemFileHandle]> {
  const entries: [string, FileSystemHandle][] = [];
  for await (const entry of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) entries.push(entry);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [name, handle] of entries) {
    // Hidden files (".DS_Store", swap files) are never data.
    if (name.startsWith('.') || name.endsWith('.crswap')) continue;
    if (handle.kind === 'directory') yield* walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`);
    else yield [`${prefix}${name}`, handle as FileSystemFileHandle];
  }
}

export class BatchFolder {
  private links?: Promise<IDBPDatabase>;

  /** @param dbName - the archive database this folder belongs to (one folder per database, like one per account) */
  constructor(private readonly dbName: string) {}

  private linkDb(): Promise<IDBPDatabase> {
    this.links ??= openDB(`${this.dbName}-batch-folder`, 1, { upgrade: (db) => db.createObjectStore('link') });
    return this.links;
  }

  private async own(create: boolean): Promise<FileSystemDirectoryHandle | undefined> {
    if (!navigator.storage?.getDirectory) {
      if (!create) return undefined; // nothing can have been added
      throw new ValidationError('files', 'a browser with the origin private file system (OPFS)', 'files: this browser has no origin private file system to keep a batch folder in; link a picked folder instead, or pass files to the job');
    }
    try {
      const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(ROOT, { create });
      return await root.getDirectoryHandle(this.dbName, { create });
    } catch (e) {
      if ((e as DOMException).name === 'NotFoundError') return undefined;
      throw e;
    }
  }

  /** The linked folder, when one is linked; a folder whose read permission lapsed is refused by name. */
  private async linked(): Promise<FileSystemDirectoryHandle | undefined> {
    const handle = (await (await this.linkDb()).get('link', LINK_KEY)) as FileSystemDirectoryHandle | undefined;
    if (!handle) return undefined;
    const state = await (handle as unknown as { queryPermission?(o: { mode: string }): Promise<string> }).queryPermission?.({ mode: 'read' });
    if (state !== undefined && state !== 'granted') {
      throw new ValidationError('inputs.download_from_batch_cloud_folder', 'a readable batch folder', `the linked batch folder "${handle.name}" needs read permission again: pick it again (curator.batchFolder.link) from a click`);
    }
    return handle;
  }

  /** Files of the folder, sorted by path. */
  async files(signal?: AbortSignal): Promise<BatchFile[]> {
    const dir = (await this.linked()) ?? (await this.own(false));
    const out: BatchFile[] = [];
    if (!dir) return out;
    for await (const [name, handle] of walk(dir, '')) {
      throwIfAborted(signal);
      const f = await handle.getFile();
      out.push({ name, file: new File([f], name.split('/').pop()!, { type: f.type, lastModified: f.lastModified }) });
    }
    return out;
  }

  async listing(): Promise<BatchFolderListing> {
    const link = (await (await this.linkDb()).get('link', LINK_KEY)) as FileSystemDirectoryHandle | undefined;
    let files: BatchFile[] = [];
    let needsPermission = false;
    try {
      files = await this.files();
    } catch (e) {
      if (!(e instanceof ValidationError) || !link) throw e;
      needsPermission = true;
    }
    return {
      source: link ? 'linked' : 'opfs',
      linkedName: link?.name ?? null,
      needsPermission,
      files: files.map((f) => ({ name: f.name, size: f.file.size, lastModified: f.file.lastModified })),
      bytes: files.reduce((s, f) => s + f.file.size, 0),
    };
  }

  /**
   * Copy files in (a name that exists is replaced, as an FTP upload does).
   * Refused while a folder is linked: that folder is the user's, not ours to write.
   */
  async add(files: readonly { name: string; blob: Blob }[], options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<void> {
    if (await (await this.linkDb()).get('link', LINK_KEY)) {
      throw new ValidationError('files', 'no linked folder', 'files: the batch folder is a linked folder of yours; add files to it on disk, or unlink it first');
    }
    const paths = files.map((f, i) => {
      if (typeof f !== 'object' || f === null || !(f.blob instanceof Blob)) throw new ValidationError(`files[${i}]`, 'a File or { name, blob }');
      return segments(f.name, `files[${i}].name`);
    });
    const dir = (await this.own(true))!;
    for (let i = 0; i < files.length; i++) {
      throwIfAborted(options.signal);
      let at = dir;
      for (const part of paths[i].slice(0, -1)) at = await at.getDirectoryHandle(part, { create: true });
      const handle = await at.getFileHandle(paths[i].at(-1)!, { create: true });
      const w = await handle.createWritable();
      try {
        await w.write(files[i].blob);
        await w.close();
      } catch (e) {
        await w.abort().catch(() => undefined);
        throw e;
      }
      options.onProgress?.(i + 1, files.length);
    }
  }

  /** Link a folder the user picked: jobs then read its files in place. null unlinks. */
  async link(handle: FileSystemDirectoryHandle | null): Promise<void> {
    const db = await this.linkDb();
    if (handle === null) return void (await db.delete('link', LINK_KEY));
    if (typeof handle !== 'object' || (handle as FileSystemHandle).kind !== 'directory') throw new ValidationError('handle', 'a FileSystemDirectoryHandle (showDirectoryPicker) or null');
    await db.put('link', handle, LINK_KEY);
  }

  /** clear_batch_folder: delete the copied files; a linked folder is unlinked and left as it is on disk. */
  async clear(): Promise<void> {
    const db = await this.linkDb();
    if (await db.get('link', LINK_KEY)) return void (await db.delete('link', LINK_KEY));
    if (!navigator.storage?.getDirectory) return;
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(ROOT, { create: true });
    await root.removeEntry(this.dbName, { recursive: true }).catch((e: DOMException) => {
      if (e.name !== 'NotFoundError') throw e;
    });
  }

  close(): void {
    void this.links?.then((db) => db.close());
  }
}
