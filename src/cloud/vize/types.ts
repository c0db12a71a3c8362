/** Vize image recognition payloads (shared/api-docs/vize-image-recognition.txt). */
import type { XimilarRecord, XimilarRecordResult, XimilarStatus } from '../ximilar/types.js';

/** Documented training minimums, checked before any call that would start a training. */
export const VIZE_MIN_LABELS = 2;
export const VIZE_MIN_IMAGES_PER_LABEL = 20;
/** Documented upload limit for images (jpg/png up to 10 MB). */
export const VIZE_MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Documented batch limit of /v2/classify. */
export const VIZE_MAX_BATCH = 10;

/**
 * A task. `production_version` is -1 until the first training finished
 * (the docs say "production version"; the field name is the one Ximilar uses).
 */
export interface VizeTask {
  id: string;
  name: string;
  description?: string | null;
  production_version?: number;
  [key: string]: unknown;
}

export interface VizeLabel {
  id: string;
  name: string;
  description?: string | null;
  [key: string]: unknown;
}

export interface VizeTrainingImage {
  id: string;
  [key: string]: unknown;
}

/** /v1/classify takes one image as a file, a URL or base64, plus the task id. */
export type VizeClassifyV1Request = { task: string } & (
  | { file: Blob; fileName?: string; url?: undefined; base64?: undefined }
  | { url: string; file?: undefined; base64?: undefined }
  | { base64: string; file?: undefined; url?: undefined }
);

export interface VizeClassifyV2Request {
  task_id: string;
  /** Model version; the production version when omitted. */
  version?: number;
  /** Also return visual descriptors (`_descriptor`) for similarity search. */
  descriptor?: boolean;
  /** 1..10 records with `_url` or `_base64` (no files: convert to base64 first). */
  records: XimilarRecord[];
}

export interface VizeRecordResult extends XimilarRecordResult {
  best_label?: { name: string; prob?: number; [key: string]: unknown };
  labels?: { name: string; prob?: number; [key: string]: unknown }[];
}

export interface VizeClassifyV2Response {
  records: VizeRecordResult[];
  status: XimilarStatus;
  version?: number;
  task_id?: string;
  [key: string]: unknown;
}
