/** The training calls by name (TrainingMap), as the worker dispatches them. */
import { ValidationError } from '../contract/errors.js';
import { checkOneOf, checkString } from '../contract/validate.js';
import type { FineTuneReport, TrainedModelView, TrainingMap, TrainingName, TranslatorReport } from '../contract/training.js';
import type { Engine } from './engine.js';
import { archiveLabels, exportLabels, importLabels, setLabels } from './labels.js';
import { classifiers, classify, feedback, labelErrors, removeClassifier, train, type TrainingRun } from './training.js';

type Call = (engine: Engine, options: never, run: TrainingRun) => Promise<unknown>;

const archiveOf = (o: { archive?: unknown } | undefined): string => {
  if (typeof o?.archive !== 'string') throw new ValidationError('archive', 'an archive name');
  return o.archive;
};

/** A Map: a name from the page is never looked up on a prototype. */
const CALLS = new Map<TrainingName, Call>([
  ['labels', (e, o: { archive?: unknown }) => archiveLabels(e.store, archiveOf(o))],
  ['setLabels', (e, o: { archive?: unknown; labels?: unknown }) => setLabels(e.store, archiveOf(o), o.labels)],
  ['importLabels', (e, o: { archive?: unknown; exampleToLabels?: unknown }) => importLabels(e.store, archiveOf(o), o.exampleToLabels)],
  ['exportLabels', (e, o: { archive?: unknown }) => exportLabels(e.store, archiveOf(o))],
  ['train', (e, o: TrainingMap['train']['options'], run) => train(e, o, run)],
  ['classifiers', (e, o: TrainingMap['classifiers']['options']) => classifiers(e, o)],
  ['deleteClassifier', (e, o: TrainingMap['deleteClassifier']['options']) => removeClassifier(e, o)],
  ['classify', (e, o: TrainingMap['classify']['options'], run) => classify(e, o, run)],
  ['feedback', (e, o: TrainingMap['feedback']['options'], run) => feedback(e, o, run)],
  ['labelErrors', (e, o: TrainingMap['labelErrors']['options'], run) => labelErrors(e, o, run)],
  ['models', (e) => trainedModels(e)],
  ['deleteModel', (e, o: { kind?: unknown; name?: unknown }) => deleteModel(e, o)],
]);

export async function training<K extends TrainingName>(engine: Engine, name: K, options: TrainingMap[K]['options'], run: TrainingRun): Promise<TrainingMap[K]['result']> {
  const call = CALLS.get(name);
  if (!call) throw new ValidationError('name', `one of ${[...CALLS.keys()].join(', ')}`);
  if (typeof options !== 'object' || options === null) throw new ValidationError('options', 'an object');
  return (await call(engine, options as never, run)) as TrainingMap[K]['result'];
}

/** Fine-tuned vectorizers and translators kept in this origin, newest first. */
async function trainedModels(engine: Engine): Promise<TrainedModelView[]> {
  const [vectorizers, translators] = await Promise.all([engine.store.listModels('custom_vectorizers'), engine.store.listModels('translators')]);
  const out: TrainedModelView[] = [
    ...vectorizers.map((r): TrainedModelView => ({ kind: 'vectorizer', name: r.name, input: r.input, output: r.output, created_at: r.created_at, report: r.report as FineTuneReport })),
    ...translators.map((r): TrainedModelView => ({ kind: 'translator', name: r.name, input: r.input, output: r.output, created_at: r.created_at, report: r.report as TranslatorReport })),
  ];
  return out.sort((a, b) => b.created_at - a.created_at);
}

/**
 * Delete a fine-tuned vectorizer or a translator. A vectorizer some archive has as its default is
 * refused (naming the archives): those archives would lose their vectors' meaning.
 */
async function deleteModel(engine: Engine, o: { kind?: unknown; name?: unknown }): Promise<{ deleted: boolean }> {
  const kind = checkOneOf(o.kind, 'kind', ['vectorizer', 'translator'] as const);
  const name = checkString(o.name, 'name', 0);
  if (kind === 'translator') return { deleted: await engine.store.deleteModel('translators', name) };
  const users = (await engine.store.listArchives()).filter((a) => a.parameters.default_vectorizer === name).map((a) => a.name);
  if (users.length) throw new ValidationError('name', 'a vectorizer no archive has as its default', `name: archives ${users.map((u) => `"${u}"`).join(', ')} embed with "${name}"; delete them first`);
  const deleted = await engine.store.deleteModel('custom_vectorizers', name);
  engine.unregisterFineTuned(name);
  return { deleted };
}
