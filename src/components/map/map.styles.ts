import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

export const mapStyles = [
  themeStyles,
  css`
    .stage {
      position: relative;
      height: var(--curate-map-height, 460px);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      overflow: hidden;
      touch-action: none;
    }
    canvas {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      cursor: crosshair;
    }
    svg {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      pointer-events: none;
    }
    polygon {
      fill: color-mix(in srgb, var(--_accent) 15%, transparent);
      stroke: var(--_accent);
      stroke-width: 1.5;
      stroke-dasharray: 4 3;
    }
    .tip {
      position: absolute;
      pointer-events: none;
      width: 120px;
      padding: 4px;
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      margin-top: 6px;
      font-size: 12px;
    }
    .swatch {
      display: inline-block;
      width: 10px;
      height: 10px;
      border-radius: 50%;
      margin-right: 4px;
      vertical-align: middle;
    }
    .hint {
      font-size: 12px;
    }
  `,
];
