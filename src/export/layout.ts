/**
 * Where each exported file goes in the zip, by layout:
 *   'flat'      files/<name>, and files/example_to_labels.json (name → labels) when any item is
 *               labelled: the folder is then a Vector Curator fine-tuning dataset as documented
 *   'by-label'  files/<label>/<name>: a folder per label (the ImageFolder layout of Keras,
 *               torchvision and Teachable Machine); a multi-label item is in each of its folders
 */
import { safeFileName, UniqueNames } from './files.js';

/** 'flat': files/<name> + files/example_to_labels.json; 'by-label': files/<label>/<name>. */
export type ExportLayout = 'flat' | 'by-label';

/** Name of the labels file Vector Curator's fine-tuning expects beside the dataset files. */
export const LABELS_FILE = 'example_to_labels.json';
/** Folder of unlabelled items in the 'by-label' layout. */
export const UNLABELLED_FOLDER = '_unlabelled';

export class FileLayout {
  readonly #layout: ExportLayout;
  readonly #names = new UniqueNames();
  readonly #folderNames = new UniqueNames();
  readonly #folders = new Map<string | null, { path: string; names: UniqueNames }>();
  readonly #labels: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  #labelled = 0;

  constructor(layout: ExportLayout) {
    this.#layout = layout;
    // Neither a content nor a label may take the name of what the layout writes itself.
    this.#names.take(LABELS_FILE);
    this.#folderNames.take(UNLABELLED_FOLDER);
  }

  /** Zip paths of one file (a safe name) with its labels; names are made unique where they land. */
  place(fileName: string, labels: string[]): string[] {
    if (this.#layout === 'flat') {
      const taken = this.#names.take(fileName);
      if (labels.length) {
        this.#labels[taken] = labels;
        this.#labelled++;
      }
      return [`files/${taken}`];
    }
    return (labels.length ? labels : [null]).map((label) => {
      const folder = this.#folder(label);
      return `files/${folder.path}/${folder.names.take(fileName)}`;
    });
  }

  /** example_to_labels.json of the flat layout; null when nothing is labelled or the layout is by label. */
  labelsFile(): Uint8Array | null {
    return this.#labelled ? new TextEncoder().encode(JSON.stringify(this.#labels, null, 1)) : null;
  }

  #folder(label: string | null): { path: string; names: UniqueNames } {
    let f = this.#folders.get(label);
    if (!f) {
      f = { path: label === null ? UNLABELLED_FOLDER : this.#folderNames.take(safeFileName(label, 'label')), names: new UniqueNames() };
      this.#folders.set(label, f);
    }
    return f;
  }
}
