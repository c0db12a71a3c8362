/** API Torch payloads (shared/api-docs/apitorch.txt). */

export interface ApiTorchList<T> {
  object: 'list';
  data: T[];
}

export interface ApiTorchTrainingSet {
  object: 'training_set';
  id: number;
  name: string;
  description: string;
  url: string;
  labels?: string[];
}

export interface ApiTorchTrainingImage {
  object: 'training_image';
  /** "ti_<hex>" as returned by upload. */
  id: string;
  message: string;
}

export interface ApiTorchImageRef {
  filename: string;
  /** Signed URL, valid for the current day, on the image host (not the API origin). */
  url: string;
}

export interface ApiTorchTrainingLabel {
  object: 'training_label';
  /** snake_case label name. */
  label: string;
  images: ApiTorchImageRef[];
}

export interface ApiTorchImageListing {
  object: 'list';
  training_set_id: number;
  training_set_slug: string;
  training_set_url: string;
  data: ApiTorchTrainingLabel[];
}

export interface ApiTorchClassifier {
  object: 'classifier';
  id: string | number;
  name: string;
  description: string;
  return_values?: [unknown, string][];
  slug?: string;
}

export const CONFIDENCE_WORDS = ['very high', 'high', 'possible', 'low', 'very low', 'unknown'] as const;
export type ConfidenceWord = (typeof CONFIDENCE_WORDS)[number];

export interface ApiTorchClassification {
  object: 'classification';
  id: string;
  classifier: string;
  label: string;
  sentence?: string;
  confidence?: ConfidenceWord;
  /** Boolean classifiers answer with a value instead of a confidence word. */
  value?: boolean;
  /** Decimal confidence sent as a string by the service (show_confidence_value). */
  confidence_value?: string;
  /** `confidence_value` parsed by curatekit; absent when the service sent none or it was not a number. */
  confidenceValue?: number;
}

export interface ApiTorchClassifyResponse {
  object: 'list';
  id: string;
  data: ApiTorchClassification[];
}

export interface ApiTorchClassifyRequest {
  /** One or more classifier slugs, e.g. ["safe-for-work"]. */
  classifiers: string[];
  /** Publicly reachable (or signed) image URL: the endpoint takes no file. */
  image_url: string;
  options?: { show_confidence_value?: boolean };
}

export interface ApiTorchImageDownload {
  label: string;
  filename: string;
  blob: Blob;
}
