/**
 * Conformance server for API Torch (shared/api-docs/apitorch.txt): Basic
 * auth with the key as user name, ping, training sets, image upload (file or
 * URL) / delete / listing with signed URLs, classifiers, classify, feedback.
 * Errors: `{"object": "error", "message": ...}` (the docs show none; chosen
 * in the style of its other objects).
 */
import { createHash } from 'node:crypto';
import { idMaker, json, startServer, type Req, type Res, type TestServer } from './harness.js';

export interface AtImage { id: string; trainingSetId: number; label: string; bytes: Buffer | null; url: string | null; filename: string }
export interface AtClassifier { id: number; slug: string; name: string; description: string; kind: 'boolean' | 'confidence'; supportsValue: boolean; return_values?: [unknown, string][] }

export interface ApiTorchState {
  keys: Set<string>;
  trainingSets: { id: number; name: string; description: string }[];
  images: Map<string, AtImage>;
  classifiers: AtClassifier[];
  classifications: Map<string, { classifier: string; image_url: string }>;
  corrections: { classification_id: string; correct_label_id: string }[];
  feedback: string[];
}

export const APITORCH_TEST_KEY = 'apitorch-test-key-00112233445566';
const err = (status: number, message: string): Res => json(status, { object: 'error', message });
const snake = (s: string) => s.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
const WORDS = ['very high', 'high', 'possible', 'low', 'very low'];

/** Fields from the query string, a form, or JSON (the feedback docs say "URL parameters"). */
function param(req: Req, name: string): string | undefined {
  const j = req.json as Record<string, unknown> | undefined;
  return req.query.get(name) ?? req.fields[name]?.[0] ?? (typeof j?.[name] === 'string' ? (j[name] as string) : undefined);
}

