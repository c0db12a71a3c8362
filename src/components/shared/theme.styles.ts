/**
 * Shared look: every colour and size goes through a `--curate-*` custom
 * property, so a page restyles all elements from one rule. Light by default,
 * dark when the OS prefers it (unless theme="light"), or when theme="dark".
 */
import { css } from 'lit';

const light = css`
  --_bg: var(--curate-bg, #ffffff);
  --_surface: var(--curate-surface, #f4f5f7);
  --_fg: var(--curate-fg, #1d2330);
  --_muted: var(--curate-muted, #5d6778);
  --_border: var(--curate-border, #d5d9e0);
  --_accent: var(--curate-accent, #2f6fdf);
  --_accent-fg: var(--curate-accent-fg, #ffffff);
  --_danger: var(--curate-danger, #c62f3a);
  --_ok: var(--curate-ok, #1a7a43);
  --_warn: var(--curate-warn, #9a5b00);
  /* Text on ok / warn / danger backgrounds: ≥ 4.5:1 on each in both themes. */
  --_on-status: var(--curate-on-status, #ffffff);
  --_focus: var(--curate-focus, #ff9d00);
`;

const dark = css`
  --_bg: var(--curate-bg, #16191f);
  --_surface: var(--curate-surface, #20242c);
  --_fg: var(--curate-fg, #e7eaf0);
  --_muted: var(--curate-muted, #9aa3b2);
  --_border: var(--curate-border, #363c48);
  --_accent: var(--curate-accent, #6e9dff);
  --_accent-fg: var(--curate-accent-fg, #0c1020);
  --_danger: var(--curate-danger, #ff6b74);
  --_ok: var(--curate-ok, #4cc27f);
  --_warn: var(--curate-warn, #f0a640);
  --_on-status: var(--curate-on-status, #10131a);
  --_focus: var(--curate-focus, #ffb340);
`;

export const themeStyles = css`
  :host {
    ${light}
    --_radius: var(--curate-radius, 6px);
    --_gap: var(--curate-gap, 8px);
    --_font: var(--curate-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    display: block;
    box-sizing: border-box;
    color: var(--_fg);
    background: var(--_bg);
    font-family: var(--_font);
    font-size: var(--curate-font-size, 14px);
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
      color-scheme: dark;
    }
  }
  :host([theme='dark']) {
    ${dark}
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button,
  select,
  input {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
    border: 1px solid var(--_border);
    background: var(--_surface);
    border-radius: var(--_radius);
    padding: 4px 10px;
  }
  button.primary {
    background: var(--_accent);
    color: var(--_accent-fg);
    border-color: var(--_accent);
  }
  button.danger {
    color: var(--_danger);
  }
  button[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_accent-fg);
    border-color: var(--_accent);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  select,
  input[type='text'],
  input[type='url'],
  input[type='search'],
  input[type='password'],
  input[type='number'] {
    border: 1px solid var(--_border);
    background: var(--_bg);
    border-radius: var(--_radius);
    padding: 4px 6px;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    align-items: center;
    margin-bottom: var(--_gap);
  }
  .muted {
    color: var(--_muted);
  }
  .stale {
    color: var(--_warn);
    display: flex;
    gap: var(--_gap);
    align-items: center;
  }
  .restore {
    display: flex;
    gap: var(--_gap);
    align-items: center;
    margin: 0 0 var(--_gap);
  }
  .error {
    color: var(--_danger);
    white-space: pre-wrap;
  }
  .thumb {
    display: block;
    width: 100%;
    aspect-ratio: 1;
    object-fit: contain;
    background: var(--_surface);
    border-radius: calc(var(--_radius) - 2px);
  }
  .name {
    display: block;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-size: 0.85em;
  }
  .tiles {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(var(--curate-tile-size, 96px), 1fr));
    gap: var(--_gap);
  }
  .tile {
    position: relative;
    border: 2px solid transparent;
    border-radius: var(--_radius);
    padding: 2px;
    background: var(--_bg);
  }
  .tile[aria-selected='true'],
  .tile.selected {
    border-color: var(--_accent);
  }
  .tile.removed {
    opacity: 0.45;
  }
  progress {
    width: 100%;
    accent-color: var(--_accent);
  }
  h2,
  h3 {
    margin: 0 0 var(--_gap);
    font-size: 1.05em;
  }
`;
