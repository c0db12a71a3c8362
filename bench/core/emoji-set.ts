/** Labelled emoji of emoji-datasource-google by category, the benchmarks' labelled image set. */
import { readFileSync } from 'node:fs';

/**
 * Up to `per` emoji per category (not 'Component'), every other one in sort order:
 * neighbours are often skin-tone or gender variants of one another.
 */
export function emojiByCategory(per: number): { file: string; label: string }[] {
  const emoji = JSON.parse(readFileSync('node_modules/emoji-datasource-google/emoji.json', 'utf8')) as { image: string; category: string; has_img_google: boolean; sort_order: number }[];
  const byCat = new Map<string, string[]>();
  for (const e of emoji.filter((x) => x.has_img_google && x.category !== 'Component').sort((a, b) => a.sort_order - b.sort_order)) {
    const l = byCat.get(e.category) ?? [];
    if (l.length < per * 2) l.push(e.image);
    byCat.set(e.category, l);
  }
  return [...byCat].flatMap(([cat, files]) => files.filter((_, i) => i % 2 === 0).slice(0, per).map((f) => ({ file: f, label: cat })));
}
