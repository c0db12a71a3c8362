import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const modelsStyles = [
  themeStyles,
  css`
    form {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_gap);
      align-items: center;
    }
    form input[type='text'] {
      min-width: 14em;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: var(--_gap);
      align-items: center;
      padding: 6px 4px;
      border-bottom: 1px solid var(--_border);
    }
    .kind {
      font-size: 12px;
      text-transform: uppercase;
      letter-spacing: 0.04em;
    }
    .name {
      font-weight: 600;
    }
    .report {
      display: block;
      font-size: 12px;
    }
    .confirm {
      display: flex;
      gap: 4px;
    }
    progress {
      width: 12em;
    }
    .ok {
      color: var(--_ok);
    }
  `,
];
