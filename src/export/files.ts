/** Safe, unique file names inside the zip for user-provided content names. */

// Control characters and what file systems refuse in names.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f<>:"/\\|?*]/g;

/** A name usable as a zip entry on every OS: no path separators, no control or reserved characters. */
export function safeFileName(name: string, fallback: string): string {
  let s = String(name).replace(UNSAFE, '_').replace(/^[.\s]+/, '').trim();
  if (s === '') s = fallback;
  if (s.length > 120) {
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 && s.length - dot <= 10 ? s.slice(dot) : '';
    s = s.slice(0, 120 - ext.length) + ext;
  }
  return s;
}

/** Makes names unique ("a.png", "a (2).png", ...) case-insensitively, as file systems compare. */
export class UniqueNames {
  readonly #used = new Set<string>();

  take(name: string): string {
    let candidate = name;
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    for (let k = 2; this.#used.has(candidate.toLowerCase()); k++) candidate = `${stem} (${k})${ext}`;
    this.#used.add(candidate.toLowerCase());
    return candidate;
  }
}
