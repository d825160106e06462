// How far to lower one task's raw rate so that it is repeated no more than `threshold` epochs, every other raw rate
// kept (the `diminishing-repeats` quick fix). The task must be listed once, at the root: its share among the root's
// entries, in the strategy's unit, is then r / R with R the root's total raw rate, and the share that gives
// `threshold` epochs solves in closed form for each unit and budget (spec 1.1, "Unit", "Epochs"):
//   examples, S examples:  p' = threshold * n / S
//   examples, S_tok tokens: p' = threshold * n * B / (S_tok - threshold * tokens + threshold * n * B),
//                           B = (sum p m - p m_i) / (1 - p), the other tasks' mean tokens per drawn example
//   tokens, S_tok tokens:   q' = threshold * tokens / S_tok
//   tokens, S examples:     q' = p' C / ((1 - p') / m_i + p' C) with p' = threshold * n / S,
//                           C = (sum q / m - q / m_i) / (1 - q)
// and then r' = share' (R - r) / (1 - share'). A root with includes shares tokens by the sub-mixtures' pooled means
// (tokenUnit.ts), so with `unit: tokens` it is left to the user.
import { capOf, isSizeBased, sizeBasedRawRate, temperatureOf } from './rawRate';
import { unitOf } from './tokenUnit';
import type { RateEntry, RateMixtureNode, RatesResult, StrategyConfig, TaskRate } from './types';

export type RepeatCap =
  /** Seqio's scale of the task (size-based strategies: its size keeps counting, times the scale). */
  | { key: 'scale'; value: number }
  /** A fixed raw rate (manual, uniform, or a task that already has one). */
  | { key: 'rate'; value: number };

/** Rounds down to 4 significant digits, so that the written value lands at or just under the threshold. */
export function roundDown(x: number): number {
  if (!(x > 0)) return 0;
  const unit = 10 ** (Math.floor(Math.log10(x)) - 3);
  return Math.floor(x / unit) * unit;
}

/** Sums over every task that the formulas above read, once per result (a file may have thousands of repeated tasks). */
const sumsOf = new WeakMap<RatesResult, { meanDrawn: number; sharePerMean: number }>();
function sums(rates: RatesResult): { meanDrawn: number; sharePerMean: number } {
  let known = sumsOf.get(rates);
  if (!known) {
    let meanDrawn = 0;
    let sharePerMean = 0;
    for (const t of rates.tasks) {
      if (!(t.examples > 0)) continue;
      const mean = (t.tokens ?? NaN) / t.examples;
      meanDrawn += t.rate * mean;
      if ((t.token_share ?? 0) > 0) sharePerMean += t.token_share! / mean;
    }
    sumsOf.set(rates, (known = { meanDrawn, sharePerMean }));
  }
  return known;
}

/** The raw rate that gives the task `threshold` epochs, or null when lowering it cannot (or need not). */
export function rawRateForEpochs(rates: RatesResult, task: TaskRate, sampling: StrategyConfig, threshold: number, rootHasIncludes: boolean): number | null {
  const S = rates.examples_drawn;
  if (S === null || !(task.epochs !== null && task.epochs > threshold) || !(task.rate > 0) || !(task.raw > 0)) return null;
  const unit = unitOf(sampling);
  const n = task.examples;
  const tokens = task.tokens ?? null;
  const T = rates.tokens_drawn;
  let share: number;
  let target: number;
  if (unit === 'examples') {
    share = task.rate;
    if (T === undefined) target = (threshold * n) / S;
    else {
      if (tokens === null) return null;
      const M = sums(rates).meanDrawn;
      const B = (M - task.rate * (tokens / n)) / (1 - task.rate);
      target = (threshold * n * B) / (T - threshold * tokens + threshold * n * B);
    }
  } else {
    if (rootHasIncludes || tokens === null || task.token_share == null) return null;
    share = task.token_share;
    if (T !== undefined) target = (threshold * tokens) / T;
    else {
      const p = (threshold * n) / S;
      const mean = tokens / n;
      const C = (sums(rates).sharePerMean - share / mean) / (1 - share);
      target = (p * C) / ((1 - p) / mean + p * C);
    }
  }
  if (!(target > 0 && target < share) || !(share < 1)) return null;
  const R = task.raw / share;
  return (target * (R - task.raw)) / (1 - target);
}

