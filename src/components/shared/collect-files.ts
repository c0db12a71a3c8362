/**
 * Turn a drop, a folder pick or an input's FileList into Files. Folders are
 * walked with the File System Access API where the browser has it, else with
 * the older webkitGetAsEntry tree. Walks are bounded so a huge drop cannot hang the page.
 */
const MAX_FILES = 100_000;
const IMAGE_EXT = /\.(jpe?g|png|gif|webp|bmp|avif|ico|tiff?)$/i;

/** True when a file looks like an image by type or extension. */
export function looksLikeImage(file: File): boolean {
  return file.type.startsWith('image/') || IMAGE_EXT.test(file.name);
}

interface HandleLike {
  kind: 'file' | 'directory';
  name: string;
  getFile?: () => Promise<File>;
  values?: () => AsyncIterable<HandleLike>;
}
type DirectoryHandleLike = HandleLike;

async function walkHandle(dir: DirectoryHandleLike, out: File[]): Promise<void> {
  if (!dir.values) return;
  for await (const h of dir.values()) {
    if (out.length >= MAX_FILES) return;
    if (h.kind === 'file' && h.getFile) out.push(await h.getFile());
    else if (h.kind === 'directory') await walkHandle(h, out);
  }
}

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries returns at most ~100 entries per call: call until it returns none.
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0 || all.length >= MAX_FILES) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walkEntry(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (out.length >= MAX_FILES) return;
  if (entry.isFile) {
    out.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
  } else if (entry.isDirectory) {
    for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) await walkEntry(child, out);
  }
}

/** Files of a drop, folders included. */
export async function filesFromDataTransfer(dt: DataTransfer): Promise<File[]> {
  const out: File[] = [];
  const entries = [...dt.items].filter((it) => it.kind === 'file').map((it) => it.webkitGetAsEntry?.() ?? null);
  if (entries.length && entries.every((e) => e !== null)) {
    for (const e of entries) await walkEntry(e!, out);
    return out;
  }
  return [...dt.files];
}

/** Ask for a folder with showDirectoryPicker; null when the browser lacks it (use the input fallback). */
export async function pickFolder(): Promise<File[] | null> {
  const picker = (globalThis as { showDirectoryPicker?: () => Promise<DirectoryHandleLike> }).showDirectoryPicker;
  if (typeof picker !== 'function') return null;
  const dir = await picker.call(globalThis);
  const out: File[] = [];
  await walkHandle(dir, out);
  return out;
}

/** Split pasted text into http(s) URLs; returns the URLs and the lines that are not URLs. */
export function parseUrls(text: string): { urls: string[]; invalid: string[] } {
  const urls: string[] = [];
  const invalid: string[] = [];
  for (const line of text.split(/[\s,]+/)) {
    if (!line) continue;
    try {
      const u = new URL(line);
      if (u.protocol === 'http:' || u.protocol === 'https:') urls.push(u.href);
      else invalid.push(line);
    } catch {
      invalid.push(line);
    }
  }
  return { urls: [...new Set(urls)], invalid };
}
