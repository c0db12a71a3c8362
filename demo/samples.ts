/**
 * The bundled sample collection (demo/public/samples, served at /samples/):
 * emoji in four categories, photographs as off-topic items, and planted
 * near-duplicates, listed with their ground truth in index.json.
 */
export interface SampleEntry {
  file: string;
  group: string;
  kind: 'emoji' | 'photo' | 'near-duplicate' | 'exact-duplicate';
  of?: string;
  license: string;
}

export const SAMPLE_ARCHIVE = 'samples';

/** Fetch the sample files (same origin, works offline once served). */
export async function fetchSamples(base = new URL('/samples/', location.href)): Promise<{ entries: SampleEntry[]; files: File[] }> {
  const index = (await (await fetch(new URL('index.json', base))).json()) as { entries: SampleEntry[] };
  const files = await Promise.all(
    index.entries.map(async (e) => {
      const res = await fetch(new URL(e.file, base));
      if (!res.ok) throw new Error(`sample ${e.file}: HTTP ${res.status}`);
      return new File([await res.blob()], e.file, { type: res.headers.get('content-type') ?? '' });
    }),
  );
  return { entries: index.entries, files };
}