/** The key to write: a scale under a size-based strategy (unless the task has a fixed rate), else a rate. */
export function repeatCapFor(rawRate: number, task: TaskRate, sampling: StrategyConfig, hasFixedRate: boolean): RepeatCap | null {
  const sizeBased = sampling.strategy === 'proportional' || sampling.strategy === 'temperature' || sampling.strategy === 'sqrt';
  if (!sizeBased || hasFixedRate) {
    const value = roundDown(rawRate);
    return value > 0 ? { key: 'rate', value } : null;
  }
  // r = min(size * scale, K)^(1/T); the new r is below the old one, so below K^(1/T): the cap does not bind.
  const size = unitOf(sampling) === 'tokens' ? task.tokens ?? NaN : task.examples;
  const value = roundDown(rawRate ** temperatureOf(sampling) / size);
  return value > 0 && Number.isFinite(value) ? { key: 'scale', value } : null;
}

/** Rounds up to 4 significant digits (a larger cap gives the repeated tasks fewer epochs). */
function roundUp(x: number): number {
  const unit = 10 ** (Math.floor(Math.log10(x)) - 3);
  // The bisection ends a hair above the exact cap: that hair is not worth the next digit up.
  return Math.ceil(x / unit - 1e-6) * unit;
}

/** Distinct leaf examples below an entry (a sub-mixture counts as the sum of its tasks, as the rates engine does). */
function entryExamples(entry: RateEntry, seen = new Set<string>()): number {
  if (entry.kind === 'task') {
    if (seen.has(entry.name)) return 0;
    seen.add(entry.name);
    return entry.examples;
  }
  return entry.entries.reduce((sum, e) => sum + entryExamples(e, seen), 0);
}

/**
 * The cap K' (> the file's K) under which every root-level task in `repeated` (indexes of root entries) has at most
 * `threshold` epochs, with the budget S in examples and `unit: examples`; `null` for "no cap at all", undefined when
 * even no cap leaves one of them over the threshold (or a repeated task is itself capped: a larger K gives it more).
 * Raising K only lowers the large tasks' rates less: the epochs of the tasks under the cap fall as K rises, so the
 * smallest K' that is enough is found by bisection over K.
 */
export function capForRepeats(root: RateMixtureNode, sampling: StrategyConfig, S: number, repeated: readonly number[], threshold: number): number | null | undefined {
  const K = capOf(sampling);
  if (K === undefined || !isSizeBased(sampling.strategy) || unitOf(sampling) !== 'examples' || repeated.length === 0) return undefined;
  const sizes = root.entries.map((e) => entryExamples(e) * (e.kind === 'task' ? e.scale ?? 1 : 1));
  if (repeated.some((i) => root.entries[i]!.rate !== undefined || !(sizes[i]! <= K))) return undefined;
  const worst = (cap: number | undefined): number => {
    const config: StrategyConfig = { ...sampling, cap: cap ?? 0 };
    const raw = root.entries.map((e, j) => e.rate ?? sizeBasedRawRate(sizes[j]!, 1, config));
    const total = raw.reduce((a, b) => a + b, 0);
    return Math.max(...repeated.map((i) => (S * raw[i]!) / total / entryExamples(root.entries[i]!)));
  };
  const largest = Math.max(...sizes);
  if (worst(undefined) > threshold * (1 + 1e-9)) return undefined;
  let lo = K;
  let hi = largest;
  for (let step = 0; step < 100 && hi - lo > 1e-9 * hi; step++) {
    const mid = (lo + hi) / 2;
    if (worst(mid) > threshold) lo = mid;
    else hi = mid;
  }
  const cap = roundUp(hi);
  return cap >= largest ? null : Number.isInteger(K) ? Math.ceil(cap) : cap;
}
