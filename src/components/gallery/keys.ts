/** What a key does in the gallery grid (listbox keyboard model, multi-select). */
export type KeyAction =
  | { kind: 'move'; to: number; extend: boolean }
  | { kind: 'toggle'; add: boolean }
  | { kind: 'open' }
  | { kind: 'select-all' }
  | { kind: 'clear' }
  | { kind: 'remove' }
  | null;

export interface GridShape {
  active: number;
  count: number;
  columns: number;
  rowsPerPage: number;
}

export function keyAction(e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey'>, g: GridShape): KeyAction {
  const moves: Record<string, number> = {
    ArrowRight: 1, ArrowLeft: -1, ArrowDown: g.columns, ArrowUp: -g.columns, PageDown: g.columns * g.rowsPerPage, PageUp: -g.columns * g.rowsPerPage,
  };
  const clamp = (i: number) => Math.min(g.count - 1, Math.max(0, i));
  if (e.key in moves) return { kind: 'move', to: clamp(g.active + moves[e.key]), extend: e.shiftKey };
  if (e.key === 'Home') return { kind: 'move', to: 0, extend: e.shiftKey };
  if (e.key === 'End') return { kind: 'move', to: clamp(g.count - 1), extend: e.shiftKey };
  if (e.key === ' ') return { kind: 'toggle', add: e.shiftKey && !(e.ctrlKey || e.metaKey) };
  if (e.key === 'Enter') return { kind: 'open' };
  if ((e.key === 'a' || e.key === 'A') && (e.ctrlKey || e.metaKey)) return { kind: 'select-all' };
  if (e.key === 'Escape') return { kind: 'clear' };
  if (e.key === 'Delete') return { kind: 'remove' };
  return null;
}
