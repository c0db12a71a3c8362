import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const clustersStyles = [
  themeStyles,
  css`
    .clusters {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(var(--curate-cluster-size, 220px), 1fr));
      gap: var(--_gap);
    }
    .cluster {
      border: 2px solid var(--_border);
      border-radius: var(--_radius);
      padding: var(--_gap);
      background: var(--_surface);
    }
    .cluster.selected {
      border-color: var(--_accent);
    }
    .cluster header {
      display: flex;
      gap: 6px;
      align-items: center;
    }
    .cluster header input[type='text'] {
      flex: 1;
      min-width: 0;
      font-weight: 600;
    }
    .reps {
      display: grid;
      grid-template-columns: repeat(4, 1fr);
      gap: 3px;
      margin: 6px 0;
    }
    progress.inline {
      width: 8em;
    }
    .stats {
      font-size: 12px;
    }
    .row {
      display: flex;
      gap: 4px;
      margin-top: 4px;
    }
    .row button {
      font-size: 12px;
      padding: 2px 6px;
    }
  `,
];
