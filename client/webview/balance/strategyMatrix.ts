// Builds the Strategies heatmap's matrix (tasks x strategies) from the server's comparison, and its row orders.
// Pure data: the DOM code and the SVG/CSV exports all draw from the same matrix.
import type { StrategyComparison } from '../../../contracts/balanceData';

export interface StrategyTaskRow {
  name: string;
  prefix: string;
  examples: number;
  via: string[];
}

export interface StrategyMatrixColumn {
  id: string;
  label: string;
  strategy: string;
  isFileStrategy: boolean;
  examplesDrawn: number | null;
}

/** Row-major numbers: cell (row r, column c) at r * columns.length + c. NaN marks a task absent from a column. */
export interface StrategyMatrix {
  rows: StrategyTaskRow[];
  columns: StrategyMatrixColumn[];
  rates: Float64Array;
  raw: Float64Array;
  /** NaN where the column has no budget (no epochs). */
  epochs: Float64Array;
  /** The epochs in epochs of new data, as the server computed them (TaskRate.effective_epochs); NaN like epochs. */
  effectiveEpochs: Float64Array;
  /** Index of the file's own strategy column, or -1. */
  fileColumn: number;
}

/** Tasks come in the order of the file's own column (else the first), then any only found in other columns. */
export function buildStrategyMatrix(comparison: StrategyComparison): StrategyMatrix {
  const columns = comparison.columns.map((c) => ({
    id: c.id,
    label: c.label,
    strategy: c.strategy,
    isFileStrategy: c.isFileStrategy,
    examplesDrawn: c.result.examples_drawn,
  }));
  const fileColumn = columns.findIndex((c) => c.isFileStrategy);
  const ordered = fileColumn >= 0 ? [comparison.columns[fileColumn]!, ...comparison.columns] : comparison.columns;
  const rowIndex = new Map<string, number>();
  const rows: StrategyTaskRow[] = [];
  for (const column of ordered) {
    for (const t of column.result.tasks) {
      if (rowIndex.has(t.name)) continue;
      rowIndex.set(t.name, rows.length);
      rows.push({ name: t.name, prefix: t.prefix, examples: t.examples, via: t.via });
    }
  }
  const width = columns.length;
  const rates = new Float64Array(rows.length * width).fill(NaN);
  const raw = new Float64Array(rows.length * width).fill(NaN);
  const epochs = new Float64Array(rows.length * width).fill(NaN);
  const effectiveEpochs = new Float64Array(rows.length * width).fill(NaN);
  comparison.columns.forEach((column, c) => {
    for (const t of column.result.tasks) {
      const i = rowIndex.get(t.name)! * width + c;
      rates[i] = t.rate;
      raw[i] = t.raw;
      epochs[i] = t.epochs ?? NaN;
      effectiveEpochs[i] = t.effective_epochs ?? NaN;
    }
  });
  return { rows, columns, rates, raw, epochs, effectiveEpochs, fileColumn };
}

export type RowSortKey = 'file' | 'name' | 'examples' | 'rate';

/** Row order for a sort key; `rate` sorts by the given column, largest first. Stable (ties keep file order). */
export function strategyRowOrder(matrix: StrategyMatrix, key: RowSortKey, column = Math.max(0, matrix.fileColumn)): number[] {
  const order = matrix.rows.map((_, i) => i);
  const width = matrix.columns.length;
  switch (key) {
    case 'file':
      return order;
    case 'name':
      return order.sort((a, b) => compareText(matrix.rows[a]!.name, matrix.rows[b]!.name) || a - b);
    case 'examples':
      return order.sort((a, b) => matrix.rows[b]!.examples - matrix.rows[a]!.examples || a - b);
    case 'rate':
      return order.sort((a, b) => descendingNaNLast(matrix.rates[a * width + column]!, matrix.rates[b * width + column]!) || a - b);
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function descendingNaNLast(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return b - a;
}
