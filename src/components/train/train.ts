import { CurateTrain } from './train.component.js';

if (!customElements.get('curate-train')) customElements.define('curate-train', CurateTrain);

declare global {
  interface HTMLElementTagNameMap {
    'curate-train': CurateTrain;
  }
}
export { CurateTrain };
