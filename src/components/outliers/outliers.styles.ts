import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const outliersStyles = [
  themeStyles,
  css`
    .columns {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(280px, 1fr));
      gap: calc(var(--_gap) * 2);
    }
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
    li.junk {
      opacity: 0.45;
    }
    li.keep .name {
      color: var(--_ok);
    }
    .bar {
      height: 4px;
      background: var(--_border);
      border-radius: 2px;
      margin-top: 3px;
    }
    .bar > div {
      height: 100%;
      background: var(--_warn);
      border-radius: 2px;
    }
    .why {
      display: block;
      font-size: 12px;
    }
    .nearest {
      display: flex;
      gap: 4px;
      margin-top: 4px;
    }
    .nearest figure {
      margin: 0;
      text-align: center;
      font-size: 11px;
      color: var(--_muted);
    }
    .nearest img,
    .nearest figure > div {
      width: 32px;
      height: 32px;
      object-fit: cover;
      border-radius: 3px;
      display: block;
    }
    .actions {
      display: flex;
      gap: 4px;
    }
    .actions button {
      font-size: 12px;
      padding: 2px 6px;
    }
    .actions button[aria-pressed='true'] {
      background: var(--_accent);
      color: var(--_accent-fg);
    }
  `,
];
