/**
 * Where credentials live and how they become request headers.
 *
 * Credentials stay in memory (a private field, invisible to console.log and
 * structured clone) unless the caller passes its own {@link SecretStore}
 * (for example one backed by the OS keychain or an encrypted IndexedDB record).
 */

/** A place to keep credentials. Values are never logged by curatekit. */
export interface SecretStore {
  get(name: string): string | undefined | Promise<string | undefined>;
  set(name: string, value: string): void | Promise<void>;
  delete(name: string): void | Promise<void>;
}

/** The default store: a private in-memory map (lost on reload, on purpose). */
export class MemorySecretStore implements SecretStore {
  #values = new Map<string, string>();

  get(name: string): string | undefined {
    return this.#values.get(name);
  }

  set(name: string, value: string): void {
    this.#values.set(name, value);
  }

  delete(name: string): void {
    this.#values.delete(name);
  }

  /** Keeps secrets out of JSON.stringify of any object holding the store. */
  toJSON(): string {
    return '[MemorySecretStore]';
  }
}

/**
 * Produces the auth headers of one request. Called before each attempt, so a
 * rotated or refreshed credential is picked up by retries.
 */
export type AuthProvider = () => Promise<Record<string, string>>;

/** UTF-8 safe base64 (btoa only takes Latin-1). */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** Header scheme for a single API key kept under `name` in `store`. */
export function apiKeyAuth(
  store: SecretStore,
  name: string,
  scheme: 'Token' | 'Key' | 'Basic',
  onMissing: () => Error,
): AuthProvider {
  return async () => {
    const key = await store.get(name);
    if (!key) throw onMissing();
    // API Torch: Basic auth with the key as user name and an empty password ("key:").
    const value = scheme === 'Basic' ? `Basic ${base64Utf8(`${key}:`)}` : `${scheme} ${key}`;
    return { Authorization: value };
  };
}
