/**
 * Conformance server for API Torch (shared/api-docs/apitorch.txt): Basic
 * auth with the key as user name, ping, the caller's training sets (with
 * their labels), image upload (file, or a URL the service downloads) /
 * delete / listing with signed URLs "valid for the current day" that serve
 * the stored bytes, classifiers, classify, feedback.
 *
 * Independent of what a client guesses: classifications come from the
 * image bytes behind `image_url` (fetched from `state.web`; one that cannot be
 * read gets the documented confidence "unknown"), stored images are the
 * uploaded or downloaded bytes, and every request and answer is held to
 * apitorch-schema.ts. Training sets belong to the key that created them: a
 * set of another account is 404 ("not found" for you, as the list shows only
 * "training sets you have created").
 */
import { createHash, createHmac } from 'node:crypto';
import { idMaker, json, startServer, type Req, type Res, type TestServer } from './harness.js';
import { aRequests, aResponses } from './apitorch-schema.js';
import { isImage, loadUrl, newWeb, sniff, type Web } from './media.js';
import { checkedRoutes, errorsOf, fieldPath, formBody, joinPath, type Checked, type DocRoute, type ServiceAnswers } from './schema-kit.js';
import type { ValidateFunction } from 'ajv';

export interface AtSet { id: number; owner: string; name: string; description: string; labels: string[] }
export interface AtImage { id: string; trainingSetId: number; label: string; bytes: Uint8Array; type: string; url: string | null; filename: string }
export interface AtClassifier { id: number; slug: string; name: string; description: string; yesNo: boolean; supportsValue: boolean; outcomes: [string, string]; return_values?: [unknown, string][] }

export interface ApiTorchState extends Checked {
  /** key → account */
  keys: Map<string, string>;
  trainingSets: AtSet[];
  /** By the hex part of the image id. */
  images: Map<string, AtImage>;
  classifiers: AtClassifier[];
  classifications: Map<string, { classifier: string; image_url: string; owner: string }>;
  corrections: { classification_id: string; correct_label_id: string }[];
  feedback: string[];
  /** What image URLs are fetched from (media.ts). */
  web: Web;
  /** The clock signed URLs are dated by (tests move it to see them expire). */
  now: () => number;
}

export const APITORCH_TEST_KEY = 'apitorch-test-key-00112233445566';
/** Another account's key; it owns training set 500. */
export const APITORCH_OTHER_KEY = 'apitorch-other-key-99887766554433';
const err = (status: number, message: string, param?: string): Res => json(status, { object: 'error', message, ...(param ? { param } : {}) });
const snake = (s: string) => s.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
const slugOf = (s: string) => snake(s).replace(/_/g, '-');
const sha1 = (s: string | Uint8Array) => createHash('sha1').update(s).digest('hex');

/** Schema errors as one API Torch error: the first one, naming its input. */
function refuse(fn: ValidateFunction, value: unknown): Res | undefined {
  const [e] = errorsOf(fn, value);
  if (!e) return undefined;
  const path = fieldPath(e);
  const own = (e.parentSchema as Record<string, unknown> | undefined)?.['x-message'];
  const what = typeof own === 'string' ? (path.length ? `${joinPath(path)}: ${own}` : own) : e.keyword === 'required' ? `${joinPath(path)} is required.` : `${joinPath(path)} ${e.message ?? 'is invalid'}.`;
  return err(400, what, path[0]);
}

const answers: ServiceAnswers = {
  error: aResponses.error,
  internal: () => err(500, 'Internal server error.'),
  notFound: () => err(404, 'Not found.'),
  notAllowed: (req, allowed) => ({ ...err(405, `Method ${req.method} not allowed.`), headers: { allow: allowed.join(', ') } }),
};

