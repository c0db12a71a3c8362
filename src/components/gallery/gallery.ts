import { CurateGallery } from './gallery.component.js';

if (!customElements.get('curate-gallery')) customElements.define('curate-gallery', CurateGallery);

declare global {
  interface HTMLElementTagNameMap {
    'curate-gallery': CurateGallery;
  }
}
export { CurateGallery };
