/** Options and construction shared by the API-key connectors. */
import { AuthError, ValidationError } from '../contract/errors.js';
import { apiKeyAuth, MemorySecretStore, type SecretStore } from './http/auth.js';
import { HttpClient, type HttpSettings } from './http/client.js';
import { requireHttpUrl, requireObject } from './util/validate.js';

/** Options every API-key connector accepts. */
export interface ConnectorOptions extends HttpSettings {
  /** The service's API key or token. Copied into `secrets`, never kept elsewhere. */
  apiKey?: string;
  /**
   * Where the key lives. The key is read from it before each call, under the
   * connector's secret name (e.g. "vize.token").
   * @defaultValue a private in-memory store
   */
  secrets?: SecretStore;
  /** Service root; tests point it at a local server. @defaultValue the service's public URL */
  baseUrl?: string;
}

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call (and any retry wait); rejects with CancelledError. */
  signal?: AbortSignal;
}

export interface KeyedHttpSpec {
  service: string;
  defaultBaseUrl: string;
  secretName: string;
  scheme: 'Token' | 'Key' | 'Basic';
}

/** Validate connector options and build its HTTP client. */
export function keyedHttp(spec: KeyedHttpSpec, options: ConnectorOptions, baseUrl?: string): { http: HttpClient; secrets: SecretStore } {
  requireObject(options, 'options');
  if (options.apiKey !== undefined && (typeof options.apiKey !== 'string' || options.apiKey === '')) {
    throw new ValidationError('options.apiKey', 'non-empty string');
  }
  if (options.apiKey === undefined && options.secrets === undefined) {
    throw new ValidationError('options.apiKey', `required unless options.secrets holds "${spec.secretName}"`);
  }
  const url = baseUrl ?? options.baseUrl ?? spec.defaultBaseUrl;
  requireHttpUrl(url, 'options.baseUrl');
  const secrets = options.secrets ?? new MemorySecretStore();
  // An async store may still be writing when the first call starts: every call waits for it.
  const ready = Promise.resolve(options.apiKey !== undefined ? secrets.set(spec.secretName, options.apiKey) : undefined);
  const keyHeaders = apiKeyAuth(secrets, spec.secretName, spec.scheme, () => new AuthError(`${spec.service}: no API key in the secret store under "${spec.secretName}"`, { service: spec.service }));
  const auth = async () => {
    await ready;
    return keyHeaders();
  };
  const http = new HttpClient({
    service: spec.service,
    baseUrl: url,
    auth,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    fetch: options.fetch,
    logger: options.logger,
    maxResponseBytes: options.maxResponseBytes,
    allowRedirectTo: options.allowRedirectTo,
  });
  // Register the key up front, so even errors raised before a request is sent are redacted.
  if (options.apiKey !== undefined) http.redactor.add(options.apiKey);
  return { http, secrets };
}