export async function startApiTorchServer(options: { key?: string } = {}): Promise<TestServer<ApiTorchState>> {
  const ids = idMaker();
  const secret = `signing-${Math.random()}`;
  const state: ApiTorchState = {
    keys: new Map([
      [options.key ?? APITORCH_TEST_KEY, 'account-1'],
      [APITORCH_OTHER_KEY, 'account-2'],
    ]),
    trainingSets: [
      { id: 294, owner: 'account-1', name: 'Zebra Breeds', description: 'Distinguishes between different breed of zebra', labels: ['Mountain Zebra', 'Maneless Zebra'] },
      { id: 419, owner: 'account-1', name: 'Pokemon-151', description: 'Dataset of 7,000 images of original 151 pokemon.', labels: [] },
      { id: 500, owner: 'account-2', name: 'Private Set', description: 'Not yours', labels: [] },
    ],
    images: new Map(),
    classifiers: [
      { id: 70, slug: 'safe-for-work', name: 'Work Safe', description: "Classifies input image into 'work_safe' and 'not_work_safe'", yesNo: false, supportsValue: true, outcomes: ['safe for work', 'not safe for work'], return_values: [[true, 'Image is safe for work'], [false, 'Image is not safe for work']] },
      { id: 71, slug: 'extract-text', name: 'Extract Text', description: 'Detects whether an image contains text', yesNo: true, supportsValue: false, outcomes: ['contains text', 'does not contain text'] },
      { id: 72, slug: 'design-score', name: 'Design Score', description: 'Rates the design quality of an image', yesNo: false, supportsValue: true, outcomes: ['good design', 'poor design'] },
    ],
    classifications: new Map(),
    corrections: [],
    feedback: [],
    web: newWeb(),
    now: () => Date.now(),
    schemaViolations: [],
  };
  const h = (fn: (req: Req, owner: string) => Res | Promise<Res>) => (req: Req) => {
    const challenge = { 'www-authenticate': 'Basic realm="API Torch"' };
    const m = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) return { ...err(401, 'API key required: use HTTP Basic auth with the key as user name.'), headers: challenge };
    // The password is left blank; the key is the user name.
    const owner = state.keys.get(Buffer.from(m[1], 'base64').toString('utf8').split(':')[0]);
    return owner ? fn(req, owner) : { ...err(401, 'Invalid API key.'), headers: challenge };
  };
  const setOf = (id: string, owner: string) => state.trainingSets.find((s) => String(s.id) === id && s.owner === owner);
  const day = () => new Date(state.now()).toISOString().slice(0, 10).replace(/-/g, '');
  const sign = (hex: string, d: string) => createHmac('sha256', secret).update(`${hex}|${d}`).digest('hex').slice(0, 32);
  const setUrl = (origin: string, s: AtSet) => `${origin}/training-sets/${s.id}/${slugOf(s.name)}`;

  const upload = h(async (req, owner) => {
    const s = setOf(req.params.id, owner);
    if (!s) return err(404, 'Training set not found.');
    const refused = refuse(aRequests.upload, formBody(req));
    if (refused) return refused;
    const url = req.fields.image_url?.[0] ?? null;
    let bytes: Uint8Array;
    if (url === null) bytes = new Uint8Array(await req.files.image[0].arrayBuffer());
    else {
      const got = loadUrl(state.web, url);
      if ('error' in got) return err(400, `Could not download image_url: ${got.error}.`, 'image_url');
      bytes = got.bytes;
    }
    const media = sniff(bytes);
    if (!isImage(media)) return err(400, 'The file is not a jpg or png image.', url === null ? 'image' : 'image_url');
    const label = snake(req.params.label);
    if (!label) return err(400, 'label must contain a letter or digit.', 'label');
    // Uploading to a new label creates it (the doc has no other way to make one).
    if (!s.labels.some((l) => snake(l) === label)) s.labels.push(req.params.label);
    const hex = sha1(`${ids.hex()}|${sha1(bytes)}`);
    state.images.set(hex, { id: hex, trainingSetId: s.id, label, bytes, type: media.type, url, filename: `${hex}.${media.type === 'image/png' ? 'png' : 'jpg'}` });
    return json(200, { object: 'training_image', id: `ti_${hex}`, message: 'Image added to training set.' });
  });

  const listing = h((req, owner) => {
    const s = setOf(req.params.id, owner);
    if (!s) return err(404, 'Training set not found.');
    const imgs = [...state.images.values()].filter((i) => i.trainingSetId === s.id);
    const d = day();
    // The doc's layout: images.apitorch.com/d9/7d/<rest>?<signature>; here on this server's origin.
    const signed = (i: AtImage) => `${req.origin}/images/${i.id.slice(0, 2)}/${i.id.slice(2, 4)}/${i.id.slice(4)}?X-Amz-Date=${d}&X-Amz-Signature=${sign(i.id, d)}`;
    return json(200, {
      object: 'list',
      training_set_id: s.id,
      training_set_slug: slugOf(s.name),
      training_set_url: setUrl(req.origin, s),
      data: s.labels.map((l) => snake(l)).map((label) => ({ object: 'training_label', label, images: imgs.filter((i) => i.label === label).map((i) => ({ filename: i.filename, url: signed(i) })) })),
    });
  });

  const classify = h((req, owner) => {
    const j = req.json as Record<string, unknown> | undefined;
    // Form-encoded as in the doc's curl (classifiers[]=a&classifiers[]=b, options[show_confidence_value]=true), or JSON.
    const show = req.fields['options[show_confidence_value]']?.[0];
    const input = j ?? {
      classifiers: req.fields['classifiers[]'] ?? req.fields.classifiers,
      image_url: req.fields.image_url?.[0],
      ...(show !== undefined ? { options: { show_confidence_value: show === 'true' ? true : show === 'false' ? false : show } } : {}),
    };
    const refused = refuse(aRequests.classify, JSON.parse(JSON.stringify(input)));
    if (refused) return refused;
    const { classifiers, image_url, options } = input as { classifiers: string[]; image_url: string; options?: { show_confidence_value?: boolean } };
    const unknown = classifiers.find((slug) => !state.classifiers.some((c) => c.slug === slug));
    if (unknown) return err(400, `Unknown classifier: ${unknown}`, 'classifiers');
    const got = loadUrl(state.web, image_url);
    const bytes = 'bytes' in got && isImage(sniff(got.bytes)) ? got.bytes : undefined;
    const data = classifiers.map((slug) => {
      const c = state.classifiers.find((x) => x.slug === slug)!;
      const id = `cls_${sha1(`${ids.hex()}|${slug}`)}`;
      state.classifications.set(id, { classifier: slug, image_url, owner });
      const base = { object: 'classification', id, classifier: slug };
      if (!bytes) return { ...base, label: 'unknown', sentence: 'The image could not be read.', confidence: 'unknown' };
      const score = parseInt(sha1(`${slug}|${sha1(bytes)}`).slice(0, 8), 16) / 0xffffffff;
      const yes = score >= 0.5;
      const label = c.outcomes[yes ? 0 : 1];
      const sentence = `Image ${c.yesNo ? label : `is ${label}`}.`;
      if (c.yesNo) return { ...base, label, sentence, value: yes };
      const sure = Math.abs(score - 0.5) * 2;
      const confidence = sure >= 0.8 ? 'very high' : sure >= 0.6 ? 'high' : sure >= 0.3 ? 'possible' : sure >= 0.1 ? 'low' : 'very low';
      const value = options?.show_confidence_value && c.supportsValue ? { confidence_value: (0.5 + sure / 2).toFixed(4) } : {};
      return { ...base, label, sentence, confidence, ...value };
    });
    return json(200, { object: 'list', id: `api_${sha1(ids.hex())}`, data });
  });

  /** Feedback inputs are documented as "URL Parameters": the query string. */
  const query = (req: Req) => Object.fromEntries(req.query.entries());
  const routes: DocRoute[] = [
    { method: 'GET', path: '/api/ping', ok: aResponses.ping, handler: h(() => json(200, { object: 'ping', message: 'ok' })) },
    {
      method: 'GET',
      path: '/api/training-sets',
      ok: aResponses.trainingSets,
      handler: h((req, owner) => json(200, { object: 'list', data: state.trainingSets.filter((s) => s.owner === owner).map((s) => ({ object: 'training_set', id: s.id, description: s.description, labels: [...s.labels], name: s.name, url: setUrl(req.origin, s) })) })),
    },
    { method: 'POST', path: '/api/training-set/:id/:label/image', ok: aResponses.trainingImage, handler: upload },
    {
      method: 'DELETE',
      path: '/api/training-image/:imageId',
      ok: aResponses.trainingImage,
      handler: h((req, owner) => {
        // The doc's sample deletes by the bare hex; the "ti_" id the upload returned is taken too.
        const hex = req.params.imageId.replace(/^ti_/, '');
        const img = state.images.get(hex);
        if (!img || !setOf(String(img.trainingSetId), owner)) return err(404, 'Training image not found.');
        state.images.delete(hex);
        return json(200, { object: 'training_image', id: `ti_${hex}`, message: 'Image deleted.' });
      }),
    },
    { method: 'GET', path: '/api/training-set/:id/images', ok: aResponses.images, handler: listing },
    {
      // The signed image host: no API key; the signature, valid for its day, is the credential (S3-style XML errors).
      method: 'GET',
      path: '/images/:a/:b/:rest',
      ok: 'raw',
      handler: (req) => {
        const hex = `${req.params.a}${req.params.b}${req.params.rest}`;
        const img = state.images.get(hex);
        const d = req.query.get('X-Amz-Date') ?? '';
        const denied = (why: string) => ({ status: 403, raw: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>${why}</Message></Error>`), headers: { 'content-type': 'application/xml' } });
        if (!img || req.query.get('X-Amz-Signature') !== sign(hex, d)) return denied('Signature does not match.');
        if (d !== day()) return denied('Request has expired');
        return { status: 200, raw: Buffer.from(img.bytes), headers: { 'content-type': img.type } };
      },
    },
    {
      // A training set's canonical URL is a page of the web app.
      method: 'GET',
      path: '/training-sets/:id/:slug',
      ok: 'raw',
      handler: (req) => {
        const s = state.trainingSets.find((x) => String(x.id) === req.params.id && slugOf(x.name) === req.params.slug);
        return s ? { status: 200, raw: Buffer.from(`<!doctype html><title>${s.name}</title>`), headers: { 'content-type': 'text/html' } } : err(404, 'Not found.');
      },
    },
    { method: 'GET', path: '/api/classifiers', ok: aResponses.classifiers, handler: h(() => json(200, { object: 'list', data: state.classifiers.map((c) => ({ object: 'classifier', id: c.id, description: c.description, name: c.name, slug: c.slug, ...(c.return_values ? { return_values: c.return_values } : {}) })) })) },
    { method: 'POST', path: '/api/classify', ok: aResponses.classify, handler: classify },
    {
      method: 'POST',
      path: '/api/feedback/classification',
      ok: aResponses.feedback,
      handler: h((req, owner) => {
        const q = query(req);
        const refused = refuse(aRequests.classificationFeedback, q);
        if (refused) return refused;
        const c = state.classifications.get(q.classification_id);
        if (!c || c.owner !== owner) return err(404, 'Classification not found.');
        state.corrections.push({ classification_id: q.classification_id, correct_label_id: q.correct_label_id });
        return json(200, { object: 'feedback', message: 'Feedback received.' });
      }),
    },
    {
      method: 'POST',
      path: '/api/feedback/freeform',
      ok: aResponses.feedback,
      handler: h((req) => {
        const q = query(req);
        const refused = refuse(aRequests.freeformFeedback, q);
        if (refused) return refused;
        state.feedback.push(Buffer.from(q.message, 'base64').toString('utf8'));
        return json(200, { object: 'feedback', message: 'Feedback received.' });
      }),
    },
  ];
  return startServer(checkedRoutes(state, routes, answers), state, { malformedBody: () => err(400, 'The request body could not be parsed.') });
}
