import { CurateLabelErrors } from './label-errors.component.js';

if (!customElements.get('curate-label-errors')) customElements.define('curate-label-errors', CurateLabelErrors);

declare global {
  interface HTMLElementTagNameMap {
    'curate-label-errors': CurateLabelErrors;
  }
}
export { CurateLabelErrors };
