// Balance figures of a sampling distribution (spec, "Balance figures"). Logarithms are natural (nats).
// Edge cases are defined rather than NaN: N = 1 is perfectly balanced (normalized entropy 1, ratio 1,
// Gini 0); a ratio or KL that is unbounded (a zero probability, a ratio past the largest double, or p > 0
// where the baseline is 0) is null, because JSON has no Infinity and a reader should see "unbounded",
// not a huge number.

import type { BalanceFigures } from './types';

/** Sum of p ln(p / q), with 0 ln 0 = 0; Infinity when p > 0 where q = 0. */
function klDivergence(p: readonly number[], q: readonly number[]): number {
  let kl = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] <= 0) continue;
    if (q[i] <= 0) return Infinity;
    kl += p[i] * Math.log(p[i] / q[i]);
  }
  // Rounding can leave -1e-17 where the true value is 0; KL is never negative.
  return Math.max(0, kl);
}

/** Normalizes to sum 1; an all-zero or empty vector stays all zero. */
function normalize(xs: readonly number[]): number[] {
  const total = xs.reduce((a, b) => a + b, 0);
  return total > 0 ? xs.map((x) => x / total) : xs.map(() => 0);
}

/** Gini coefficient: mean absolute difference / (2 * mean), via the sorted form (O(N log N)). */
function gini(p: readonly number[]): number {
  const n = p.length;
  const total = p.reduce((a, b) => a + b, 0);
  if (n <= 1 || total <= 0) return 0;
  // A typed array sorts numerically without a comparator call per pair: much faster at thousands of tasks.
  const sorted = Float64Array.from(p).sort();
  let weighted = 0;
  for (let i = 0; i < n; i++) weighted += (i + 1) * sorted[i]!;
  return Math.max(0, (2 * weighted) / (n * total) - (n + 1) / n);
}

/**
 * Balance of the distribution `p` over N tasks whose sizes are `n` (the proportional baseline is
 * n / sum n). `p` is normalized first, so raw rates work too.
 */
export function computeBalance(pIn: readonly number[], n: readonly number[]): BalanceFigures {
  const p = normalize(pIn);
  const count = p.length;
  if (count === 0) {
    return { entropy: 0, normalized_entropy: 1, effective_tasks: 0, max_min_ratio: null, gini: 0, kl_uniform: 0, kl_proportional: null };
  }
  let entropy = 0;
  for (const x of p) if (x > 0) entropy -= x * Math.log(x);
  entropy = Math.max(0, entropy);
  const lnN = Math.log(count);
  const normalizedEntropy = count === 1 ? 1 : Math.min(1, entropy / lnN);
  // A loop, not Math.max(...p): spreading a very large array overflows the call stack.
  let max = -Infinity;
  let min = Infinity;
  for (const x of p) {
    if (x > max) max = x;
    if (x < min) min = x;
  }
  const ratio = min > 0 ? max / min : Infinity;
  const klProp = n.reduce((a, b) => a + b, 0) > 0 ? klDivergence(p, normalize(n)) : Infinity;
  return {
    entropy,
    normalized_entropy: normalizedEntropy,
    effective_tasks: Math.exp(entropy),
    max_min_ratio: Number.isFinite(ratio) ? ratio : null,
    gini: gini(p),
    kl_uniform: klDivergence(p, p.map(() => 1 / count)),
    kl_proportional: Number.isFinite(klProp) ? klProp : null,
  };
}
