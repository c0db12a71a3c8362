import { CurateBalance } from './balance.component.js';

if (!customElements.get('curate-balance')) customElements.define('curate-balance', CurateBalance);

declare global {
  interface HTMLElementTagNameMap {
    'curate-balance': CurateBalance;
  }
}
export { CurateBalance };
