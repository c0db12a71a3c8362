/**
 * The real exhaustion path: a persistent profile on a 96 MB tmpfs, filled by
 * indexing incompressible photos until the disk is full. The refused batch
 * gives a QuotaError that says what was written, how big it was and what the
 * browser reported; the archive stays whole (contents = vectors); a removal
 * on the full disk happens whole or not at all; deleting the archive frees
 * the disk and indexing works again. Needs root (mount); skipped with the
 * reason otherwise.
 */
import { chromium, test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '../../scripts/chromium.mjs';

test('a full disk: QuotaError with what and how much, the archive intact, delete the archive and continue', async ({ baseURL }) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'curatekit-quota-'));
  let mounted = false;
  try {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96m', 'tmpfs', dir], { stdio: 'pipe' });
      mounted = true;
    } catch (e) {
      test.skip(true, `a small disk needs root to mount a tmpfs: ${(e as Error).message.split('\n')[0]}`);
    }
    const ctx = await chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM_PATH, args: CHROMIUM_ARGS, baseURL });
    try {
      const page = ctx.pages()[0] ?? (await ctx.newPage());
      await page.goto('/test/browser/pages/harness.html');
      await expect(page.locator('#status')).toHaveText('ready');
      const out = await page.evaluate(async () => {
        const { createCurator } = (window as any).curatekit;
        let seed = 1;
        const noise = async (name: string) => {
          // 1000 × 1000 random pixels: a PNG of ~3 MB that no compression shrinks.
          const cv = new OffscreenCanvas(1000, 1000);
          const g = cv.getContext('2d')!;
          const img = g.createImageData(1000, 1000);
          for (let i = 0; i < img.data.length; i++) img.data[i] = i % 4 === 3 ? 255 : (seed = (seed * 1103515245 + 12345) % 2147483648) >> 23;
          g.putImageData(img, 0, 0);
          return new File([await cv.convertToBlob({ type: 'image/png' })], name);
        };
        const c = await createCurator({ dbName: 'quota' });
        await c.run('create_archive', { name: 'full', content_type: 'Image' });
        let error: any = null, batches = 0;
        for (let b = 0; b < 40 && !error; b++) {
          const files = await Promise.all([0, 1, 2, 3].map((k) => noise(`n${b}-${k}.png`)));
          try {
            await c.run('index', { archive: 'full', files });
            batches++;
          } catch (e: any) {
            error = { name: e.name, code: e.code, message: e.message, details: e.details };
          }
        }
        const intact = async () => {
          const contents = await c.contents('full');
          const vecs = await c.vectors('full');
          const listed = (await c.run('list_content', null)).results.archive_to_content_type_states_nr_of_contents.full.nr_of_contents;
          return { contents: contents.length, vectors: vecs.ids.length, listed };
        };
        const before = await intact();
        // On a disk this full a removal may not be writable either (its trash copy and rewritten chunks need room); deleting the archive frees it.
        const ids = (await c.contents('full')).map((x: any) => x.id);
        const removal = await c.run('remove_content', { archive: 'full', archive_content_ids_subset: ids.slice(0, 2) }).then(() => null, (e: any) => ({ name: e.name, message: e.message }));
        const afterRemoval = await intact();
        const dropped = await c.run('remove_content', { archive: 'full', delete_archive: true }).then(() => 'deleted', (e: any) => `${e.name}: ${e.message}`);
        await c.run('create_archive', { name: 'full', content_type: 'Image' });
        const again = (await c.run('index', { archive: 'full', files: [await noise('after.png')] })).results;
        const after = await intact();
        await c.close();
        return { error, batches, before, after, removal, afterRemoval, dropped, again: Object.keys(again.name_to_indexed_content_id) };
      });
      expect(out.batches).toBeGreaterThan(0);
      expect(out.error).toMatchObject({ name: 'QuotaError', code: 'quota' });
      expect(out.error.message).toMatch(/storage is full: a batch of \d+ contents \(about \d+\.\d MB\) was not written/);
      expect(out.error.details.writing).toMatch(/^a batch of \d+ contents$/);
      expect(out.error.details.bytes).toBeGreaterThan(1e6);
      expect(out.error.details.quota).toBeGreaterThan(0);
      // The archive is whole: every stored content has its vector, and the listing agrees.
      expect(out.before.contents).toBe(out.before.vectors);
      expect(out.before.listed).toBe(out.before.contents);
      // A removal either happened whole or not at all; the archive stays whole either way.
      if (out.removal) expect(out.removal).toMatchObject({ name: 'QuotaError' });
      expect(out.afterRemoval.contents).toBe(out.afterRemoval.vectors);
      expect(out.afterRemoval.contents).toBe(out.before.contents - (out.removal ? 0 : 2));
      // Deleting the archive frees the disk, and indexing works again.
      expect(out.dropped).toBe('deleted');
      expect(out.again).toEqual(['after.png']);
      expect(out.after).toEqual({ contents: 1, vectors: 1, listed: 1 });
    } finally {
      await ctx.close();
    }
  } finally {
    if (mounted) execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});
