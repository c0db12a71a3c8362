/**
 * curatekit/cloud: connectors to Vector Curator Cloud, Ximilar custom
 * similarity, API Torch, Vize and DeepVA, and the hand-off workflows that
 * send a locally curated set to them. Runs in Node 20+, browsers and workers.
 */
export { HttpClient } from './http/client.js';
export type { HttpClientConfig, HttpEvent, HttpLogger, HttpMethod, HttpRequest, HttpSettings, RetryPolicy } from './http/client.js';
export { MemorySecretStore } from './http/auth.js';
export type { SecretStore } from './http/auth.js';
export { Redactor, REDACTED } from './http/redact.js';
export { parseRetryAfter } from './http/errors.js';
export type { CallOptions, ConnectorOptions } from './connector.js';
export type { PollOptions } from './util/poll.js';
export type { Page } from './util/pages.js';

export { VectorCuratorClient, VECTOR_CURATOR_BASE_URL } from './vector-curator/client.js';
export type { RemoteRunOptions, VectorCuratorOptions } from './vector-curator/client.js';
export type { RemoteJobStatus } from './vector-curator/status.js';

export { XimilarClient, XIMILAR_BASE_URL, XIMILAR_RECOGNITION_URL } from './ximilar/client.js';
export type { XimilarOptions } from './ximilar/client.js';
export type * from './ximilar/types.js';

export { ApiTorchClient, APITORCH_BASE_URL } from './apitorch/client.js';
export { CONFIDENCE_WORDS } from './apitorch/types.js';
export type * from './apitorch/types.js';

export { VizeClient, VIZE_BASE_URL, checkVizeMinimums, checkVizeImage } from './vize/client.js';
export { VIZE_MAX_BATCH, VIZE_MAX_IMAGE_BYTES, VIZE_MIN_IMAGES_PER_LABEL, VIZE_MIN_LABELS } from './vize/types.js';
export type * from './vize/types.js';

export { DeepvaClient, DEEPVA_BASE_URL, parseDeepvaTime } from './deepva/client.js';
export type { WaitOptions as DeepvaWaitOptions } from './deepva/client.js';
export { DEEPVA_MEDIA_TYPES } from './deepva/types.js';
export type * from './deepva/types.js';

export { exportToTrainer } from './handoff/export.js';
export { MemoryCheckpointStore } from './handoff/checkpoint.js';
export type { CheckpointItem, CheckpointStore, ExportCheckpoint, TrainerService } from './handoff/checkpoint.js';
export type * from './handoff/types.js';
export { remoteClassify, remoteDescriptors } from './handoff/remote.js';
export type { ClassifyTarget, DescriptorSource, RemoteClassifications, RemoteDescriptors, RemoteItem, RemoteOptions } from './handoff/remote.js';
