/**
 * send_feedback with structured pair answers (local extension): stored with the archive as
 * the duplicates element's answers are, the text kept too; bad pairs refused by name with
 * nothing written (neither the answers nor the text).
 */
import { test, expect } from './fixtures.js';

test('send_feedback stores pair answers with the archive and the text; bad pairs are refused by name, nothing written', async ({ harness: page }) => {
  const out = await page.evaluate(async () => {
    const { createCurator } = (window as any).curatekit;
    const c = await createCurator({ dbName: `feedback-${Date.now()}` });
    await c.run('create_archive', { name: 'p', content_type: 'Image' });
    const index = await (await fetch('/samples/index.json')).json();
    const names: string[] = index.entries.map((e: { file: string }) => e.file).filter((f: string) => f.startsWith('photo-')).slice(0, 3);
    const files = await Promise.all(names.map(async (n) => new File([await (await fetch(`/samples/${n}`)).blob()], n, { type: 'image/jpeg' })));
    const map = (await c.run('index', { archive: 'p', files, check_for_redundancy_within_batch: false })).results.name_to_indexed_content_id as Record<string, number>;
    const [a, b, x] = names.map((n) => map[n]);
    const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: any) => ({ name: e.name, field: e.field ?? null }));
    const job = await c.run('send_feedback', { feedback: 'a and b are different photos', archive: 'p', pairs: [{ a, b, same: false }, { a: b, b: x, same: true }] });
    const decisions = await c.duplicateDecisions('p');
    const feedback = (await c.listFeedback()).length;
    const bad = {
      unknownId: await errorOf(c.run('send_feedback', { feedback: 'x', archive: 'p', pairs: [{ a, b: 99999, same: true }] })),
      noArchive: await errorOf(c.run('send_feedback', { feedback: 'x', pairs: [{ a, b, same: true }] })),
      noPairs: await errorOf(c.run('send_feedback', { feedback: 'x', archive: 'p' })),
      notBool: await errorOf(c.run('send_feedback', { feedback: 'x', archive: 'p', pairs: [{ a, b, same: 'yes' }] })),
      empty: await errorOf(c.run('send_feedback', { feedback: 'x', archive: 'p', pairs: [] })),
      longText: await errorOf(c.run('send_feedback', { feedback: 'x'.repeat(1001), archive: 'p', pairs: [{ a, b, same: true }] })),
    };
    const after = { decisions: await c.duplicateDecisions('p'), feedback: (await c.listFeedback()).length };
    await c.close();
    return { ids: { a, b, x }, results: job.results, decisions, feedback, bad, after };
  });
  const { a, b, x } = out.ids;
  expect(out.results).toBeNull();
  const pairs = out.decisions.pairs.map((p: any) => [Math.min(p.a, p.b), Math.max(p.a, p.b), p.same]).sort();
  expect(pairs).toEqual([[Math.min(a, b), Math.max(a, b), false], [Math.min(b, x), Math.max(b, x), true]].sort());
  expect(out.feedback).toBe(1);
  expect(out.bad).toEqual({
    unknownId: { name: 'ValidationError', field: 'inputs.pairs[0].b' },
    noArchive: { name: 'ValidationError', field: 'inputs.archive' },
    noPairs: { name: 'ValidationError', field: 'inputs.pairs' },
    notBool: { name: 'ValidationError', field: 'inputs.pairs[0].same' },
    empty: { name: 'ValidationError', field: 'inputs.pairs' },
    longText: { name: 'ValidationError', field: 'inputs.feedback' },
  });
  expect(out.after.decisions.pairs).toHaveLength(2);
  expect(out.after.feedback).toBe(1);
});
