import { CurateJobs } from './jobs.component.js';

if (!customElements.get('curate-jobs')) customElements.define('curate-jobs', CurateJobs);

declare global {
  interface HTMLElementTagNameMap {
    'curate-jobs': CurateJobs;
  }
}
export { CurateJobs };
