import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const labelErrorsStyles = [
  themeStyles,
  css`
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      display: grid;
      grid-template-columns: 56px 1fr auto;
      gap: var(--_gap);
      align-items: center;
      padding: 4px;
      border-bottom: 1px solid var(--_border);
    }
    li.kept,
    li.relabelled {
      opacity: 0.6;
    }
    li.relabelled .done {
      color: var(--_ok);
    }
    .done {
      display: block;
      font-size: 12px;
    }
    .toolbar progress {
      width: 12em;
    }
    .why {
      display: block;
      font-size: 12px;
    }
    .thumb {
      width: 56px;
    }
    .actions {
      display: flex;
      gap: 4px;
    }
    .actions button {
      font-size: 12px;
      padding: 2px 6px;
    }
  `,
];
