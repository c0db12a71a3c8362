import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const searchStyles = [
  themeStyles,
  css`
    .query {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_gap);
      align-items: center;
      padding: var(--_gap);
      border: 2px dashed var(--_border);
      border-radius: var(--_radius);
      margin-bottom: var(--_gap);
      min-height: 64px;
    }
    .query.over {
      border-color: var(--_accent);
    }
    .example {
      position: relative;
      width: 72px;
    }
    .example .weight {
      position: absolute;
      top: 2px;
      right: 2px;
      font-size: 11px;
      border-radius: 3px;
      padding: 0 3px;
      background: var(--_ok);
      color: var(--_on-status);
    }
    .example .weight.neg {
      background: var(--_danger);
    }
    .example button {
      padding: 0 4px;
      font-size: 11px;
    }
    .distance {
      font-size: 11px;
    }
    .prefs {
      display: flex;
      gap: 2px;
      margin-top: 2px;
    }
    .prefs button {
      flex: 1;
      padding: 0 2px;
      font-size: 11px;
    }
    input[type='file'] {
      display: none;
    }
  `,
];
