import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const exportStyles = [
  themeStyles,
  css`
    section {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: var(--_gap);
      margin-bottom: var(--_gap);
    }
    form {
      display: grid;
      grid-template-columns: max-content minmax(0, 22em);
      gap: 6px var(--_gap);
      align-items: center;
    }
    form .full {
      grid-column: 1 / -1;
    }
    .ok {
      color: var(--_ok);
    }
  `,
];
