import { CurateOutliers } from './outliers.component.js';

if (!customElements.get('curate-outliers')) customElements.define('curate-outliers', CurateOutliers);

declare global {
  interface HTMLElementTagNameMap {
    'curate-outliers': CurateOutliers;
  }
}
export { CurateOutliers };
