/**
 * The demo: <curate-app> on the engine in a worker, with a button that loads
 * the bundled sample collection and runs every analysis on it, so a newcomer
 * sees duplicates, clusters, outliers and the map in about a minute, offline.
 * Archives live in IndexedDB and survive reloads.
 */
import { createCurator } from '../src/index.js';
import { defineCurateElements, type CurateApp } from '../src/components/index.js';
import { fetchSamples, SAMPLE_ARCHIVE } from './samples.js';

// Explicit: a production build may drop a side-effect-only import of the elements.
defineCurateElements();
const app = document.getElementById('app') as CurateApp;
const button = document.getElementById('load-samples') as HTMLButtonElement;
const status = document.getElementById('demo-status')!;

function say(text: string): void {
  status.textContent = text;
}

async function loadSamples(): Promise<void> {
  button.disabled = true;
  try {
    say('fetching the samples…');
    const { files } = await fetchSamples();
    app.openArchive(SAMPLE_ARCHIVE);
    await app.updateComplete;
    const root = app.shadowRoot!;
    say(`indexing ${files.length} images…`);
    await root.querySelector('curate-dropzone')!.addFiles(files);
    say('finding duplicates, clusters, outliers and the map…');
    await root.querySelector('curate-duplicates')!.find();
    await root.querySelector('curate-clusters')!.run();
    await root.querySelector('curate-outliers')!.rank();
    await root.querySelector('curate-map')!.compute();
    app.tab = 'duplicates';
    say('done: look through the tabs');
  } catch (e) {
    say(`failed: ${(e as Error).message}`);
  } finally {
    button.disabled = false;
  }
}

button.addEventListener('click', () => void loadSamples());
say('starting the engine…');
createCurator()
  .then((curator) => {
    app.curator = curator;
    say('');
    (window as unknown as { curator: unknown }).curator = curator;
  })
  .catch((e: Error) => say(`the engine did not start: ${e.message}`));
