/**
 * `pca_vector_dim_reduction` in its documented shape:
 * `{ identifier_to_pca_vector: { id: number[] } }`.
 */
import { ValidationError } from '../../contract/errors.js';
import type { VectorSet } from '../../core/base/index.js';
import { pca, type PcaModel, type PcaOptions } from '../../core/linalg/index.js';
import { dict } from '../../contract/dict.js';

/** The job's JSON plus the fitted model (explained variance for a UI). */
export interface PcaJobOutput {
  results: { identifier_to_pca_vector: Record<string, number[]> };
  model: PcaModel;
}

/**
 * Reduce every row (identifier `identifiers[i]`) to `nrOfDimensions` principal components.
 * @throws ValidationError('inputs.nr_of_dimensions', 'int in [1, dim]') and for duplicate identifiers
 */
export async function pcaVectorDimReduction(vs: VectorSet, identifiers: ArrayLike<string | number>, nrOfDimensions: number, options: PcaOptions = {}): Promise<PcaJobOutput> {
  if (typeof nrOfDimensions !== 'number' || !Number.isInteger(nrOfDimensions) || nrOfDimensions < 1 || nrOfDimensions > vs.dim) {
    throw new ValidationError('inputs.nr_of_dimensions', `int in [1, ${vs.dim}]`);
  }
  if (identifiers.length !== vs.n) throw new ValidationError('identifiers', 'one identifier per row');
  if (vs.n === 0) throw new ValidationError('inputs.archive_content_ids_subset', 'at least one content');
  const { model, projected } = await pca(vs, nrOfDimensions, options);
  const out = dict<number[]>();
  const r = projected.dim;
  for (let i = 0; i < vs.n; i++) {
    const key = String(identifiers[i]);
    if (Object.hasOwn(out, key)) throw new ValidationError('identifiers', 'unique', `identifier ${key} appears twice`);
    out[key] = Array.from(projected.data.subarray(i * r, (i + 1) * r));
  }
  return { results: { identifier_to_pca_vector: out }, model };
}
