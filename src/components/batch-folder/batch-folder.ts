import { CurateBatchFolder } from './batch-folder.component.js';

if (!customElements.get('curate-batch-folder')) customElements.define('curate-batch-folder', CurateBatchFolder);

declare global {
  interface HTMLElementTagNameMap {
    'curate-batch-folder': CurateBatchFolder;
  }
}
export { CurateBatchFolder };
