/** DeepVA payloads (shared/api-docs/deepva.txt). */

/** "waiting" and "completed" are documented; the others are the states we also accept. */
export type DeepvaJobState = 'waiting' | 'running' | 'completed' | 'failed' | 'cancelled' | (string & {});

export interface DeepvaSummaryItem {
  type: string;
  label: string;
  [key: string]: unknown;
}

export interface DeepvaSummary {
  source: string;
  media_type: string;
  info: Record<string, unknown>;
  items: DeepvaSummaryItem[];
}

export interface DeepvaJob {
  id: string;
  tag: string;
  state: DeepvaJobState;
  /** 0..1 */
  progress: number;
  duration: number;
  /** "2019-08-12 08:14:28.430144" (no zone; read as UTC by {@link parseDeepvaTime}). */
  time_created: string;
  time_started: string | null;
  time_completed: string | null;
  sources: string[];
  modules: Record<string, Record<string, unknown>>;
  result: { detailed_link: string; summary: DeepvaSummary[] };
  [key: string]: unknown;
}

export interface DeepvaCreateJob {
  /** storage:// URLs, public URLs, YouTube/Vimeo links, or (on-prem only) local paths. */
  sources: string[];
  /** Module name → its configuration, e.g. `{ face_recognition: { model: 'celebrities' } }`. */
  modules: Record<string, Record<string, unknown>>;
  tag?: string;
}

export interface DeepvaStorageItem {
  id: number;
  /** storage://… to use as a job source. */
  url: string;
  file_size: number | null;
  name: string;
  is_folder: boolean;
  uploaded: boolean;
  is_image: boolean;
  upload_failed: boolean;
}

/** Media types the docs list as job inputs. */
export const DEEPVA_MEDIA_TYPES = ['image/jpeg', 'image/jpg', 'image/png', 'video/mp4', 'video/mpeg', 'application/mxf', 'video/quicktime'] as const;
