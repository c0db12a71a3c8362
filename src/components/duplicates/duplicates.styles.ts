import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const duplicatesStyles = [
  themeStyles,
  css`
    .preview {
      margin: var(--_gap) 0;
      max-width: 560px;
    }
    .preview svg {
      width: 100%;
      height: auto;
      display: block;
    }
    .preview .bar {
      fill: var(--_muted);
      opacity: 0.55;
    }
    .preview .bar.over {
      fill: var(--_accent);
      opacity: 1;
    }
    .preview .threshold {
      stroke: var(--_danger);
      stroke-width: 2;
    }
    .preview .current {
      stroke: var(--_fg);
      stroke-dasharray: 3 3;
    }
    .preview text {
      font-size: 10px;
      fill: var(--_muted);
    }
    .preview .slider {
      display: flex;
      gap: var(--_gap);
      align-items: center;
    }
    .preview .slider input {
      flex: 1;
    }
    .group {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: var(--_gap);
      margin-bottom: var(--_gap);
      background: var(--_surface);
    }
    .group header {
      display: flex;
      justify-content: space-between;
      gap: var(--_gap);
      margin-bottom: 6px;
    }
    .members {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_gap);
    }
    .member {
      width: var(--curate-tile-size, 120px);
    }
    .member.remove .thumb {
      opacity: 0.35;
    }
    .member .evidence {
      font-size: 11px;
    }
    .choice {
      display: flex;
      flex-wrap: wrap;
      gap: 2px;
      margin-top: 2px;
    }
    /* Wrap rather than spill into the next tile: three corrections do not fit one row of a 120 px tile. */
    .choice button {
      flex: 1 1 auto;
      padding: 1px 2px;
      font-size: 12px;
    }
    .choice button[aria-pressed='true'].keep {
      background: var(--_ok);
      color: var(--_on-status);
      border-color: var(--_ok);
    }
    .choice button[aria-pressed='true'].rm {
      background: var(--_danger);
      color: var(--_on-status);
      border-color: var(--_danger);
    }
    .pair {
      display: flex;
      align-items: center;
      gap: var(--_gap);
      margin-bottom: 6px;
    }
    .pair .thumb {
      width: 80px;
    }
    .views {
      display: flex;
      gap: 2px;
      margin-bottom: var(--_gap);
    }
    .views button[aria-pressed='true'] {
      background: var(--_accent);
      color: var(--_accent-fg);
      border-color: var(--_accent);
    }
    .pair-list {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .pair-list .pair {
      border-bottom: 1px solid var(--_border);
      padding-bottom: 6px;
    }
    .pair-list .member {
      width: 96px;
    }
    .pair-list .facts {
      flex: 1;
    }
    .calibration {
      border: 1px solid var(--_accent);
      border-radius: var(--_radius);
      padding: var(--_gap);
      margin-bottom: var(--_gap);
    }
  `,
];
