/** Ximilar custom similarity payloads (shared/api-docs/ximilar-custom-similarity.txt). */

/** An image to process: exactly one of `_url` or `_base64`; other keys are echoed back. */
export interface XimilarRecord {
  _url?: string;
  _base64?: string;
  _id?: string;
  [key: string]: unknown;
}

export interface XimilarStatus {
  code: number;
  text: string;
  request_id?: string;
}

export interface XimilarRecordResult extends XimilarRecord {
  _width?: number;
  _height?: number;
  _descriptor?: number[];
  _status: XimilarStatus;
}

/** Which model extracts: a collection, or a task with a model version. */
export type XimilarModelRef = { collection: string; task_id?: undefined; version?: undefined } | { task_id: string; version: number; collection?: undefined };

export type XimilarDescriptorRequest = XimilarModelRef & { records: XimilarRecord[] };

export interface XimilarDescriptorResponse {
  records: XimilarRecordResult[];
  version?: number;
  task_id?: string;
  status: XimilarStatus;
  statistics?: Record<string, number>;
}

/** Task, type and group objects: the docs only promise "details"; `id` is the UUID. */
export interface XimilarTask {
  id: string;
  name: string;
  description?: string | null;
  [key: string]: unknown;
}

export interface XimilarType {
  id: string;
  name: string;
  description?: string | null;
  [key: string]: unknown;
}

export interface XimilarGroup {
  id: string;
  name: string;
  type: string;
  description?: string | null;
  [key: string]: unknown;
}

export interface XimilarNamed {
  name: string;
  description?: string;
}

/** An uploaded training image (recognition/v2/training-image, shared by Ximilar services). */
export interface XimilarImage {
  id: string;
  [key: string]: unknown;
}
