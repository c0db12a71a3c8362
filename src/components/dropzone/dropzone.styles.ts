import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const dropzoneStyles = [
  themeStyles,
  css`
    .zone {
      border: 2px dashed var(--_border);
      border-radius: var(--_radius);
      padding: calc(var(--_gap) * 2);
      text-align: center;
      background: var(--_surface);
      transition: border-color 0.1s;
    }
    .zone.over {
      border-color: var(--_accent);
      background: color-mix(in srgb, var(--_accent) 10%, var(--_surface));
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_gap);
      justify-content: center;
      margin-top: var(--_gap);
    }
    textarea {
      width: 100%;
      min-height: 3.5em;
      font: inherit;
      color: inherit;
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      margin-top: var(--_gap);
    }
    .progress {
      margin-top: var(--_gap);
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 4px var(--_gap);
      align-items: center;
    }
    .report {
      margin-top: var(--_gap);
      text-align: left;
    }
    .report ul {
      margin: 2px 0 6px;
      padding-left: 1.2em;
      max-height: 10em;
      overflow: auto;
    }
    .ok {
      color: var(--_ok);
    }
    input[type='file'] {
      display: none;
    }
  `,
];
