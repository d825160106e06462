// A seeded simulation of training draws: which task each example of each batch comes from, given the
// final rates. It shows how epochs accumulate over steps and when each task crosses an epoch threshold.
//
// Two exact methods (the same distribution; they differ only in speed, and in the stream of numbers used):
// - `per-example`: each example is one categorical draw (binary search on the cumulative rates);
//   chosen by `auto` while steps * batch_size <= 2^20.
// - `multinomial`: a run of m batches is one Multinomial(m * batch_size, p) draw, made of sequential
//   binomials k_i ~ Binomial(left, p_i / p still unassigned). Batches are independent, so the sum over m
//   of them is exactly that multinomial. Runs end at each checkpoint and are short enough that no task can
//   reach its threshold before a run's last step (m <= ceil(gap / batch_size)), so crossing steps stay
//   exact to the step. 1e6 steps take milliseconds, not a draw per step.
// Checkpoints are log-spaced by default (training curves are read on a log axis and the early steps are
// where tasks differ most); `spacing: 'linear'` gives even ones. The last step is always a checkpoint.

import { sampleBinomial } from './binomial';
import { Xoshiro128StarStar } from './prng';
import type { RatesResult } from './types';

export interface SamplingOptions {
  steps: number;
  batchSize: number;
  seed: number;
  /** How many checkpoints to report (default 100; at most `steps`). */
  points?: number;
  spacing?: 'log' | 'linear';
  /** Epochs at which a task's crossing step is reported (default 1). */
  epochThreshold?: number;
  method?: 'auto' | 'per-example' | 'multinomial';
}

export interface SampledTask {
  name: string;
  examples: number;
  rate: number;
  /** Cumulative examples drawn at each checkpoint. */
  counts: number[];
  /** counts / examples at each checkpoint; null when examples is 0. */
  epochs: (number | null)[];
  /** First step whose cumulative draws reach epoch_threshold * examples; null if never (or examples 0). */
  crossing_step: number | null;
}

export interface SamplingSimulation {
  mixture: string;
  steps: number;
  batch_size: number;
  seed: number;
  method: 'per-example' | 'multinomial';
  spacing: 'log' | 'linear';
  epoch_threshold: number;
  checkpoints: number[];
  tasks: SampledTask[];
}

export type SamplingOutcome = { ok: true; simulation: SamplingSimulation } | { ok: false; error: string };

const PER_EXAMPLE_LIMIT = 2 ** 20;

/** Increasing checkpoint steps in [1, steps], ending at `steps`. */
export function checkpointSteps(steps: number, points: number, spacing: 'log' | 'linear'): number[] {
  const count = Math.max(1, Math.min(points, steps));
  const out = new Set<number>();
  for (let i = 1; i <= count; i++) {
    const step =
      spacing === 'linear' ? Math.round((steps * i) / count) : Math.round(Math.exp((Math.log(steps) * (i - 1)) / Math.max(1, count - 1)));
    out.add(Math.min(steps, Math.max(1, step)));
  }
  out.add(steps);
  return [...out].sort((a, b) => a - b);
}

function checkOptions(o: SamplingOptions): string | null {
  if (!Number.isInteger(o.steps) || o.steps < 1) return `steps must be an integer >= 1 (got ${o.steps})`;
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) return `batch size must be an integer >= 1 (got ${o.batchSize})`;
  if (!Number.isFinite(o.seed)) return `seed must be a finite number (got ${o.seed})`;
  if (o.points !== undefined && !(Number.isInteger(o.points) && o.points >= 1)) return `points must be an integer >= 1 (got ${o.points})`;
  if (o.epochThreshold !== undefined && !(Number.isFinite(o.epochThreshold) && o.epochThreshold > 0)) {
    return `epoch threshold must be a number > 0 (got ${o.epochThreshold})`;
  }
  if (!Number.isSafeInteger(o.steps * o.batchSize)) return 'steps * batch size is too large to count exactly';
  return null;
}

