/** Each element alone: one client for the page, every element with its own state. */
import { createCurator } from '../src/index.js';
import { defineCurateElements } from '../src/components/index.js';
import { fetchSamples } from './samples.js';

// Explicit: a production build may drop a side-effect-only import of the elements.
defineCurateElements();
const status = document.getElementById('demo-status')!;
const button = document.getElementById('load-samples') as HTMLButtonElement;

const curator = await createCurator();
(window as unknown as { curator: unknown }).curator = curator;
for (const el of document.querySelectorAll<HTMLElement & { curator?: unknown }>('curate-dropzone, curate-gallery, curate-search, curate-duplicates, curate-clusters, curate-outliers, curate-map, curate-balance, curate-export, curate-jobs')) {
  el.curator = curator;
}

button.addEventListener('click', async () => {
  button.disabled = true;
  try {
    status.textContent = 'indexing the samples…';
    const { files } = await fetchSamples();
    await document.querySelector('curate-dropzone')!.addFiles(files);
    // Elements used alone do not share a model: tell each that the archive changed.
    for (const el of document.querySelectorAll<HTMLElement & { model?: { contentsChanged(): void } }>('[archive]')) el.model?.contentsChanged();
    status.textContent = 'done';
  } catch (e) {
    status.textContent = `failed: ${(e as Error).message}`;
  } finally {
    button.disabled = false;
  }
});
