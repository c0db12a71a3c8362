import { CurateExport } from './export.component.js';

if (!customElements.get('curate-export')) customElements.define('curate-export', CurateExport);

declare global {
  interface HTMLElementTagNameMap {
    'curate-export': CurateExport;
  }
}
export { CurateExport };