export async function startApiTorchServer(options: { key?: string } = {}): Promise<TestServer<ApiTorchState>> {
  const ids = idMaker();
  const state: ApiTorchState = {
    keys: new Set([options.key ?? APITORCH_TEST_KEY]),
    trainingSets: [
      { id: 294, name: 'Zebra Breeds', description: 'Distinguishes between different breed of zebra' },
      { id: 419, name: 'Pokemon-151', description: 'Dataset of 7,000 images of original 151 pokemon.' },
    ],
    images: new Map(),
    classifiers: [
      { id: 70, slug: 'safe-for-work', name: 'Work Safe', description: "Classifies input image into 'work_safe' and 'not_work_safe'", kind: 'confidence', supportsValue: true, return_values: [[true, 'Image is safe for work'], [false, 'Image is not safe for work']] },
      { id: 71, slug: 'extract-text', name: 'Extract Text', description: 'Detects whether an image contains text', kind: 'boolean', supportsValue: false },
      { id: 72, slug: 'design-score', name: 'Design Score', description: 'Rates the design quality of an image', kind: 'confidence', supportsValue: true },
    ],
    classifications: new Map(),
    corrections: [],
    feedback: [],
  };
  const auth = (req: Req): Res | undefined => {
    const m = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) return err(401, 'API key required: use HTTP Basic auth with the key as user name.');
    const [user] = Buffer.from(m[1], 'base64').toString('utf8').split(':');
    return state.keys.has(user) ? undefined : err(401, 'Invalid API key.');
  };
  const h = (fn: (req: Req) => Res | Promise<Res>) => (req: Req) => auth(req) ?? fn(req);
  const set = (id: string) => state.trainingSets.find((s) => s.id === Number(id));
  const sign = (hex: string) => createHash('sha256').update(`sig:${hex}`).digest('hex').slice(0, 16);

  const classify = h((req) => {
    const j = req.json as Record<string, unknown> | undefined;
    const slugs = (Array.isArray(j?.classifiers) ? (j.classifiers as string[]) : undefined) ?? req.fields['classifiers[]'] ?? req.fields.classifiers;
    const imageUrl = param(req, 'image_url');
    if (!slugs?.length) return err(400, 'classifiers is required.');
    if (!imageUrl) return err(400, 'image_url is required.');
    const show = req.fields['options[show_confidence_value]']?.[0] === 'true' || (j?.options as Record<string, unknown> | undefined)?.show_confidence_value === true;
    const data = [];
    for (const slug of slugs) {
      const c = state.classifiers.find((x) => x.slug === slug);
      if (!c) return err(400, `Unknown classifier: ${slug}`);
      const score = parseInt(createHash('sha256').update(`${slug}|${imageUrl}`).digest('hex').slice(0, 8), 16) / 0xffffffff;
      const id = `cls_${ids.hex()}`;
      state.classifications.set(id, { classifier: slug, image_url: imageUrl });
      const positive = score >= 0.5;
      const base = { object: 'classification', id, classifier: slug };
      if (c.kind === 'boolean') data.push({ ...base, label: positive ? 'contains text' : 'does not contain text', sentence: positive ? 'Image contains text.' : 'Image does not contain text.', value: positive });
      else data.push({ ...base, label: positive ? slug.replace(/-/g, ' ') : `not ${slug.replace(/-/g, ' ')}`, sentence: `Image is ${positive ? '' : 'not '}${slug.replace(/-/g, ' ')}.`, confidence: WORDS[Math.min(4, Math.floor(Math.abs(score - 0.5) * 10))], ...(show && c.supportsValue ? { confidence_value: score.toFixed(4) } : {}) });
    }
    return json(200, { object: 'list', id: `api_${ids.hex()}`, data });
  });

  return startServer(
    [
      { method: 'GET', path: '/api/ping', handler: h(() => json(200, { object: 'ping', message: 'ok' })) },
      { method: 'GET', path: '/api/training-sets', handler: h((req) => json(200, { object: 'list', data: state.trainingSets.map((s) => ({ object: 'training_set', ...s, url: `${req.origin}/training-sets/${s.id}/${snake(s.name)}` })) })) },
      {
        method: 'POST',
        path: '/api/training-set/:id/:label/image',
        handler: h(async (req) => {
          if (!set(req.params.id)) return err(404, 'Training set not found.');
          const file = req.files.image?.[0];
          const url = req.fields.image_url?.[0];
          if (!file && !url) return err(400, 'One of image_url or image must be specified.');
          if (file && url) return err(400, 'Only one of image_url or image may be specified.');
          const hex = ids.hex();
          const bytes = file ? Buffer.from(await file.arrayBuffer()) : null;
          state.images.set(hex, { id: hex, trainingSetId: Number(req.params.id), label: snake(req.params.label), bytes, url: url ?? null, filename: `${hex}.jpg` });
          return json(200, { object: 'training_image', id: `ti_${hex}`, message: 'Image added to training set.' });
        }),
      },
      {
        method: 'DELETE',
        path: '/api/training-image/:imageId',
        handler: h((req) => {
          const hex = req.params.imageId.replace(/^ti_/, '');
          if (!state.images.delete(hex)) return err(404, 'Training image not found.');
          return json(200, { object: 'training_image', id: `ti_${hex}`, message: 'Image deleted.' });
        }),
      },
      {
        method: 'GET',
        path: '/api/training-set/:id/images',
        handler: h((req) => {
          const s = set(req.params.id);
          if (!s) return err(404, 'Training set not found.');
          const imgs = [...state.images.values()].filter((i) => i.trainingSetId === s.id);
          const labels = [...new Set(imgs.map((i) => i.label))];
          return json(200, {
            object: 'list',
            training_set_id: s.id,
            training_set_slug: snake(s.name).replace(/_/g, '-'),
            training_set_url: `${req.origin}/training-sets/${s.id}/${snake(s.name).replace(/_/g, '-')}`,
            data: labels.map((label) => ({ object: 'training_label', label, images: imgs.filter((i) => i.label === label).map((i) => ({ filename: i.filename, url: `${req.origin}/images/${i.id}?X-Amz-Signature=${sign(i.id)}` })) })),
          });
        }),
      },
      {
        // The signed image host: no API key, the signature in the URL is the credential.
        method: 'GET',
        path: '/images/:hex',
        handler: (req) => {
          const img = state.images.get(req.params.hex);
          if (!img || req.query.get('X-Amz-Signature') !== sign(img.id)) return err(403, 'Signature does not match.');
          // URL uploads are stored by the service; here their URL text stands in for the fetched bytes.
          return { status: 200, raw: img.bytes ?? Buffer.from(img.url ?? ''), headers: { 'content-type': 'image/jpeg' } };
        },
      },
      { method: 'GET', path: '/api/classifiers', handler: h(() => json(200, { object: 'list', data: state.classifiers.map((c) => ({ object: 'classifier', id: c.id, description: c.description, name: c.name, slug: c.slug, ...(c.return_values ? { return_values: c.return_values } : {}) })) })) },
      { method: 'POST', path: '/api/classify', handler: classify },
      {
        method: 'POST',
        path: '/api/feedback/classification',
        handler: h((req) => {
          const cid = param(req, 'classification_id');
          const lid = param(req, 'correct_label_id');
          if (!cid || !lid) return err(400, 'classification_id and correct_label_id are required.');
          if (!state.classifications.has(cid)) return err(404, 'Classification not found.');
          state.corrections.push({ classification_id: cid, correct_label_id: lid });
          return json(200, { object: 'feedback', message: 'Feedback received.' });
        }),
      },
      {
        method: 'POST',
        path: '/api/feedback/freeform',
        handler: h((req) => {
          const msg = param(req, 'message');
          if (!msg) return err(400, 'message is required.');
          if (!/^[A-Za-z0-9+/]+={0,2}$/.test(msg)) return err(400, 'message must be base64 encoded.');
          state.feedback.push(Buffer.from(msg, 'base64').toString('utf8'));
          return json(200, { object: 'feedback', message: 'Feedback received.' });
        }),
      },
    ],
    state,
  );
}
