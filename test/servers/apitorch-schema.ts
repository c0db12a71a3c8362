/**
 * JSON Schemas (ajv 8) of the API Torch API, written from
 * shared/api-docs/apitorch.txt: its objects (ping, training_set,
 * training_image, training_label, classifier, classification, list) and the
 * inputs of upload, classify and feedback.
 *
 * Where the doc is silent: errors are `{"object": "error", "message", "param"?}`
 * (in the style of its other objects; `param` names the input, as
 * Stripe-style APIs do); feedback answers `{"object": "feedback", "message"}`;
 * a classifier's id is a number in the samples but "string" in the attribute
 * table, so both are taken; an unknown input field is ignored.
 */
import { bool, compileAll, file, httpUrl, int, konst, list, obj, open, str, text, type Schema } from './schema-kit.js';

export const CONFIDENCE_WORDS = ['very high', 'high', 'possible', 'low', 'very low', 'unknown'];
const hexId = (prefix: string): Schema => ({ type: 'string', pattern: `^${prefix}_[0-9a-f]{40}$` });
const snake: Schema = { type: 'string', pattern: '^[a-z0-9]+(_[a-z0-9]+)*$' };
const slug: Schema = { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' };

export const REQUEST_SCHEMAS = {
  // "One of image_url or image must be specified."
  upload: open({}, { image: file, image_url: httpUrl }, { 'x-message': 'One of image_url or image must be specified.', oneOf: [{ required: ['image'] }, { required: ['image_url'] }] }),
  classify: open({ classifiers: list(text, { minItems: 1 }), image_url: httpUrl }, { options: open({}, { show_confidence_value: bool }) }),
  classificationFeedback: open({ classification_id: text, correct_label_id: text }),
  freeformFeedback: open({ message: { type: 'string', pattern: '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$', minLength: 1, 'x-message': 'must be base64 encoded.' } }),
};

const trainingSet = obj({ object: konst('training_set'), id: int, description: str, labels: list(str), name: text, url: httpUrl });
const classifier = obj(
  { object: konst('classifier'), id: { type: ['integer', 'string'] }, description: str, name: text },
  { return_values: list({ type: 'array', items: [{}, str], minItems: 2, additionalItems: false }), slug },
);
const classification = obj(
  { object: konst('classification'), id: hexId('cls'), classifier: text, label: text },
  // show_confidence_value: "a decimal ... returned as a string".
  { sentence: str, confidence: { type: 'string', enum: CONFIDENCE_WORDS }, value: bool, confidence_value: { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' } },
  // A result says how sure it is: a confidence word, or the value of a yes/no classifier.
  { 'x-message': 'a classification has a confidence or a value', anyOf: [{ required: ['confidence'] }, { required: ['value'] }] },
);
const list0 = (item: Schema) => obj({ object: konst('list'), data: list(item) });

export const RESPONSE_SCHEMAS = {
  ping: obj({ object: konst('ping'), message: konst('ok') }),
  trainingSets: list0(trainingSet),
  trainingImage: obj({ object: konst('training_image'), id: hexId('ti'), message: text }),
  images: obj({
    object: konst('list'),
    training_set_id: int,
    training_set_slug: slug,
    training_set_url: httpUrl,
    data: list(obj({ object: konst('training_label'), label: snake, images: list(obj({ filename: text, url: httpUrl })) })),
  }),
  classifiers: list0(classifier),
  classify: obj({ object: konst('list'), id: hexId('api'), data: list(classification, { minItems: 1 }) }),
  feedback: obj({ object: konst('feedback'), message: text }),
  error: obj({ object: konst('error'), message: text }, { param: str }),
};

export const aRequests = compileAll(REQUEST_SCHEMAS);
export const aResponses = compileAll(RESPONSE_SCHEMAS);
