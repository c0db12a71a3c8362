/**
 * JSON Schemas (ajv 8) of the Ximilar custom similarity API, written from
 * shared/api-docs/ximilar-custom-similarity.txt, and of the shared image
 * store (recognition/v2/training-image, from the Vize doc: "the same API").
 *
 * Requests: unknown fields are ignored, as DRF serializers do. Ids the doc
 * calls UUIDs must be UUIDs. Where the doc is silent:
 * - add-type/remove-type take `type_id`, as Vize's documented
 *   task/add-label takes `label_id` (the same DRF family);
 * - task, type and group objects are "details": the fields below are the
 *   server's choice (id, name, description, workspace, and their members);
 * - a descriptor record echoes `_url` (as in the doc's sample) and nothing
 *   else it was sent; `_width`/`_height` are given when the image header
 *   states them.
 */
import { compileAll, file, imageRecord, int, list, num, obj, open, type Schema, str, text, uuid } from './schema-kit.js';
import { DRF_ERROR, pageOf } from './drf.js';

const ws = { workspace: uuid };
const named = open({ name: text }, { description: str, ...ws });
const members = (kind: string) => open({ [kind]: list(uuid) }, ws);

export const REQUEST_SCHEMAS = {
  descriptor: open(
    { records: list(imageRecord, { minItems: 1 }) },
    { collection: uuid, task_id: uuid, version: { type: 'integer', minimum: 1 }, ...ws },
    {
      allOf: [
        { 'x-message': 'Either collection or task_id must be provided.', anyOf: [{ required: ['collection'] }, { required: ['task_id'] }] },
        { 'x-message': 'Provide either collection or task_id, not both.', not: { required: ['collection', 'task_id'] } },
      ],
      // "Version of the model to use. Required when using task_id."
      if: { required: ['task_id'] },
      then: { required: ['version'] },
    },
  ),
  task: named,
  type: named,
  group: open({ name: text, type: uuid }, { description: str, ...ws }),
  images: members('images'),
  groups: members('groups'),
  objects: members('objects'),
  taskType: open({ type_id: uuid }, ws),
  trainingImage: open({ img_path: file }, ws),
};

const status: Schema = obj({ code: int, text: str });
const recordOut: Schema = obj(
  { _id: uuid, _status: obj({ code: int, text: str, request_id: uuid }) },
  { _url: str, _width: { type: 'integer', minimum: 1 }, _height: { type: 'integer', minimum: 1 }, _descriptor: list(num, { minItems: 1 }) },
  // A record that loaded carries its descriptor; one that did not, none.
  { if: { properties: { _status: { type: 'object', properties: { code: { const: 200 } } } } }, then: { required: ['_descriptor'] }, else: { not: { required: ['_descriptor'] } } },
);
const task = obj({ id: uuid, name: text, description: str, workspace: uuid, types: list(uuid), production_version: int });
const type = obj({ id: uuid, name: text, description: str, workspace: uuid });
const group = obj({ id: uuid, name: text, type: uuid, description: str, workspace: uuid, images: list(uuid), groups: list(uuid), objects: list(uuid) });

export const RESPONSE_SCHEMAS = {
  descriptor: obj({ records: list(recordOut, { minItems: 1 }), version: { type: 'integer', minimum: 1 }, task_id: uuid, status, statistics: obj({ 'processing time': { type: 'number', minimum: 0 } }) }),
  task,
  taskPage: pageOf(task),
  type,
  typePage: pageOf(type),
  group,
  groupPage: pageOf(group),
  // img_path: where the stored file is served (as Ximilar's image objects link their files).
  trainingImage: obj({ id: uuid, img_path: str, workspace: uuid }, { _width: int, _height: int }),
  error: DRF_ERROR,
};

export const xRequests = compileAll(REQUEST_SCHEMAS);
export const xResponses = compileAll(RESPONSE_SCHEMAS);
