import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const balanceStyles = [
  themeStyles,
  css`
    .bars {
      display: grid;
      grid-template-columns: minmax(6em, max-content) 1fr 3em;
      gap: 4px var(--_gap);
      align-items: center;
      margin-bottom: calc(var(--_gap) * 2);
    }
    .bar {
      height: 14px;
      background: var(--_border);
      border-radius: 3px;
    }
    .bar > div {
      height: 100%;
      background: var(--_accent);
      border-radius: 3px;
    }
    .bar > div.over {
      background: var(--_warn);
    }
    .columns {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(260px, 1fr));
      gap: calc(var(--_gap) * 2);
    }
    .tiles {
      --curate-tile-size: 72px;
      margin: 6px 0;
    }
  `,
];
