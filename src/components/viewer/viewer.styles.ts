import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const viewerStyles = [
  themeStyles,
  css`
    dialog {
      width: min(96vw, 1400px);
      height: 92vh;
      padding: var(--_gap);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_fg);
      box-sizing: border-box;
    }
    dialog[open] {
      display: flex;
      flex-direction: column;
      gap: var(--_gap);
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 0.6);
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      align-items: center;
    }
    .toolbar .title {
      flex: 1 1 auto;
      font-weight: 600;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .items {
      flex: 1;
      min-height: 0;
      display: grid;
      gap: var(--_gap);
    }
    .items.one {
      grid-template-columns: minmax(0, 1fr);
    }
    .items.two {
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    }
    .item {
      margin: 0;
      min-height: 0;
      min-width: 0;
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .pane {
      flex: 1;
      min-height: 0;
      overflow: auto;
      background: var(--_surface);
      border-radius: var(--_radius);
    }
    .pane.fit {
      display: flex;
      align-items: center;
      justify-content: center;
    }
    .pane.fit img {
      max-width: 100%;
      max-height: 100%;
      object-fit: contain;
    }
    .facts {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 0 var(--_gap);
      margin: 0;
      font-size: 13px;
    }
    .facts dt {
      color: var(--_muted);
    }
    .facts dd {
      margin: 0;
    }
    .facts dd.differs {
      font-weight: 700;
    }
    .facts dd.url {
      overflow-wrap: anywhere;
    }
    .keys {
      margin: 0;
      font-size: 12px;
    }
  `,
];
