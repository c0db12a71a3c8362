import { CurateMap } from './map.component.js';

if (!customElements.get('curate-map')) customElements.define('curate-map', CurateMap);

declare global {
  interface HTMLElementTagNameMap {
    'curate-map': CurateMap;
  }
}
export { CurateMap };
