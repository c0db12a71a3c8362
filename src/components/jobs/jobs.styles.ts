import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const jobsStyles = [
  themeStyles,
  css`
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 2px var(--_gap);
      padding: 6px 0;
      border-bottom: 1px solid var(--_border);
    }
    .type {
      font-weight: 600;
    }
    .status-completed {
      color: var(--_ok);
    }
    .status-failed {
      color: var(--_danger);
    }
    .status-cancelled {
      color: var(--_muted);
    }
    .status-running {
      color: var(--_accent);
    }
    .wide {
      grid-column: 1 / -1;
    }
  `,
];
