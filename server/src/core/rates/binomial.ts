// Exact binomial draws for the sampling simulation, by inversion of the CDF in three regimes:
// - small means (n p < 30): walk the CDF up from 0, O(n p);
// - moderate spread (n p q < 1e5): walk outward from the mode, O(sqrt(n p q)); the mode's probability comes
//   from Loader's saddle-point form (stirlerr + bd0, as in R's dbinom), accurate to ~1e-15 relative where
//   log-factorial differences would lose digits to cancellation;
// - larger: the order-statistic recursion (Knuth, TAOCP vol. 2, 3.4.1 F; Devroye 1986, X.4): the a-th
//   smallest of n uniforms is Beta(a, n + 1 - a); whether it falls below p says on which side the count
//   lies, and the rest is a smaller binomial, until one of the regimes above applies.

import type { UniformSource } from './prng';

/** Standard normal by the polar method (one of each pair is dropped: simplicity over speed here). */
function sampleNormal(rng: UniformSource): number {
  for (;;) {
    const u = 2 * rng.nextFloat() - 1;
    const v = 2 * rng.nextFloat() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Gamma(shape >= 1, 1) by Marsaglia & Tsang (2000). */
function sampleGamma(rng: UniformSource, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = sampleNormal(rng);
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = rng.nextFloat();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

function sampleBeta(rng: UniformSource, a: number, b: number): number {
  const x = sampleGamma(rng, a);
  const y = sampleGamma(rng, b);
  return x / (x + y);
}

function inversion(rng: UniformSource, n: number, p: number): number {
  const q = 1 - p;
  const ratio = p / q;
  let probability = q ** n;
  let u = rng.nextFloat();
  let k = 0;
  while (u >= probability && k < n) {
    u -= probability;
    k += 1;
    probability *= ((n - k + 1) / k) * ratio;
  }
  return k;
}

const LN_2PI = Math.log(2 * Math.PI);

/** ln(n!) - ((n + 1/2) ln n - n + ln sqrt(2 pi)): Stirling's error, by its series past 15. */
function stirlingError(n: number): number {
  if (n <= 15) {
    let logFactorial = 0;
    for (let k = 2; k <= n; k++) logFactorial += Math.log(k);
    return logFactorial - (n + 0.5) * Math.log(n) + n - 0.5 * LN_2PI;
  }
  const nn = n * n;
  const [s0, s1, s2, s3, s4] = [1 / 12, 1 / 360, 1 / 1260, 1 / 1680, 1 / 1188];
  if (n > 500) return (s0 - s1 / nn) / n;
  if (n > 80) return (s0 - (s1 - s2 / nn) / nn) / n;
  if (n > 35) return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
  return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

/** x ln(x / m) + m - x, without cancellation when x is near m (Loader's bd0). */
function deviance(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let sum = (x - m) * v;
    let term = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      term *= v;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / m) + m - x;
}

/** P(X = x) for X ~ Binomial(n, p), 0 < p < 1, 0 <= x <= n. */
export function binomialProbability(x: number, n: number, p: number): number {
  const q = 1 - p;
  if (x === 0) return Math.exp(n * Math.log1p(-p));
  if (x === n) return Math.exp(n * Math.log(p));
  const lc = stirlingError(n) - stirlingError(x) - stirlingError(n - x) - deviance(x, n * p) - deviance(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return Math.exp(lc - 0.5 * lf);
}

/** Inversion that visits outcomes outward from the mode: the order does not change the distribution. */
function modeInversion(rng: UniformSource, n: number, p: number): number {
  const q = 1 - p;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const pMode = binomialProbability(mode, n, p);
  let u = rng.nextFloat() - pMode;
  if (u < 0) return mode;
  let low = mode;
  let high = mode;
  let pLow = pMode;
  let pHigh = pMode;
  const odds = p / q;
  while (low > 0 || high < n) {
    if (low > 0) {
      pLow *= low / ((n - low + 1) * odds);
      low -= 1;
      u -= pLow;
      if (u < 0) return low;
    }
    if (high < n) {
      pHigh *= ((n - high) / (high + 1)) * odds;
      high += 1;
      u -= pHigh;
      if (u < 0) return high;
    }
  }
  // Only rounding (total mass 1 - 1e-15) gets here.
  return mode;
}

/** One draw from Binomial(n, p); n a non-negative integer, p clamped to [0, 1]. */
export function sampleBinomial(rng: UniformSource, n: number, p: number): number {
  let offset = 0;
  let sign = 1;
  let result = 0;
  // Iterative form of the recursion: each step fixes part of the count and shrinks (n, p).
  for (;;) {
    if (n <= 0 || p <= 0) break;
    if (p >= 1) {
      result = n;
      break;
    }
    if (p > 0.5) {
      // Count failures instead: keeps inversion's walk short and q ** n away from underflow.
      offset += sign * n;
      sign = -sign;
      p = 1 - p;
      continue;
    }
    if (n * p < 30) {
      result = inversion(rng, n, p);
      break;
    }
    if (n * p * (1 - p) < 1e5) {
      result = modeInversion(rng, n, p);
      break;
    }
    const a = Math.floor(1 + n / 2);
    const x = sampleBeta(rng, a, n + 1 - a);
    if (x >= p) {
      n = a - 1;
      p = p / x;
    } else {
      offset += sign * a;
      n = n - a;
      p = (p - x) / (1 - x);
    }
  }
  return offset + sign * result;
}
