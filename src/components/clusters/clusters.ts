import { CurateClusters } from './clusters.component.js';

if (!customElements.get('curate-clusters')) customElements.define('curate-clusters', CurateClusters);

declare global {
  interface HTMLElementTagNameMap {
    'curate-clusters': CurateClusters;
  }
}
export { CurateClusters };
