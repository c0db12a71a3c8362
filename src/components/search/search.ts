import { CurateSearch } from './search.component.js';

if (!customElements.get('curate-search')) customElements.define('curate-search', CurateSearch);

declare global {
  interface HTMLElementTagNameMap {
    'curate-search': CurateSearch;
  }
}
export { CurateSearch };
