// What a heatmap shows (labels, cell colours, scale) and where each part goes: shared by the canvas renderer,
// the hit test (tooltips, clicks, keyboard) and the SVG export, so all three agree cell for cell.
import type { ColorScale } from './scales';

export interface HeatmapSpec {
  rowLabels: string[];
  colLabels: string[];
  /** Column drawn with a frame (the file's own strategy); -1 for none. */
  highlightCol: number;
  /** CSS colour of a cell, or null for a missing cell (drawn hatched, never as a colour of the scale). */
  cellColor(row: number, col: number): string | null;
  /** Cells flagged on top of their colour (over the epoch threshold). */
  isMarked(row: number, col: number): boolean;
  scale: ColorScale;
  legendTitle: string;
  formatTick(value: number): string;
}

export interface HeatmapGeometry {
  rows: number;
  cols: number;
  labelWidth: number;
  headerHeight: number;
  cellWidth: number;
  cellHeight: number;
  /** Width of the whole drawing (labels + cells). */
  width: number;
  /** Height of all rows, without the header. */
  bodyHeight: number;
}

export interface GeometryInput {
  rows: number;
  cols: number;
  availableWidth: number;
  labelWidth: number;
  headerHeight: number;
  /** Preferred row height; rows never get shorter than 2 px so that 1,000 tasks stay a usable strip. */
  cellHeight: number;
  minCellWidth?: number;
  maxCellWidth?: number;
}

export function heatmapGeometry(input: GeometryInput): HeatmapGeometry {
  const minW = input.minCellWidth ?? 8;
  const maxW = input.maxCellWidth ?? 96;
  const room = Math.max(0, input.availableWidth - input.labelWidth);
  const cellWidth = input.cols > 0 ? Math.max(minW, Math.min(maxW, Math.floor(room / input.cols))) : minW;
  const cellHeight = Math.max(2, Math.round(input.cellHeight));
  return {
    rows: input.rows,
    cols: input.cols,
    labelWidth: input.labelWidth,
    headerHeight: input.headerHeight,
    cellWidth,
    cellHeight,
    width: input.labelWidth + cellWidth * input.cols,
    bodyHeight: cellHeight * input.rows,
  };
}

/** The cell under a point of the body (y measured from the top of the first row), or null. */
export function cellAt(g: HeatmapGeometry, x: number, y: number): { row: number; col: number } | null {
  if (x < g.labelWidth || y < 0) return null;
  const col = Math.floor((x - g.labelWidth) / g.cellWidth);
  const row = Math.floor(y / g.cellHeight);
  return row < g.rows && col < g.cols ? { row, col } : null;
}

/** The row under a point in the label gutter, or null. */
export function rowLabelAt(g: HeatmapGeometry, x: number, y: number): number | null {
  if (x < 0 || x >= g.labelWidth || y < 0) return null;
  const row = Math.floor(y / g.cellHeight);
  return row < g.rows ? row : null;
}

/** [first, end) rows that intersect a viewport of the body. */
export function visibleRows(g: HeatmapGeometry, scrollTop: number, viewportHeight: number): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / g.cellHeight));
  const end = Math.min(g.rows, Math.ceil((scrollTop + viewportHeight) / g.cellHeight));
  return [first, Math.max(first, end)];
}

/** Moves a keyboard cursor by an arrow/page/home/end key, clamped to the grid; null for other keys. */
export function moveCursor(g: HeatmapGeometry, at: { row: number; col: number }, key: string, pageRows: number): { row: number; col: number } | null {
  const clampRow = (r: number) => Math.max(0, Math.min(g.rows - 1, r));
  const clampCol = (c: number) => Math.max(0, Math.min(g.cols - 1, c));
  switch (key) {
    case 'ArrowUp': return { row: clampRow(at.row - 1), col: at.col };
    case 'ArrowDown': return { row: clampRow(at.row + 1), col: at.col };
    case 'ArrowLeft': return { row: at.row, col: clampCol(at.col - 1) };
    case 'ArrowRight': return { row: at.row, col: clampCol(at.col + 1) };
    case 'PageUp': return { row: clampRow(at.row - pageRows), col: at.col };
    case 'PageDown': return { row: clampRow(at.row + pageRows), col: at.col };
    case 'Home': return { row: 0, col: 0 };
    case 'End': return { row: g.rows - 1, col: g.cols - 1 };
    default: return null;
  }
}
