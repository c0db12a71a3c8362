/** Quality flags and sortable quality scores from `ContentView.quality` (filled by the engine's decode). */
import type { QualityFlag, QualityScores } from '../../contract/views.js';
import { DEFAULT_QUALITY_THRESHOLDS as T } from '../../core/image/index.js';

const LABELS: Record<string, string> = { lowInformation: 'low information', oddAspect: 'odd aspect' };
/** Every flag, in the order the filter chips show them. */
export const QUALITY_FLAGS: readonly QualityFlag[] = ['blurry', 'dark', 'bright', 'lowInformation', 'grayscale', 'tiny', 'oddAspect'];

/** The readable name of one flag. */
export function flagLabel(flag: QualityFlag): string {
  return LABELS[flag] ?? flag;
}

/** Why a flag is raised, with the measured value and the rule (shown on hover). */
export function flagReason(flag: QualityFlag, q: QualityScores): string {
  switch (flag) {
    case 'blurry': return `blur ${q.blur?.toFixed(2) ?? '?'} in its sharpest parts (0 sharp … 1 soft; blurry from ${T.blurEffect})`;
    case 'dark':
      return q.highlights !== undefined && q.highlights < T.darkHighlights
        ? `brightest 1 % at ${q.highlights.toFixed(0)} of 255 (dark below ${T.darkHighlights}: nothing is lit); mean ${q.brightness.toFixed(0)}`
        : `mean brightness ${q.brightness.toFixed(0)} of 255 (dark below ${T.darkMean})`;
    case 'bright': return brightReason(q);
    case 'lowInformation': return `${q.entropy.toFixed(1)} bits of tonal information (low below ${T.lowEntropyBits})`;
    case 'grayscale': return `colour spread ${q.colorSpread.toFixed(1)} (grayscale below ${T.grayscaleSpread})`;
    case 'tiny': return `shorter side ${q.minSide} px (tiny below ${T.tinySide} px)`;
    case 'oddAspect': return `aspect ${q.aspect.toFixed(1)}:1 (odd above ${T.oddAspect}:1)`;
  }
}

function brightReason(q: QualityScores): string {
  const e = q.exposure;
  if (!e) return `mean brightness ${q.brightness.toFixed(0)} of 255`;
  const of = e.region === 'foreground' ? 'the drawing (its plain background left out)' : 'the picture';
  if (e.clipped >= T.brightClipped && e.median >= T.brightClippedMedian) return `${(e.clipped * 100).toFixed(0)} % of ${of} blown to white, median ${e.median} of 255 (bright from ${T.brightClipped * 100} % with median ≥ ${T.brightClippedMedian})`;
  if (e.region === 'foreground') return `${of} averages ${e.mean.toFixed(0)} of 255 (bright above ${T.brightGraphicMean})`;
  return `${of} is washed out: median ${e.median}, mean ${e.mean.toFixed(0)} of 255 (bright from median ${T.brightMedian} and mean ${T.brightMean})`;
}

/** How many items raise each flag (flags no item raises are left out). */
export function flagCounts(items: readonly { quality: QualityScores | null }[]): [QualityFlag, number][] {
  const n = new Map<QualityFlag, number>();
  for (const c of items) for (const f of c.quality?.flags ?? []) n.set(f, (n.get(f) ?? 0) + 1);
  return QUALITY_FLAGS.filter((f) => n.has(f)).map((f) => [f, n.get(f)!]);
}

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
