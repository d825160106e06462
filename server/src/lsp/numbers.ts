// How numbers read in the editor: short, and never a misleading 0% for a task that is sampled.

export function formatPercent(p: number): string {
  if (p === 0) return '0%';
  const pct = p * 100;
  if (pct < 0.01) return '<0.01%';
  return `${pct >= 10 ? pct.toFixed(1) : pct.toFixed(2)}%`;
}

export function formatEpochs(epochs: number | null): string | null {
  if (epochs === null || !Number.isFinite(epochs)) return null;
  if (epochs >= 10) return `${Math.round(epochs).toLocaleString('en-US')} ep`;
  if (epochs >= 0.1) return `${epochs.toFixed(1)} ep`;
  return `${epochs.toPrecision(1)} ep`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `4.37% · 171 ep`, the inlay hint after a task name. */
export function rateLabel(rate: number, epochs: number | null): string {
  const ep = formatEpochs(epochs);
  return ep ? `${formatPercent(rate)} · ${ep}` : formatPercent(rate);
}
