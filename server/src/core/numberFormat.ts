// How a figure reads beside a threshold, shared by the diagnostics (core) and the editor's hints (lsp), so that
// a warning "10.1 epochs > 10" and the hint beside it never disagree.

/** Three significant digits (whole numbers from 100 on), trailing zeros dropped. */
export function formatFigure(x: number): string {
  return x >= 100 ? String(Math.round(x)) : x.toPrecision(3).replace(/\.?0+$/, '');
}

/** True when `x` is within 1 of `threshold` (below 100): the range where one decimal tells the two apart. */
export function nearThreshold(x: number, threshold: number): boolean {
  return x < 100 && Math.abs(x - threshold) < 1;
}

/** Like formatFigure, but with one decimal near a threshold (two where one would read as the threshold itself),
 *  so "10.1 epochs > 10" never reads as "10 > 10". */
export function formatNearThreshold(x: number, threshold: number): string {
  if (!nearThreshold(x, threshold)) return formatFigure(x);
  const one = Number(x.toFixed(1));
  return String(one === threshold ? Number(x.toFixed(2)) : one);
}
