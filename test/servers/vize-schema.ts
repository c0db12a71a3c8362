/**
 * JSON Schemas (ajv 8) of the Vize API, written from
 * shared/api-docs/vize-image-recognition.txt.
 *
 * Requests: unknown fields are ignored (DRF). The doc names the inputs but
 * not the answers, so the answer shapes are the server's choice, in Ximilar's
 * style (the same API): a task has `production_version` (-1 until the first
 * training finished) and its labels; classification gives `best_label` and
 * `labels` with a probability each ("details on the best matching label as
 * well as recognition accuracy"); /v2/classify records are Ximilar records.
 * `descriptor` is 0/1 in the doc's sample; DRF's BooleanField also takes
 * true/false, so both are accepted.
 */
import { bool, compileAll, file, httpUrl, imageRecord, int, list, num, obj, open, type Schema, str, text, uuid } from './schema-kit.js';
import { DRF_ERROR, pageOf } from './drf.js';

/** Documented batch limit of /v2/classify. */
export const VIZE_MAX_RECORDS = 10;


export const REQUEST_SCHEMAS = {
  task: open({ name: text }, { description: str }),
  label: open({ name: text }, { description: str, task: uuid }),
  labelId: open({ label_id: uuid }),
  trainingImage: open({ img_path: file }),
  classifyV1: open(
    { task: uuid },
    { image_file: file, image_url: httpUrl, image_base64: text },
    {
      'x-message': 'Provide exactly one of image_file, image_url or image_base64.',
      oneOf: [{ required: ['image_file'] }, { required: ['image_url'] }, { required: ['image_base64'] }],
    },
  ),
  classifyV2: open(
    { task_id: uuid, records: list(imageRecord, { minItems: 1, maxItems: VIZE_MAX_RECORDS }) },
    { version: { type: 'integer', minimum: 1 }, descriptor: { type: ['integer', 'boolean'], enum: [0, 1, true, false], 'x-message': 'Must be a valid boolean.' } },
  ),
};

const status: Schema = obj({ code: int, text: str });
const label: Schema = obj({ id: uuid, name: text, prob: { type: 'number', minimum: 0, maximum: 1 } });
const prediction = { best_label: label, labels: list(label, { minItems: 2 }) };
const recordOut: Schema = obj(
  { _id: uuid, _status: obj({ code: int, text: str, request_id: uuid }) },
  { _url: str, _width: int, _height: int, ...prediction, _descriptor: list(num, { minItems: 1 }) },
  // A record that loaded is classified; one that did not carries only its status.
  {
    if: { properties: { _status: { type: 'object', properties: { code: { const: 200 } } } } },
    then: { required: ['best_label', 'labels'] },
    else: { not: { anyOf: [{ required: ['best_label'] }, { required: ['labels'] }, { required: ['_descriptor'] }] } },
  },
);
const task = obj({ id: uuid, name: text, description: str, production_version: { type: 'integer', minimum: -1 }, labels: list(uuid), training_in_progress: bool });
const labelObj = obj({ id: uuid, name: text, description: str });
const trainingImage = obj({ id: uuid, img_path: str, labels: list(uuid) }, { _width: int, _height: int });
const model = { task_id: uuid, version: { type: 'integer', minimum: 1 }, status };

export const RESPONSE_SCHEMAS = {
  task,
  taskPage: pageOf(task),
  label: labelObj,
  labelPage: pageOf(labelObj),
  trainingImage,
  train: obj({ detail: str, task: uuid }),
  classifyV1: obj({ ...prediction, ...model }),
  classifyV2: obj({ records: list(recordOut, { minItems: 1, maxItems: VIZE_MAX_RECORDS }), ...model }),
  error: DRF_ERROR,
};

export const vRequests = compileAll(REQUEST_SCHEMAS);
export const vResponses = compileAll(RESPONSE_SCHEMAS);
