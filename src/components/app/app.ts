import { CurateApp } from './app.component.js';

if (!customElements.get('curate-app')) customElements.define('curate-app', CurateApp);

declare global {
  interface HTMLElementTagNameMap {
    'curate-app': CurateApp;
  }
}
export { CurateApp };
