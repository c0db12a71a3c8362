/** Path of a Chromium executable, or '' when none is found. */
export function findChromium(): Promise<string>;
/** Find a Chromium or install one; throws with instructions when that fails. */
export function ensureChromium(): Promise<string>;
/** Launch flags for headless Chromium here (quiet on a closed network, WebGPU on). */
export const CHROMIUM_ARGS: string[];
