import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const classifyStyles = [
  themeStyles,
  css`
    .drop {
      border: 2px dashed var(--_border);
      border-radius: var(--_radius);
      padding: calc(var(--_gap) * 2);
      text-align: center;
      display: grid;
      gap: 4px;
      margin-bottom: var(--_gap);
    }
    .drop.over {
      border-color: var(--_accent);
      background: var(--_surface);
    }
    .rows {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .rows > li {
      display: grid;
      grid-template-columns: 64px 1fr auto;
      gap: var(--_gap);
      align-items: center;
      padding: 4px;
      border-bottom: 1px solid var(--_border);
    }
    .thumb {
      width: 64px;
    }
    .confidence {
      display: inline-block;
      font-size: 12px;
      border-radius: 999px;
      padding: 0 8px;
      color: var(--_on-status);
    }
    .confidence.high {
      background: var(--_ok);
    }
    .confidence.medium {
      background: var(--_warn);
    }
    .confidence.low {
      background: var(--_danger);
    }
    .probs {
      list-style: none;
      margin: 2px 0 0;
      padding: 0;
      display: grid;
      gap: 2px;
      font-size: 12px;
    }
    .probs li {
      display: grid;
      grid-template-columns: minmax(6em, 12em) minmax(60px, 280px) 3.5em;
      gap: 6px;
      align-items: center;
    }
    .probs .label {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .bar {
      height: 6px;
      background: var(--_border);
      border-radius: 3px;
      overflow: hidden;
    }
    .bar > span {
      display: block;
      height: 100%;
      background: var(--_accent);
    }
    .probs .p {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    .feedback {
      display: flex;
      gap: 4px;
      align-items: center;
    }
    .said {
      max-width: 16em;
      font-size: 12px;
    }
  `,
];
