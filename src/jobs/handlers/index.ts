/** Every job the local engine runs, by job_type. */
import type { HandlerTable } from '../context.js';
import { archiveHandlers } from './archives.js';
import { curationHandlers } from './curation.js';
import { runIndex } from './index-job.js';
import { runSearch } from './search.js';
import { runFineTuneTranslator, runFineTuneVectorizer } from './fine-tune.js';

export const handlers: HandlerTable = {
  ...archiveHandlers,
  ...curationHandlers,
  index: runIndex,
  search: runSearch,
  fine_tune_vectorizer: runFineTuneVectorizer,
  fine_tune_translator: runFineTuneTranslator,
};
