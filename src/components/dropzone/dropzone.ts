import { CurateDropzone } from './dropzone.component.js';

if (!customElements.get('curate-dropzone')) customElements.define('curate-dropzone', CurateDropzone);

declare global {
  interface HTMLElementTagNameMap {
    'curate-dropzone': CurateDropzone;
  }
}
export { CurateDropzone };
