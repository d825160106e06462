// Orders the Transfer heatmap (targets x sources): file order, by name, or grouped by similarity.
import type { TransferResult } from '../../../contracts/balanceData';
import { clusterRowOrder } from './cluster';

export type TransferOrder = 'file' | 'name' | 'clustered';

export interface TransferLayout {
  /** Indices into transfer.targets, top to bottom. */
  rowOrder: number[];
  /** Indices into transfer.sources, left to right. */
  colOrder: number[];
}

/**
 * Row order for the chosen ordering; sources that are also targets follow the row order, so that the diagonal
 * stays a diagonal, and the other sources keep their order after them.
 */
export function transferLayout(transfer: TransferResult, order: TransferOrder): TransferLayout {
  const byIndex = transfer.targets.map((_, i) => i);
  let rowOrder: number[];
  if (order === 'clustered') rowOrder = clusterRowOrder(transfer.matrix);
  else if (order === 'name') rowOrder = byIndex.sort((a, b) => (transfer.targets[a]! < transfer.targets[b]! ? -1 : transfer.targets[a]! > transfer.targets[b]! ? 1 : a - b));
  else rowOrder = byIndex;
  if (order === 'file') return { rowOrder, colOrder: transfer.sources.map((_, i) => i) };
  const sourceIndex = new Map(transfer.sources.map((s, i) => [s, i]));
  const colOrder: number[] = [];
  const placed = new Set<number>();
  for (const r of rowOrder) {
    const s = sourceIndex.get(transfer.targets[r]!);
    if (s !== undefined && !placed.has(s)) {
      colOrder.push(s);
      placed.add(s);
    }
  }
  transfer.sources.forEach((_, i) => {
    if (!placed.has(i)) colOrder.push(i);
  });
  return { rowOrder, colOrder };
}

/** The largest absolute transfer value (the diverging scale's half-width); 0 when every cell is missing. */
export function transferExtent(transfer: TransferResult): number {
  let m = 0;
  for (const row of transfer.matrix) for (const v of row) if (v != null && Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}

/** A cheap summary of a transfer matrix that changes when any name, cell or missing cell changes (a cache key). */
export function transferFingerprint(t: TransferResult): string {
  let h = 0;
  for (let i = 0; i < t.matrix.length; i++) {
    const row = t.matrix[i]!;
    for (let j = 0; j < row.length; j++) {
      const v = row[j];
      h = (Math.imul(h, 31) + (v == null ? 7919 : Math.round(v * 1e9) + j * 101 + i)) | 0;
    }
  }
  return `${t.targets.join('\u0000')}|${t.sources.join('\u0000')}|${h}`;
}
