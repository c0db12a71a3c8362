/**
 * The pair list of <curate-duplicates>: every pair the groups hold (keeper–member and
 * related), most similar first, each with Compare and "Not same"; "Not same" on a row is
 * stored like the group's "Not a duplicate" and the pair is gone from the next search.
 */
import { test, expect } from '@playwright/test';
import { photoDuplicates, shot } from './helpers.js';

test('pairs view: all pairs, most similar first; Not same on a row sticks; a bad view attribute is said', async ({ page }) => {
  const { errors, dup } = await photoDuplicates(page);
  // What the client says the groups hold: every keeper–member and related pair, once each.
  const expected = await page.evaluate(async () => {
    const groups = await (window as any).curator.duplicates('samples');
    const keys = new Set<string>();
    for (const g of groups) for (const p of [...g.pairs, ...g.related]) keys.add([Math.min(p.a, p.b), Math.max(p.a, p.b)].join(':'));
    return [...keys].sort();
  });
  expect(expected.length).toBeGreaterThan(1);
  await dup.getByRole('button', { name: /^Pairs, most similar first/ }).click();
  const rows = dup.locator('[part=pair-row]');
  await expect(rows).toHaveCount(expected.length);
  const shown = await rows.evaluateAll((els) => els.map((e) => ({ a: Number(e.getAttribute('data-a')), b: Number(e.getAttribute('data-b')), sim: Number(e.querySelector('strong')!.textContent) })));
  expect(shown.map((r) => [Math.min(r.a, r.b), Math.max(r.a, r.b)].join(':')).sort()).toEqual(expected);
  for (let i = 1; i < shown.length; i++) expect(shown[i].sim).toBeLessThanOrEqual(shown[i - 1].sim);
  await shot(dup, 'duplicates-pairs');

  // "Not same" on the least similar row: stored, and the pair is not found again.
  const last = shown.at(-1)!;
  await rows.last().getByRole('button', { name: 'Not same' }).click();
  await expect(dup.getByRole('button', { name: /^Undo: / })).toBeVisible();
  const decisions = await page.evaluate(async () => (window as any).curator.duplicateDecisions('samples'));
  expect(decisions.pairs).toContainEqual(expect.objectContaining({ a: Math.min(last.a, last.b), b: Math.max(last.a, last.b), same: false }));
  await expect(dup.locator(`[part=pair-row][data-a="${last.a}"][data-b="${last.b}"]`)).toHaveCount(0);
  const again = await page.evaluate(async () => {
    const groups = await (window as any).curator.duplicates('samples');
    return groups.flatMap((g: any) => g.pairs.map((p: any) => [Math.min(p.a, p.b), Math.max(p.a, p.b)].join(':')));
  });
  expect(again).not.toContain([Math.min(last.a, last.b), Math.max(last.a, last.b)].join(':'));

  // Compare opens both (the event the app turns into <curate-viewer>).
  const compared = page.evaluate(() => new Promise((r) => document.querySelector('curate-duplicates')!.addEventListener('curate-compare', (e) => r((e as CustomEvent).detail), { once: true })));
  await rows.first().getByRole('button', { name: 'Compare' }).click();
  const first = shown[0];
  expect(await compared).toEqual({ a: first.a, b: first.b });

  await dup.evaluate((el) => el.setAttribute('view', 'list'));
  await expect(dup.getByRole('alert')).toContainText("view: 'groups' | 'pairs'");
  await expect(dup.locator('[part=group]').first()).toBeVisible();
  expect(errors).toEqual([]);
});
