// CSV exports of each tab's data (RFC 4180 quoting), the same numbers the view shows, at full precision.
import type { SamplingSimulation, TransferResult } from '../../../contracts/balanceData';
import type { WhatIfRates } from '../../../contracts/whatIf';
import type { StrategyMatrix } from './strategyMatrix';
import type { TransferLayout } from './transferMatrix';

export type CsvCell = string | number | null;

function cell(v: CsvCell): string {
  if (v == null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(rows: CsvCell[][]): string {
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** One row per task and strategy: long format, so every column keeps its own epochs. */
export function strategiesCsv(matrix: StrategyMatrix, order: number[]): string {
  const rows: CsvCell[][] = [['task', 'examples', 'strategy', 'is_file_strategy', 'raw', 'rate', 'epochs']];
  const width = matrix.columns.length;
  for (const r of order) {
    const task = matrix.rows[r]!;
    matrix.columns.forEach((col, c) => {
      const i = r * width + c;
      if (Number.isNaN(matrix.rates[i]!)) return;
      rows.push([task.name, task.examples, col.label, col.isFileStrategy ? 1 : 0, matrix.raw[i]!, matrix.rates[i]!, Number.isNaN(matrix.epochs[i]!) ? null : matrix.epochs[i]!]);
    });
  }
  return toCsv(rows);
}

export function ratesCsv(result: WhatIfRates, temperature: number, cap: number | null): string {
  const rows: CsvCell[][] = [['task', 'examples', 'temperature', 'cap', 'raw', 'rate', 'epochs']];
  for (const t of result.tasks) rows.push([t.name, t.examples, temperature, cap, t.raw, t.rate, t.epochs]);
  return toCsv(rows);
}

/** Long format: target, source, transfer (empty where missing), in the view's order. */
export function transferCsv(transfer: TransferResult, layout: TransferLayout): string {
  const rows: CsvCell[][] = [['target', 'source', 'transfer']];
  for (const r of layout.rowOrder) for (const c of layout.colOrder) rows.push([transfer.targets[r]!, transfer.sources[c]!, transfer.matrix[r]![c] ?? null]);
  return toCsv(rows);
}

export function dynamicsCsv(d: SamplingSimulation): string {
  const rows: CsvCell[][] = [['step', ...d.tasks.map((t) => t.name)]];
  d.checkpoints.forEach((step, i) => rows.push([step, ...d.tasks.map((t) => t.epochs[i] ?? null)]));
  return toCsv(rows);
}
