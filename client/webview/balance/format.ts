// Number formats shared by labels, tooltips, tables and exports (the table shows what the tooltip shows).

/** A probability as a percentage with enough digits to tell small rates apart: 4.37%, 0.0123%. */
export function formatPercent(p: number | null): string {
  if (p == null || !Number.isFinite(p)) return '—';
  if (p === 0) return '0%';
  const pct = p * 100;
  return `${pct >= 1 ? pct.toFixed(2) : pct.toPrecision(3)}%`;
}

/** Epochs: 171, 4.37, 0.0312. */
export function formatEpochs(e: number | null): string {
  if (e == null || !Number.isFinite(e)) return '—';
  if (e >= 100) return Math.round(e).toLocaleString('en-US');
  return e >= 1 ? e.toFixed(2) : e.toPrecision(3);
}

/** A count with thousands separators. */
export function formatCount(n: number | null): string {
  return n == null || !Number.isFinite(n) ? '—' : Math.round(n).toLocaleString('en-US');
}

/** A general number with 4 significant digits (raw rates, balance figures). */
export function formatNumber(x: number | null): string {
  if (x == null) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '-∞' : '—';
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e6 || a < 1e-3 ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}

/** A relative transfer or gain as a signed percentage: +3.65%, -1.20%. */
export function formatSignedPercent(x: number | null): string {
  if (x == null || !Number.isFinite(x)) return 'missing';
  return `${x > 0 ? '+' : ''}${(x * 100).toFixed(2)}%`;
}