export function simulateSampling(result: RatesResult, options: SamplingOptions): SamplingOutcome {
  const problem = checkOptions(options);
  if (problem) return { ok: false, error: problem };
  const { steps, batchSize, seed } = options;
  const spacing = options.spacing ?? 'log';
  const threshold = options.epochThreshold ?? 1;
  const method =
    options.method === undefined || options.method === 'auto'
      ? steps * batchSize <= PER_EXAMPLE_LIMIT ? 'per-example' : 'multinomial'
      : options.method;
  const rates = result.tasks.map((t) => Math.max(0, t.rate));
  const total = rates.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return { ok: false, error: 'no task has a positive rate, so nothing can be drawn' };
  const p = rates.map((r) => r / total);
  const k = p.length;

  const rng = Xoshiro128StarStar.fromSeed(seed);
  const checkpoints = checkpointSteps(steps, options.points ?? 100, spacing);
  const counts = new Float64Array(k);
  const targets = result.tasks.map((t) => (t.examples > 0 ? threshold * t.examples : Infinity));
  const crossing: (number | null)[] = result.tasks.map(() => null);
  const series = result.tasks.map(() => [] as number[]);

  const cumulative = new Float64Array(k);
  p.reduce((acc, x, i) => (cumulative[i] = acc + x), 0);
  // Draws land on the last task with a positive rate when rounding leaves u above the final sum.
  const lastPositive = p.reduce((last, x, i) => (x > 0 ? i : last), 0);
  const batch = new Float64Array(k);

  const drawPerExample = (draws: number): void => {
    batch.fill(0);
    for (let j = 0; j < draws; j++) {
      const u = rng.nextFloat();
      let lo = 0;
      let hi = lastPositive;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (u < cumulative[mid]) hi = mid;
        else lo = mid + 1;
      }
      batch[lo] += 1;
    }
  };
  const drawMultinomial = (draws: number): void => {
    let left = draws;
    let unassigned = 1;
    for (let i = 0; i < k; i++) {
      if (i === lastPositive) {
        batch[i] = left;
        left = 0;
      } else if (left === 0 || p[i] === 0) {
        batch[i] = 0;
      } else {
        const drawn = sampleBinomial(rng, left, Math.min(1, p[i] / unassigned));
        batch[i] = drawn;
        left -= drawn;
      }
      unassigned -= p[i];
    }
  };

  /** Batches to draw at once from `step`: up to the next checkpoint, and short enough that a task that
   *  could still cross cannot do so before the run's last step. */
  const runLength = (step: number, checkpoint: number): number => {
    if (method === 'per-example') return 1;
    let m = checkpoint - step;
    for (let i = 0; i < k; i++) {
      if (crossing[i] !== null || p[i] === 0) continue;
      const gap = targets[i] - counts[i];
      // A task that cannot cross even if it got every remaining draw does not limit the run.
      if (gap > (steps - step) * batchSize) continue;
      m = Math.min(m, Math.max(1, Math.ceil(gap / batchSize)));
    }
    return m;
  };

  let next = 0;
  let step = 0;
  while (step < steps) {
    const m = runLength(step, checkpoints[next]);
    if (method === 'per-example') drawPerExample(batchSize);
    else drawMultinomial(m * batchSize);
    step += m;
    for (let i = 0; i < k; i++) {
      counts[i] += batch[i];
      if (crossing[i] === null && counts[i] >= targets[i]) crossing[i] = step;
    }
    if (step === checkpoints[next]) {
      for (let i = 0; i < k; i++) series[i].push(counts[i]);
      next += 1;
    }
  }

  return {
    ok: true,
    simulation: {
      mixture: result.mixture,
      steps,
      batch_size: batchSize,
      seed,
      method,
      spacing,
      epoch_threshold: threshold,
      checkpoints,
      tasks: result.tasks.map((t, i) => ({
        name: t.name,
        examples: t.examples,
        rate: t.rate,
        counts: series[i],
        epochs: series[i].map((c) => (t.examples > 0 ? c / t.examples : null)),
        crossing_step: crossing[i],
      })),
    },
  };
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Long ("tidy") CSV, one row per checkpoint and task: step,task,count,epochs (epochs empty when undefined). */
export function samplingToCsv(sim: SamplingSimulation): string {
  const rows = ['step,task,count,epochs'];
  sim.checkpoints.forEach((step, j) => {
    for (const t of sim.tasks) {
      const epochs = t.epochs[j];
      rows.push(`${step},${csvField(t.name)},${t.counts[j]},${epochs === null ? '' : epochs}`);
    }
  });
  return rows.join('\n') + '\n';
}

export function samplingToJson(sim: SamplingSimulation): string {
  return JSON.stringify(sim, null, 2) + '\n';
}
