import { CurateClassify } from './classify.component.js';

if (!customElements.get('curate-classify')) customElements.define('curate-classify', CurateClassify);

declare global {
  interface HTMLElementTagNameMap {
    'curate-classify': CurateClassify;
  }
}
export { CurateClassify };
