/**
 * Secret redaction. Every string that leaves the HTTP layer (error messages,
 * log events) goes through a Redactor that knows the credentials in use, in
 * every form they travel in (raw, inside "Token x" / "Key x", Basic base64,
 * URL-encoded).
 */

/** What replaces a secret in messages and logs. */
export const REDACTED = '[redacted]';

function tryDecodeBase64(s: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s) || s.length % 4 !== 0) return undefined;
  try {
    const text = atob(s);
    // Only printable ASCII is a credential we care about (Basic auth "key:").
    return /^[\x20-\x7e]+$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

function utf8Base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Collects secrets and removes them from text. */
export class Redactor {
  #secrets = new Set<string>();

  /** Register a secret and the derived forms under which it may appear. */
  add(secret: string | undefined | null): void {
    if (!secret) return;
    const forms = new Set<string>([secret]);
    for (const part of secret.split(/\s+/)) if (part) forms.add(part);
    for (const f of [...forms]) {
      const decoded = tryDecodeBase64(f);
      if (decoded) {
        forms.add(decoded);
        for (const p of decoded.split(':')) if (p) forms.add(p);
      }
    }
    for (const f of [...forms]) {
      forms.add(encodeURIComponent(f));
      forms.add(utf8Base64(f));
      forms.add(JSON.stringify(f).slice(1, -1));
    }
    // Scheme words ("Token", "Basic", "Key") are not secret; dropping them keeps messages readable.
    this.#secrets.add(secret);
    for (const f of forms) if (f.length >= 4 && !/^(token|basic|key|bearer)$/i.test(f)) this.#secrets.add(f);
  }

  /** Register every value of the given header record. */
  addHeaders(headers: Record<string, string>): void {
    for (const v of Object.values(headers)) this.add(v);
  }

  /** Replace every known secret (longest first, so a secret containing another is fully removed). */
  redact(text: string): string {
    let out = text;
    const list = [...this.#secrets].sort((a, b) => b.length - a.length);
    for (const s of list) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  }

  /** A child that knows this redactor's secrets plus its own. */
  fork(): Redactor {
    const r = new Redactor();
    for (const s of this.#secrets) r.#secrets.add(s);
    return r;
  }
}
