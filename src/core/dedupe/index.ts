/**
 * core/dedupe — how duplicates are decided: the duplicate rule, the near-duplicate pass over an archive, and the index-time redundancy cascade (bytes → pixels → phash → embedding).
 * Exports what the other layers and curatekit/core use; everything else stays inside the folder.
 */
export { cascade, type CascadeItem, type CascadeStage, type CascadeMatch, type CascadeOptions, type CascadeResult } from './cascade.js';
export { nearDuplicates, similarPairs, type NearDuplicateResult, type SimilarPairs } from './neardup.js';
export { DEFAULT_DUPLICATE_RULE, type DuplicateRule, resolveRule, isDuplicate, atThreshold } from './rule.js';
export { referenceGroups, type ReferenceGroup, type ReferenceGrouping, type GroupingOptions } from './groups.js';
export { chooseKeeper, type KeeperFacts, type KeeperChoice } from './keeper.js';
