import { CurateViewer } from './viewer.component.js';

if (!customElements.get('curate-viewer')) customElements.define('curate-viewer', CurateViewer);

declare global {
  interface HTMLElementTagNameMap {
    'curate-viewer': CurateViewer;
  }
}
export { CurateViewer };
