// Classification metrics over labels compared as text: accuracy (scikit-learn's accuracy_score) and the
// Matthews correlation coefficient (scikit-learn's matthews_corrcoef, multiclass form of Gorodkin 2004).

/** Fraction of examples whose predicted label equals the true one. NaN-free: 0 examples give 0. */
export function accuracyScore(correct: readonly boolean[]): number {
  if (correct.length === 0) return 0;
  return correct.filter(Boolean).length / correct.length;
}

/**
 * scikit-learn's matthews_corrcoef over any labels: built from the confusion matrix's row sums t, column sums p,
 * trace c and size s as (c*s - t.p) / sqrt((s^2 - p.p)(s^2 - t.t)). When either factor under the root is 0
 * (all true labels or all predictions the same), scikit-learn returns 0, and so does this.
 */
export function matthewsCorrcoef(truth: readonly string[], predicted: readonly string[]): number {
  if (truth.length !== predicted.length) throw new RangeError('matthewsCorrcoef needs as many predictions as labels');
  const trueCounts = new Map<string, number>();
  const predictedCounts = new Map<string, number>();
  let correct = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    const p = predicted[i]!;
    trueCounts.set(t, (trueCounts.get(t) ?? 0) + 1);
    predictedCounts.set(p, (predictedCounts.get(p) ?? 0) + 1);
    if (t === p) correct++;
  }
  const samples = truth.length;
  let truePredicted = 0;
  for (const [label, count] of trueCounts) truePredicted += count * (predictedCounts.get(label) ?? 0);
  let predictedSquares = 0;
  for (const count of predictedCounts.values()) predictedSquares += count * count;
  let trueSquares = 0;
  for (const count of trueCounts.values()) trueSquares += count * count;
  const covTruePredicted = correct * samples - truePredicted;
  const covPredicted = samples * samples - predictedSquares;
  const covTrue = samples * samples - trueSquares;
  if (covPredicted * covTrue === 0) return 0;
  return covTruePredicted / Math.sqrt(covTrue * covPredicted);
}
