import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const trainStyles = [
  themeStyles,
  css`
    .columns {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(260px, 1fr));
      gap: calc(var(--_gap) * 2);
      margin-bottom: var(--_gap);
    }
    .counts {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
    }
    .counts li {
      display: inline-flex;
      gap: 6px;
      border: 1px solid var(--_border);
      border-radius: 999px;
      padding: 1px 8px;
      background: var(--_surface);
    }
    .counts .n {
      color: var(--_muted);
      font-variant-numeric: tabular-nums;
    }
    .progress {
      display: grid;
      gap: 2px;
      margin-bottom: var(--_gap);
    }
    .versions {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .versions li {
      display: grid;
      grid-template-columns: auto 1fr auto;
      gap: var(--_gap);
      align-items: center;
      padding: 4px 0;
      border-bottom: 1px solid var(--_border);
    }
    .versions .what {
      font-size: 0.9em;
    }
    .confirm {
      display: flex;
      gap: 4px;
    }
    table {
      border-collapse: collapse;
      margin: var(--_gap) 0;
      font-size: 0.9em;
      font-variant-numeric: tabular-nums;
    }
    th,
    td {
      border: 1px solid var(--_border);
      padding: 2px 6px;
      text-align: right;
    }
    th[scope='row'],
    thead th:first-child {
      text-align: left;
    }
    .confusion thead th:not(:first-child) {
      max-width: 7em;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    /* Cell shade grows with the count: right answers in the accent, confusions in the warning colour. */
    .confusion td.diag {
      background: color-mix(in srgb, var(--_accent) calc(var(--_heat, 0) * 60%), transparent);
    }
    .confusion td.off {
      background: color-mix(in srgb, var(--_warn) calc(20% + var(--_heat, 0) * 50%), transparent);
    }
  `,
];
