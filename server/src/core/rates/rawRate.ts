// Raw rates of one entry under the size-based strategies, in seqio's order (mixing_rate_num_examples):
// scale first, then the cap K, then the power 1/T. Also the same computation written out for hover.

import type { RateStrategy, StrategyConfig } from './types';

/** The power a size-based strategy applies: 1 for proportional, 1/2 for sqrt, 1/T for temperature. */
export function temperatureOf(sampling: StrategyConfig): number {
  if (sampling.strategy === 'sqrt') return 2;
  if (sampling.strategy === 'temperature') return sampling.temperature ?? NaN;
  return 1;
}

/** K, or undefined when there is no cap (absent or 0, as in the spec). */
export function capOf(sampling: StrategyConfig): number | undefined {
  return sampling.cap !== undefined && sampling.cap > 0 ? sampling.cap : undefined;
}

export function isSizeBased(strategy: RateStrategy): boolean {
  return strategy === 'proportional' || strategy === 'temperature' || strategy === 'sqrt';
}

/** seqio.mixing_rate_num_examples: min(n * scale, K) ^ (1/T). */
export function sizeBasedRawRate(examples: number, scale: number, sampling: StrategyConfig): number {
  let r = examples * scale;
  const cap = capOf(sampling);
  if (cap !== undefined) r = Math.min(r, cap);
  const t = temperatureOf(sampling);
  // seqio skips the power at T = 1; doing the same keeps proportional rates bit-exact.
  if (t !== 1) r = r ** (1 / t);
  return r;
}

/** A short, readable number: integers as they are, others to 2 decimals (or 3 significant digits below 1). */
export function formatRateNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return Math.abs(x) >= 1e21 ? x.toExponential(3) : String(x);
  if (Math.abs(x) >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

export interface RawRateSubject {
  examples: number;
  scale?: number;
  rate?: number;
}

/**
 * The raw rate written out with its numbers, e.g. `min(8551 x 1, 2097152)^(1/2) = 92.47`.
 * `computed` is the engine's raw value; UniMax needs it, since its U_i depends on the other tasks.
 */
export function describeRawRate(task: RawRateSubject, sampling: StrategyConfig, computed?: number): string {
  const f = formatRateNumber;
  if (sampling.strategy === 'unimax') {
    const n = sampling.maxEpochs;
    const head = `UniMax: min(remaining budget / tasks left, ${n === undefined ? 'N' : f(n)} x ${f(task.examples)})`;
    return computed === undefined ? head : `${head} = ${f(computed)}`;
  }
  if (sampling.strategy === 'manual') {
    if (task.rate !== undefined) return `rate ${f(task.rate)}`;
    if (sampling.defaultRate !== undefined) return `default_rate ${f(sampling.defaultRate)}`;
    return 'no rate and no default_rate';
  }
  if (task.rate !== undefined) return `rate ${f(task.rate)} (fixed, replaces the ${sampling.strategy} rate)`;
  if (sampling.strategy === 'uniform') return '1 (uniform)';
  const scale = task.scale ?? 1;
  const cap = capOf(sampling);
  const t = temperatureOf(sampling);
  const product = `${f(task.examples)} x ${f(scale)}`;
  const capped = cap !== undefined ? `min(${product}, ${f(cap)})` : product;
  const value = sizeBasedRawRate(task.examples, scale, sampling);
  if (t === 1) return `${capped} = ${f(value)}`;
  const base = cap !== undefined ? capped : `(${capped})`;
  return `${base}^(1/${f(t)}) = ${f(value)}`;
}
