import { CurateModels } from './models.component.js';

if (!customElements.get('curate-models')) customElements.define('curate-models', CurateModels);

declare global {
  interface HTMLElementTagNameMap {
    'curate-models': CurateModels;
  }
}
export { CurateModels };
