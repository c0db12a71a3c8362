import { html, nothing, type PropertyValues } from 'lit';
import type { Job, JobProgress } from '../../contract/jobs.js';
import { CurateElement } from '../shared/base.js';
import type { CuratorLike } from '../shared/curator-like.js';
import { jobsStyles } from './jobs.styles.js';

interface Row {
  key: number;
  job: Job;
}

/**
 * <curate-jobs>: jobs run through the client, running ones with progress bars
 * and a cancel button (any job run through the client, by its id), and
 * finished ones with their status, duration and error. It also re-fires the
 * client's `curate-job-*` events as DOM events on itself.
 *
 * @fires curate-job-start - A job started (re-fired from the client).
 * @fires curate-job-progress - Job progress (re-fired from the client).
 * @fires curate-job-end - A job ended (re-fired from the client).
 * @fires curate-error - Something failed.
 * @csspart title
 * @csspart list
 * @csspart job
 * @csspart button
 * @cssprop --curate-bg - Background colour.
 * @cssprop --curate-surface - Panels and tiles.
 * @cssprop --curate-fg - Text colour.
 * @cssprop --curate-muted - Secondary text.
 * @cssprop --curate-border - Borders.
 * @cssprop --curate-accent - Accent (selection, primary buttons).
 * @cssprop --curate-danger - Destructive actions and errors.
 * @cssprop --curate-radius - Corner radius.
 * @cssprop --curate-font - Font family.
 */
export class CurateJobs extends CurateElement {
  static override styles = jobsStyles;
  static override properties = {
    ...CurateElement.properties,
    limit: { type: Number },
    rows: { state: true },
  };

  /** Finished jobs kept in the list. @defaultValue 20 */
  declare limit: number;
  /** @internal */
  declare rows: Row[];
  #seq = 0;
  #listening: CuratorLike | null = null;

  constructor() {
    super();
    this.limit = 20;
    this.rows = [];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#listen(null);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.curator) this.#listen(this.curator);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('curator')) {
      this.#listen(this.curator ?? null);
      if (this.curator) void this.attempt(() => this.#loadHistory());
    }
  }

  async #loadHistory(): Promise<void> {
    const past = await this.curator!.listJobs(this.limit);
    const running = this.rows.filter((r) => r.job.status === 'running');
    const known = new Set(this.rows.map((r) => r.job.id));
    this.rows = [...running, ...past.filter((j) => !known.has(j.id)).map((job) => ({ key: ++this.#seq, job }))];
  }

  #listen(curator: CuratorLike | null): void {
    if (this.#listening === curator) return;
    for (const t of ['curate-job-start', 'curate-job-progress', 'curate-job-end'] as const) {
      this.#listening?.removeEventListener(t, this.#onEvent);
      curator?.addEventListener(t, this.#onEvent);
    }
    this.#listening = curator;
  }

  // Local jobs keep their start event's id to the end; a remote job ends with the service's id, so
  // an unmatched event attaches to the oldest running row of its type.
  #onEvent = (e: Event) => {
    const ev = e as CustomEvent<Job | JobProgress>;
    const rows = [...this.rows];
    if (ev.type === 'curate-job-start') {
      rows.unshift({ key: ++this.#seq, job: { ...(ev.detail as Job) } });
    } else {
      const d = ev.detail;
      const id = 'job_id' in d ? d.job_id : d.id;
      let i = rows.findIndex((r) => r.job.id === id && id !== '');
      if (i < 0) i = rows.map((r) => r.job.status === 'running' && r.job.job_type === d.job_type && (r.job.id === '' || r.job.id === id)).lastIndexOf(true);
      if (i >= 0) {
        rows[i] = ev.type === 'curate-job-end' ? { ...rows[i], job: d as Job } : { ...rows[i], job: { ...rows[i].job, id, progress: d.progress, message: d.message } };
      }
    }
    this.rows = rows.filter((r, k) => r.job.status === 'running' || k < this.limit + 10);
    this.dispatchEvent(new CustomEvent(ev.type, { detail: ev.detail, bubbles: true, composed: true }));
  };

  // By id through the client when it can (any job run through it), else through the shared model (jobs its elements started).
  #cancel(row: Row): void {
    if (row.job.id && this.curator?.cancel?.(row.job.id)) return;
    if (!this.model.cancel(row.job.job_type)) this.error = `This ${row.job.job_type} job can no longer be cancelled here.`;
  }

  override render() {
    const canCancel = (r: Row) =>
      (!!r.job.id && typeof this.curator?.cancel === 'function') || this.model.cancellable.some((c) => c.job_type === r.job.job_type && !c.controller.signal.aborted);
    return html`
      <h3 part="title">Jobs</h3>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.rows.length === 0 ? html`<p class="muted">No jobs yet.</p>` : nothing}
      <ul part="list" aria-label="Jobs">
        ${this.rows.map(
          (r) => html`<li part="job" data-status=${r.job.status}>
            <span><span class="type">${r.job.job_type}</span> <span class="status-${r.job.status}">${r.job.status}</span></span>
            ${r.job.status === 'running'
              ? html`<button part="button" class="danger" ?disabled=${!canCancel(r)} @click=${() => this.#cancel(r)}>Cancel</button>`
              : html`<span class="muted">${duration(r.job)}</span>`}
            ${r.job.status === 'running'
              ? html`<progress class="wide" max="1" .value=${r.job.progress} aria-label="${r.job.job_type} progress"></progress>
                  <span class="wide muted">${Math.round(r.job.progress * 100)}% ${r.job.message ?? ''}</span>`
              : nothing}
            ${r.job.error ? html`<span class="wide error">${r.job.error.name}: ${r.job.error.message}</span>` : nothing}
          </li>`,
        )}
      </ul>
    `;
  }
}

function duration(job: Job): string {
  if (!job.finished_at || !job.started_at) return '';
  const ms = job.finished_at - job.started_at;
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
