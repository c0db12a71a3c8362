import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const appStyles = [
  themeStyles,
  css`
    :host {
      min-height: 100%;
    }
    header {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_gap) calc(var(--_gap) * 2);
      align-items: center;
      padding: var(--_gap) calc(var(--_gap) * 2);
      border-bottom: 1px solid var(--_border);
      background: var(--_surface);
    }
    header h1 {
      font-size: 1.2em;
      margin: 0;
    }
    .layout {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(260px, 360px);
      gap: calc(var(--_gap) * 2);
      padding: calc(var(--_gap) * 2);
    }
    @media (max-width: 900px) {
      .layout {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    details.add {
      margin-bottom: var(--_gap);
    }
    details.batch {
      margin-top: var(--_gap);
    }
    details.batch > summary {
      cursor: pointer;
      color: var(--_muted);
    }
    details.add > summary {
      cursor: pointer;
      margin-bottom: var(--_gap);
      font-weight: 600;
    }
    [role='tablist'] {
      display: flex;
      flex-wrap: wrap;
      gap: 2px;
      border-bottom: 1px solid var(--_border);
      margin-bottom: var(--_gap);
    }
    [role='tab'] {
      border: 1px solid transparent;
      border-bottom: none;
      border-radius: var(--_radius) var(--_radius) 0 0;
      background: transparent;
      padding: 6px 12px;
    }
    [role='tab'][aria-selected='true'] {
      border-color: var(--_border);
      background: var(--_bg);
      font-weight: 600;
      margin-bottom: -1px;
    }
    aside > * {
      margin-bottom: calc(var(--_gap) * 2);
    }
    aside h2 {
      margin-top: 0;
    }
    h2.sub {
      margin: calc(var(--_gap) * 3) 0 var(--_gap);
      font-size: 1.05em;
    }
    .archive {
      display: flex;
      gap: 6px;
      align-items: center;
    }
  `,
];
