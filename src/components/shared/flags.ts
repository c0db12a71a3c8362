/** Quality flags and sortable quality scores from `ContentView.quality` (filled by the engine's decode). */
import type { QualityScores } from '../../contract/views.js';

const LABELS: Record<string, string> = { lowInformation: 'low information', oddAspect: 'odd aspect' };

/** Readable names of the flags set on this content. */
export function flagsOf(quality: QualityScores | null | undefined): string[] {
  return (quality?.flags ?? []).map((f) => LABELS[f] ?? f);
}

/** Numeric quality keys (sortable), e.g. sharpness, brightness. */
export function qualityScoreKeys(quality: QualityScores | null | undefined): string[] {
  return quality ? Object.keys(quality).filter((k) => typeof (quality as unknown as Record<string, unknown>)[k] === 'number') : [];
}

export function qualityValue(quality: QualityScores | null | undefined, key: string): number {
  const v = quality ? (quality as unknown as Record<string, unknown>)[key] : undefined;
  return typeof v === 'number' ? v : Number.NaN;
}
