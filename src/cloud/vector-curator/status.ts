/** The status document of a Vector Curator job and its mapping to the Job contract. */
import type { JobStatus } from '../../contract/jobs.js';

/** GET status_endpoint answer: `{status, results, error}` (documented); `progress` is read if a server adds it. */
export interface RemoteJobStatus {
  status: string;
  results: Record<string, unknown> | null;
  error: string | null;
  progress?: number;
}

/**
 * The docs do not list status values. "completed"/"failed" end the poll (as
 * the job contract names them); common synonyms are accepted; anything
 * unknown counts as still running, so polling continues.
 */
export function mapRemoteStatus(status: unknown): JobStatus {
  const s = typeof status === 'string' ? status.trim().toLowerCase() : '';
  if (['completed', 'complete', 'done', 'finished', 'success', 'succeeded'].includes(s)) return 'completed';
  if (['failed', 'failure', 'error', 'errored'].includes(s)) return 'failed';
  if (['cancelled', 'canceled', 'aborted'].includes(s)) return 'cancelled';
  if (['waiting', 'queued', 'pending', 'created', 'submitted'].includes(s)) return 'waiting';
  return 'running';
}

/**
 * A job id from its status endpoint (whose form is not documented): the last
 * path segment, skipping a trailing "status"/"result(s)"; the endpoint itself
 * when it has no path.
 */
export function jobIdFromEndpoint(endpoint: string): string {
  const path = endpoint.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '');
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length > 1 && /^(status|results?)$/i.test(parts[parts.length - 1])) parts.pop();
  return parts.length > 0 ? decodeURIComponent(parts[parts.length - 1]) : endpoint;
}
