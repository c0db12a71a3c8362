/**
 * Corrections on a duplicate group stick and can be taken back: "Not a duplicate"
 * takes a member out of its group for every later search (and after a new element /
 * reload reads the archive), "Make keeper" changes the keeper the same way, and Undo
 * restores what the rule decided.
 */
import { test, expect, type Page } from '@playwright/test';
import { mount, photoDuplicates, shot } from './helpers.js';

/** Groups as the archive has them now, straight from the client (no element state). */
const stored = (page: Page) =>
  page.evaluate(async () => ((await (window as any).curator.duplicates('samples')) as { keep: number; ids: number[] }[]).map((g) => ({ keep: g.keep, ids: [...g.ids].sort((a, b) => a - b) })));

test('not a duplicate, make keeper, undo — stored with the archive', async ({ page }) => {
  const { errors, dup } = await photoDuplicates(page);
  const before = await stored(page);
  expect(before.length).toBeGreaterThan(0);

  // 1. "Not a duplicate" on a member that is not the keeper.
  const group = dup.locator('[part=group]').first();
  const member = group.locator('[part=member]').filter({ has: page.getByRole('button', { name: 'Not a duplicate' }) }).first();
  const memberId = Number(await member.getAttribute('data-id'));
  const groupBefore = before.find((g) => g.ids.includes(memberId))!;
  await member.getByRole('button', { name: 'Not a duplicate' }).click();
  await expect(dup.getByRole('button', { name: /^Undo: .* is not a duplicate of / })).toBeVisible();
  await shot(dup, 'duplicates-not-same');
  const afterNotSame = await stored(page);
  // The member is no longer in a group with that keeper.
  expect(afterNotSame.some((g) => g.ids.includes(memberId) && g.ids.includes(groupBefore.keep))).toBe(false);
  const decisions = await page.evaluate(async () => (window as any).curator.duplicateDecisions('samples'));
  expect(decisions.pairs).toContainEqual(expect.objectContaining({ a: Math.min(memberId, groupBefore.keep), b: Math.max(memberId, groupBefore.keep), same: false }));

  // Undo restores the rule's groups.
  await dup.getByRole('button', { name: /^Undo:/ }).click();
  await expect(dup.getByRole('button', { name: /^Undo:/ })).toHaveCount(0);
  expect(await stored(page)).toEqual(before);

  // 2. "Make keeper" on a member: the keeper changes, also for a fresh element.
  const g2 = dup.locator('[part=group]').first();
  const newKeeperEl = g2.locator('[part=member]').filter({ has: page.getByRole('button', { name: 'Make keeper' }) }).first();
  const newKeeper = Number(await newKeeperEl.getAttribute('data-id'));
  await newKeeperEl.getByRole('button', { name: 'Make keeper' }).click();
  await expect(dup.getByRole('button', { name: /^Undo: keep / })).toBeVisible();
  expect((await stored(page)).find((g) => g.ids.includes(newKeeper))?.keep).toBe(newKeeper);
  await mount(page, '<curate-duplicates></curate-duplicates>');
  await page.locator('curate-duplicates').getByRole('button', { name: 'Find duplicates' }).click();
  await expect(page.locator(`curate-duplicates [part=member][data-id="${newKeeper}"] [part=reason]`)).toBeVisible();
  await shot(page.locator('curate-duplicates'), 'duplicates-made-keeper');
  expect(errors).toEqual([]);
});
