// A new user's app: the README's wiring, nothing else. Vite config: none (defaults).
import { createCurator, type EmbedderInfo } from 'curatekit';
import { defineCurateElements } from 'curatekit/components';

defineCurateElements();
const status = document.getElementById('status')!;

interface Report { cores: number; tiles: number; info: EmbedderInfo; indexed: number; exact: string[]; redundant: string[]; groups: number; error?: undefined }
declare global { interface Window { consumer?: Report | { error: string } } }

async function main(): Promise<Report> {
  const curator = await createCurator({ threads: 2 });
  // The README's wiring: give the elements the client; they load and refresh themselves.
  for (const el of document.querySelectorAll<HTMLElement & { curator?: unknown }>('curate-duplicates, curate-gallery')) el.curator = curator;
  const info = await curator.warmUp();
  status.textContent = `warm: ${info.backend} × ${info.threads}`;
  await curator.run('create_archive', { name: 'photos', content_type: 'Image' });
  const names = ['canyon.jpg', 'canyon-small-q25.jpg', 'cat.jpg', 'cat-copy.jpg'];
  const files = await Promise.all(names.map(async (n) => new File([await (await fetch(`./img/${n}`)).blob()], n, { type: 'image/jpeg' })));
  const job = await curator.run('index', { archive: 'photos', files, check_for_redundancy_within_batch: false });
  const indexed = Object.keys(job.results.name_to_indexed_content_id).length;
  const groups = await curator.duplicates('photos');
  // No manual refresh: the gallery must show the new photos by itself.
  const gallery = document.querySelector('curate-gallery')!;
  let tiles = 0;
  for (let i = 0; i < 100 && tiles < indexed; i++) {
    await new Promise((r) => setTimeout(r, 100));
    tiles = gallery.shadowRoot?.querySelectorAll('img').length ?? 0;
  }
  status.textContent = `indexed ${indexed}`;
  return { cores: navigator.hardwareConcurrency, tiles, info, indexed, exact: job.results.exact_duplicate_file_names, redundant: [...job.results.exact_duplicate_file_names, ...job.results.redundant_content_names], groups: groups.length };
}

main().then(
  (r) => (window.consumer = r),
  (e: unknown) => {
    status.textContent = `failed: ${(e as Error).message}`;
    window.consumer = { error: `${(e as Error).name}: ${(e as Error).message}` };
  },
);
