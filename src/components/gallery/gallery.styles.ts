import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const galleryStyles = [
  themeStyles,
  css`
    .chips {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      margin: 0 0 var(--_gap);
    }
    .chips button {
      font-size: 12px;
      padding: 2px 8px;
      border-radius: 999px;
    }
    .chips button[aria-pressed='true'] {
      background: var(--_accent);
      color: var(--_accent-fg);
    }
    .chips .count {
      font-variant-numeric: tabular-nums;
      opacity: 0.8;
    }
    .grid {
      height: var(--curate-gallery-height, 480px);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
    }
    .grid:focus-visible {
      outline: 2px solid var(--_focus);
    }
    lit-virtualizer {
      height: 100%;
      width: 100%;
      padding: 4px;
    }
    .tile {
      width: var(--curate-tile-size, 112px);
      cursor: pointer;
      user-select: none;
      /* A tile's layout and paint never affect the others: scrolling moves tiles without re-laying out the grid. */
      contain: layout paint style;
      will-change: transform;
    }
    .thumb.pending {
      background: var(--_border);
    }
    .tile.active {
      outline: 2px dashed var(--_focus);
      outline-offset: -2px;
    }
    .badges {
      position: absolute;
      top: 4px;
      left: 4px;
      right: 4px;
      display: flex;
      flex-wrap: wrap;
      gap: 2px;
      pointer-events: none;
    }
    .badge {
      font-size: 10px;
      line-height: 1.4;
      padding: 0 4px;
      border-radius: 3px;
      background: color-mix(in srgb, var(--_bg) 80%, transparent);
      color: var(--_fg);
      border: 1px solid var(--_border);
    }
    .badge.flag {
      background: var(--_warn);
      color: var(--_on-status);
      border-color: transparent;
    }
    .badge.cluster {
      background: var(--_accent);
      color: var(--_accent-fg);
      border-color: transparent;
    }
    .score {
      font-size: 11px;
    }
    .empty {
      padding: 2em;
      text-align: center;
    }
  `,
];
