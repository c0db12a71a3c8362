/** Public types of the hand-off workflows. */
import type { ApiTorchClient } from '../apitorch/client.js';
import type { PollOptions } from '../util/poll.js';
import type { VizeClient } from '../vize/client.js';
import type { XimilarClient } from '../ximilar/client.js';
import type { CheckpointStore, TrainerService } from './checkpoint.js';

/** One curated content to send: its unique name, its label, and its bytes or a URL. */
export interface TrainerItem {
  name: string;
  label: string;
  /**
   * Further labels of a multi-label content. Vize attaches each to the image
   * (its API takes several labels per training image); API Torch and Ximilar
   * take one label per image and refuse items that have more.
   * @defaultValue none
   */
  moreLabels?: string[];
  blob?: Blob;
  url?: string;
}

/** API Torch: images go into an existing training set (the API documents no way to create one). */
export interface ApiTorchTarget {
  service: 'apitorch';
  client: ApiTorchClient;
  trainingSetId: number;
}

/** Vize: an existing task, or a new one named `taskName`; labels are created per item label. */
export interface VizeTarget {
  service: 'vize';
  client: VizeClient;
  taskId?: string;
  taskName?: string;
  description?: string;
  /** Start a training after the upload. @defaultValue true */
  train?: boolean;
  /** Poll the training to its end (a new production version). @defaultValue true */
  waitForTraining?: boolean;
}

/**
 * Ximilar similarity: a type and a task (existing or created), one group per
 * label holding that label's images (images in a group are "similar").
 */
export interface XimilarTarget {
  service: 'ximilar';
  client: XimilarClient;
  taskId?: string;
  taskName?: string;
  typeId?: string;
  /** @defaultValue taskName */
  typeName?: string;
}

export type TrainerTarget = ApiTorchTarget | VizeTarget | XimilarTarget;

export interface ExportProgress {
  phase: 'setup' | 'upload' | 'label' | 'training';
  /** Items finished (including ones finished by an earlier run) out of `total`. */
  done: number;
  total: number;
  /** The item just finished, in the upload/label phases. */
  item?: string;
  message?: string;
}

export interface ExportOptions {
  /** Records what is done so a re-run skips it. @defaultValue a new MemoryCheckpointStore (pass yours to resume) */
  checkpoint?: CheckpointStore;
  /** Key of this export in the store. @defaultValue derived from the service and the target id/name */
  checkpointKey?: string;
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
  /** Uploads in flight at once. @defaultValue 2 */
  concurrency?: number;
  /** Training status polling (Vize). @defaultValue { intervalMs: 10000, backoff: 1.5, maxIntervalMs: 120000 } */
  poll?: PollOptions;
}

export interface ExportResult {
  service: TrainerService;
  checkpointKey: string;
  /** Remote ids of the task/type/labels/groups used. */
  remote: Record<string, string>;
  /** Item name → the service's id for it. */
  itemIds: Record<string, string>;
  /** Items sent by this run. */
  uploaded: string[];
  /** Items already done by an earlier run (not sent again). */
  skipped: string[];
  training: { status: 'not-available' | 'skipped' | 'started' | 'completed'; version?: number; reason?: string };
}
