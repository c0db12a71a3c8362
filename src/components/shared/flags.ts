/**
 * Quality flags from `ContentView.quality` (a name → number record owned by the
 * engine). A key is a flag when it is named like one (`flag_*`, `is_*`, or a
 * known defect name) and its value is >= 0.5; other keys are scores to sort by.
 */
const FLAG_NAMES = new Set(['lowInformation', 'oddAspect', 'odd_aspect', 'blurry', 'blur', 'dark', 'too_dark', 'bright', 'too_bright', 'overexposed', 'underexposed', 'low_contrast', 'low_information', 'small', 'tiny', 'grayscale', 'noisy']);

export function isFlagKey(key: string): boolean {
  return key.startsWith('flag_') || key.startsWith('is_') || FLAG_NAMES.has(key);
}

/** Readable flag names that are set on this content. */
export function flagsOf(quality: Record<string, number> | null | undefined): string[] {
  if (!quality) return [];
  return Object.entries(quality)
    .filter(([k, v]) => isFlagKey(k) && v >= 0.5)
    .map(([k]) => k.replace(/^(flag_|is_)/, '').replace(/_/g, ' '));
}

/** Quality keys that are scores (sortable), not flags. */
export function qualityScoreKeys(quality: Record<string, number> | null | undefined): string[] {
  return quality ? Object.keys(quality).filter((k) => !isFlagKey(k)) : [];
}
