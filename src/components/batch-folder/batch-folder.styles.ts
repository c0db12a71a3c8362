import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const batchFolderStyles = [
  themeStyles,
  css`
    [part='zone'] {
      border: 2px dashed var(--_border);
      border-radius: var(--_radius);
      padding: 12px;
      display: flex;
      flex-wrap: wrap;
      gap: var(--_gap);
      align-items: center;
    }
    [part='zone'][data-over] {
      border-color: var(--_accent);
    }
    .summary {
      flex: 1 1 14em;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_gap);
      align-items: center;
      margin-top: var(--_gap);
    }
    ol {
      list-style: none;
      margin: var(--_gap) 0 0;
      padding: 0;
      max-height: 12em;
      overflow: auto;
      font-size: 13px;
    }
    li {
      display: flex;
      justify-content: space-between;
      gap: var(--_gap);
      padding: 2px 4px;
      border-bottom: 1px solid var(--_border);
    }
    progress {
      width: 12em;
    }
    .ok {
      color: var(--_ok);
    }
    input[type='file'] {
      display: none;
    }
  `,
];
