// Pearson's r as scipy.stats.pearsonr computes it and Spearman's rho as scipy.stats.spearmanr does (Pearson's
// r of the ranks, ties given their average rank). Where scipy's answer is undefined (fewer than two pairs, a
// constant column, a nan anywhere, or for Pearson an infinite value: scipy warns and returns nan) the value is
// null with the reason, never NaN. Spearman ranks ±inf like any other value, as scipy does.

export type Correlation = { value: number; undefinedReason?: undefined } | { value: null; undefinedReason: string };

function undefinedCorrelation(xs: readonly number[], ys: readonly number[], infinityIsNan: boolean): string | undefined {
  if (xs.length !== ys.length) throw new RangeError('a correlation needs as many predictions as targets');
  if (xs.length < 2) return `needs at least 2 examples, got ${xs.length}`;
  const notUsable = (v: number) => Number.isNaN(v) || (infinityIsNan && !Number.isFinite(v));
  const what = infinityIsNan ? 'nan or infinite' : 'nan';
  if (xs.some(notUsable)) return `a target is ${what} (scipy returns nan)`;
  if (ys.some(notUsable)) return `a prediction is ${what} (scipy returns nan)`;
  if (xs.every((x) => x === xs[0])) return 'the targets are constant (scipy returns nan)';
  if (ys.every((y) => y === ys[0])) return 'the predictions are constant (scipy returns nan)';
  return undefined;
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** scipy.stats.pearsonr's statistic: centred vectors scaled to unit length (by their largest entry first, to avoid overflow), their dot product clipped to [-1, 1]. */
export function pearsonCorrelation(xs: readonly number[], ys: readonly number[]): Correlation {
  // The mean of a column holding ±inf is ±inf or nan, so every centred value is nan: scipy returns nan.
  const reason = undefinedCorrelation(xs, ys, true);
  if (reason) return { value: null, undefinedReason: reason };
  const xMean = mean(xs);
  const yMean = mean(ys);
  const xCentred = xs.map((x) => x - xMean);
  const yCentred = ys.map((y) => y - yMean);
  const xUnit = unitVector(xCentred);
  const yUnit = unitVector(yCentred);
  let r = 0;
  for (let i = 0; i < xUnit.length; i++) r += xUnit[i]! * yUnit[i]!;
  r = Math.max(-1, Math.min(1, r));
  // scipy promises exactly -1 or 1 for two points.
  if (xs.length === 2) r = Math.round(r);
  return { value: r };
}

function unitVector(values: readonly number[]): number[] {
  const largest = values.reduce((m, v) => Math.max(m, Math.abs(v)), -Infinity);
  let squares = 0;
  for (const value of values) squares += (value / largest) ** 2;
  const norm = largest * Math.sqrt(squares);
  return values.map((value) => value / norm);
}

/** scipy.stats.rankdata(method='average'): 1-based ranks, tied values sharing the mean of their ranks. */
export function averageRanks(values: readonly number[]): number[] {
  // Compared, not subtracted: inf - inf is nan, which would make the order undefined.
  const order = values.map((_, i) => i).sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : a - b));
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
    // Positions start..end-1 hold ranks start+1..end; their mean is (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    start = end;
  }
  return ranks;
}

/** scipy.stats.spearmanr's statistic: numpy.corrcoef of the average ranks. */
export function spearmanCorrelation(xs: readonly number[], ys: readonly number[]): Correlation {
  const reason = undefinedCorrelation(xs, ys, false);
  if (reason) return { value: null, undefinedReason: reason };
  const xRanks = averageRanks(xs);
  const yRanks = averageRanks(ys);
  const xMean = mean(xRanks);
  const yMean = mean(yRanks);
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < xRanks.length; i++) {
    const dx = xRanks[i]! - xMean;
    const dy = yRanks[i]! - yMean;
    xy += dx * dy;
    xx += dx * dx;
    yy += dy * dy;
  }
  // numpy.cov scales by 1/(n-1) (a multiplication), then corrcoef divides by each standard deviation in turn.
  const scale = 1 / (xs.length - 1);
  const r = (xy * scale) / Math.sqrt(xx * scale) / Math.sqrt(yy * scale);
  return { value: Math.max(-1, Math.min(1, r)) };
}
