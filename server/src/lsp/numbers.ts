// How numbers read in the editor: short, and never a misleading 0% for a task that is sampled.
import { formatNearThreshold, nearThreshold } from '../core/numberFormat';

export function formatPercent(p: number): string {
  if (p === 0) return '0%';
  const pct = p * 100;
  if (pct < 0.01) return '<0.01%';
  return `${pct >= 10 ? pct.toFixed(1) : pct.toFixed(2)}%`;
}

/** With `threshold` (the max_epochs the warning uses), one decimal within 1 of it, as the warning writes it. */
/** formatPercent, and for a rate shown as "<0.01%" the rate itself in scientific form: `<0.01% (3.2e-5)` (hover). */
export function formatPercentExact(p: number): string {
  const shown = formatPercent(p);
  return shown === '<0.01%' ? `${shown} (${p.toExponential(2).replace(/\.?0+e/, 'e')})` : shown;
}

export function formatEpochs(epochs: number | null, threshold?: number): string | null {
  if (epochs === null || !Number.isFinite(epochs)) return null;
  if (threshold !== undefined && nearThreshold(epochs, threshold)) return `${formatNearThreshold(epochs, threshold)} ep`;
  if (epochs >= 10) return `${Math.round(epochs).toLocaleString('en-US')} ep`;
  if (epochs >= 0.1) return `${epochs.toFixed(1)} ep`;
  return `${epochs.toPrecision(1)} ep`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `4.37% · 171 ep`, the inlay hint after a task name; `10.1 ep` near the epoch threshold. */
export function rateLabel(rate: number, epochs: number | null, epochThreshold?: number): string {
  const ep = formatEpochs(epochs, epochThreshold);
  return ep ? `${formatPercent(rate)} · ${ep}` : formatPercent(rate);
}
