/** The `data_balance` job on core's balanceClusters: job inputs in (named as the API names them), job results out. */
import { ValidationError } from '../../contract/errors.js';
import type { DataBalanceInputs, DataBalanceResults } from '../../contract/jobs.js';
import { balanceClusters, readIdList, readIdLists, type BalanceOptions } from '../../core/rank/index.js';

const CLUSTERS = 'inputs.clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid';

/**
 * Run data_balance (rule: core/rank/balance.ts).
 * @throws ValidationError naming the input field (non-int ids, an id twice, an id both essential and forbidden)
 */
export function dataBalance(inputs: DataBalanceInputs, options: Pick<BalanceOptions, 'targetSize'> = {}): DataBalanceResults {
  if (!inputs || typeof inputs !== 'object') throw new ValidationError('inputs', 'object');
  // Validate under the job's field names first, so errors name what the caller sent.
  const clusters = readIdLists(inputs.clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid, CLUSTERS);
  const inliersToOutliers = readIdList(inputs.ids_sorted_from_inliers_to_outliers, 'inputs.ids_sorted_from_inliers_to_outliers');
  const essential = readIdList(inputs.ids_sorted_by_essential_examples, 'inputs.ids_sorted_by_essential_examples');
  const forbidden = readIdList(inputs.ids_sorted_by_forbidden_examples, 'inputs.ids_sorted_by_forbidden_examples');
  const isEssential = new Set(essential);
  forbidden.forEach((id, j) => {
    if (isEssential.has(id)) throw new ValidationError(`inputs.ids_sorted_by_forbidden_examples[${j}]`, 'id not also in ids_sorted_by_essential_examples');
  });
  const r = balanceClusters(clusters, { inliersToOutliers, essential, forbidden, targetSize: options.targetSize });
  return { prioritized_over_represented_ids_to_remove: r.remove, prioritized_under_represented_ids_to_source: r.source };
}
