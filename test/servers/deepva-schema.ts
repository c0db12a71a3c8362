/**
 * JSON Schemas (ajv 8) of the DeepVA API, written from
 * shared/api-docs/deepva.txt: the job object (with the polling states its
 * two samples show: "waiting" at progress 0 with no start time, "completed"
 * at progress 1 with a completion time), the job list `{"data": [...]}`, the
 * storage item, and the inputs of job creation and storage upload.
 *
 * Where the doc is silent: error bodies are `{"error": <the documented name:
 * BadRequest, NotAuthenticated, NotFound, MethodNotAllowed, GeneralError>,
 * "message"}`; "running" and "failed" (with `error`) are the states between
 * and beside the two documented ones; detailed results are
 * `{"job_id", "results": [{source, media_type, items: [{type, label,
 * confidence, bounding_box}]}]}` ("more data like the bounding-box").
 */
import { compileAll, file, httpUrl, int, list, obj, open, str, text, uuid, type Schema } from './schema-kit.js';

export const ERROR_NAMES = ['BadRequest', 'NotAuthenticated', 'NotFound', 'MethodNotAllowed', 'GeneralError'];
const ts: Schema = { type: 'string', pattern: '^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}$' };
const nullTs: Schema = { ...ts, type: ['string', 'null'] };
const unit: Schema = { type: 'number', minimum: 0, maximum: 1 };
const mediaType: Schema = { type: 'string', enum: ['image', 'video'] };

export const REQUEST_SCHEMAS = {
  createJob: open(
    {
      sources: list({ type: 'string', minLength: 1, pattern: '^(storage://\\S+|https?://\\S+|/.*)$', 'x-message': 'a source is a storage:// URL, a public URL, a YouTube/Vimeo link or a local path' }, { minItems: 1 }),
      // Module name → its configuration (e.g. {"face_recognition": {"model": "celebrities"}}).
      modules: { type: 'object', minProperties: 1, additionalProperties: { type: 'object' } },
    },
    { tag: str },
  ),
  // The doc's folder samples: "/" or "/my-subfolder/".
  storage: open({ file }, { folder: { type: 'string', pattern: '^/(?:[^/]+/)*$', 'x-message': 'folder is a path that starts and ends with "/"' } }),
};

const summary = obj({ source: text, media_type: mediaType, info: { type: 'object' }, items: list(open({ type: text, label: text })) });
const job = obj(
  {
    id: uuid,
    tag: str,
    state: { type: 'string', enum: ['waiting', 'running', 'completed', 'failed'] },
    progress: unit,
    duration: { type: 'number', minimum: 0 },
    time_created: ts,
    time_started: nullTs,
    time_completed: nullTs,
    sources: list(text, { minItems: 1 }),
    modules: { type: 'object' },
    result: obj({ detailed_link: httpUrl, summary: list(summary) }),
  },
  { error: text },
  {
    allOf: [
      { if: { properties: { state: { const: 'waiting' } } }, then: { properties: { progress: { const: 0 }, time_started: { type: 'null' }, time_completed: { type: 'null' }, result: { type: 'object', properties: { summary: { type: 'array', maxItems: 0 } } } } } },
      { if: { properties: { state: { const: 'completed' } } }, then: { properties: { progress: { const: 1 }, time_completed: ts } } },
      { if: { properties: { state: { const: 'failed' } } }, then: { required: ['error'] }, else: { not: { required: ['error'] } } },
    ],
  },
);
const box = obj({ x: unit, y: unit, w: unit, h: unit });

export const RESPONSE_SCHEMAS = {
  job,
  jobs: obj({ data: list(job) }),
  storage: obj({ id: int, url: { type: 'string', pattern: '^storage://[A-Za-z0-9]{20}$' }, file_size: { type: ['integer', 'null'] }, name: text, is_folder: { type: 'boolean' }, uploaded: { type: 'boolean' }, is_image: { type: 'boolean' }, upload_failed: { type: 'boolean' } }),
  detailed: obj({ job_id: uuid, results: list(obj({ source: text, media_type: mediaType, items: list(obj({ type: text, label: text, confidence: unit, bounding_box: box })) })) }),
  error: obj({ error: { type: 'string', enum: ERROR_NAMES }, message: text }),
};

export const dRequests = compileAll(REQUEST_SCHEMAS);
export const dResponses = compileAll(RESPONSE_SCHEMAS);
