import { CurateDuplicates } from './duplicates.component.js';

if (!customElements.get('curate-duplicates')) customElements.define('curate-duplicates', CurateDuplicates);

declare global {
  interface HTMLElementTagNameMap {
    'curate-duplicates': CurateDuplicates;
  }
}
export { CurateDuplicates };
