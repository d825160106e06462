// Final sampling rates of a resolved mixture tree (spec, "Rates", "Sub-mixtures", "Task identity", "Epochs").
//
// Choices where the spec is silent, following seqio's Mixture.get_rate:
// - Each mixture shares its probability among its entries by its OWN strategy: p(entry) = p(mixture) *
//   r(entry) / sum of its siblings' r. A task's final rate is the sum over every path that reaches it
//   (seqio sums get_rate over sub-mixtures and the direct listing); `via` and `raw` are its first path's.
// - A sub-mixture included without `rate` counts as one task whose n is the sum of its own (distinct,
//   leaf) tasks' n, with scale 1, under the parent's strategy (so `uniform` gives it 1, `manual` its
//   default_rate, `unimax` an allotment by that n).
// - A `rate` on a task or an include replaces the computed raw rate, except under `unimax`, where it is
//   an error (`rate-with-unimax`): UniMax allots examples, and a fixed weight has no meaning among them.
// - `manual` uses the entry's `rate`, else `default_rate`, else it is an error (`manual-needs-rate`).
// - UniMax needs S (`examplesDrawn`) and N (`maxEpochs`); inside a sub-mixture it gets the budget
//   S * p(sub-mixture). Missing ones give a typed error result, never an exception.
// - A mixture whose raw rates are all zero is an error when it has probability to share; a sub-mixture
//   that itself gets probability 0 just gives 0 to its tasks.
// - Overrides (what-ifs) change the ROOT mixture's strategy, temperature and cap only.
// - epochs = S * p / n; null without a budget, and null when n = 0 (the validator warns about it).

import { computeBalance } from './balance';
import { describeRawRate, sizeBasedRawRate } from './rawRate';
import { unimaxAllocation } from './unimax';
import type {
  RateEntry,
  RateMixtureNode,
  RateOverrides,
  RatesError,
  RatesOutcome,
  RateTaskNode,
  StrategyConfig,
  TaskRate,
  TaskRateDetail,
} from './types';

export interface ComputeRatesOptions {
  /** S, examples drawn in training (steps * batch_size, or budget.examples); null when unknown. */
  examplesDrawn: number | null;
  overrides?: RateOverrides;
}

interface LeafShare {
  task: RateTaskNode;
  via: string[];
  raw: number;
  probability: number;
  sampling: StrategyConfig;
}

/** The root's sampling with the what-ifs applied (`equal` is `uniform`). */
export function applyOverrides(sampling: StrategyConfig, overrides: RateOverrides | undefined): StrategyConfig {
  if (!overrides) return sampling;
  const out: StrategyConfig = { ...sampling };
  if (overrides.strategy !== undefined) out.strategy = overrides.strategy === 'equal' ? 'uniform' : overrides.strategy;
  if (overrides.temperature !== undefined) out.temperature = overrides.temperature;
  if (overrides.cap !== undefined) out.cap = overrides.cap;
  return out;
}

/** Distinct leaf tasks' n below a mixture (a task listed twice counts once). */
function leafExamples(node: RateMixtureNode, seen = new Set<string>()): number {
  let total = 0;
  for (const e of node.entries) {
    if (e.kind === 'mixture') total += leafExamples(e, seen);
    else if (!seen.has(e.name)) {
      seen.add(e.name);
      total += e.examples;
    }
  }
  return total;
}

const isNonNegative = (x: number | undefined): boolean => x === undefined || (Number.isFinite(x) && x >= 0);

class RatesWalk {
  readonly leaves: LeafShare[] = [];
  readonly errors: RatesError[] = [];

  constructor(private readonly examplesDrawn: number | null) {}

  private fail(code: RatesError['code'], message: string, path: string[], entry?: string): void {
    this.errors.push({ code, message, mixturePath: path, ...(entry !== undefined ? { entry } : {}) });
  }

  /** Checks a mixture's own settings and entries; false when its rates cannot be computed. */
  private checkMixture(node: RateMixtureNode, sampling: StrategyConfig, path: string[]): boolean {
    const before = this.errors.length;
    if (node.entries.length === 0) this.fail('no-tasks', `mixture ${node.name} has no tasks`, path);
    const t = sampling.temperature;
    if (sampling.strategy === 'temperature' && (t === undefined || !Number.isFinite(t) || t <= 0)) {
      this.fail('invalid-temperature', `mixture ${node.name}: strategy temperature needs a temperature T > 0`, path);
    }
    if (!isNonNegative(sampling.cap)) this.fail('invalid-number', `mixture ${node.name}: cap must be a number >= 0`, path);
    if (sampling.strategy === 'unimax') {
      if (this.examplesDrawn === null) {
        this.fail('unimax-needs-budget', `mixture ${node.name}: unimax needs a budget (steps and batch_size, or examples)`, path);
      }
      const n = sampling.maxEpochs;
      if (n === undefined || !Number.isFinite(n) || n <= 0) {
        this.fail('unimax-needs-max-epochs', `mixture ${node.name}: unimax needs budget.max_epochs N > 0`, path);
      }
    }
    for (const e of node.entries) {
      if (!isNonNegative(e.rate)) this.fail('invalid-number', `${e.name}: rate must be a number >= 0`, path, e.name);
      if (e.kind === 'task') {
        if (!isNonNegative(e.examples)) this.fail('invalid-number', `${e.name}: examples must be a number >= 0`, path, e.name);
        if (e.scale !== undefined && !(Number.isFinite(e.scale) && e.scale > 0)) {
          this.fail('invalid-number', `${e.name}: scale must be a number > 0`, path, e.name);
        }
      }
      if (sampling.strategy === 'unimax' && e.rate !== undefined) {
        this.fail('rate-with-unimax', `${e.name}: a fixed rate cannot be used with strategy unimax`, path, e.name);
      }
      if (sampling.strategy === 'manual' && e.rate === undefined && sampling.defaultRate === undefined) {
        this.fail('manual-needs-rate', `${e.name}: strategy manual needs a rate here, or sampling.default_rate`, path, e.name);
      }
    }
    if (sampling.strategy === 'manual' && !isNonNegative(sampling.defaultRate)) {
      this.fail('invalid-number', `mixture ${node.name}: default_rate must be a number >= 0`, path);
    }
    return this.errors.length === before;
  }

  private rawRates(entries: readonly RateEntry[], sampling: StrategyConfig, share: number): number[] {
    const sizes = entries.map((e) => (e.kind === 'task' ? e.examples : leafExamples(e)));
    switch (sampling.strategy) {
      case 'unimax':
        return unimaxAllocation(sizes, (this.examplesDrawn ?? 0) * share, sampling.maxEpochs ?? 0);
      case 'manual':
        return entries.map((e) => e.rate ?? sampling.defaultRate ?? 0);
      case 'uniform':
        return entries.map((e) => e.rate ?? 1);
      default:
        return entries.map((e, i) => e.rate ?? sizeBasedRawRate(sizes[i], e.kind === 'task' ? e.scale ?? 1 : 1, sampling));
    }
  }

  /** Shares `share` (this mixture's probability) among its entries, recursively. */
  visit(node: RateMixtureNode, sampling: StrategyConfig, share: number, path: string[]): void {
    if (!this.checkMixture(node, sampling, path)) return;
    const raw = this.rawRates(node.entries, sampling, share);
    const total = raw.reduce((a, b) => a + b, 0);
    if (!(total > 0) && share > 0) {
      this.fail('all-rates-zero', `mixture ${node.name}: every raw rate is zero, so no task can be sampled`, path);
      return;
    }
    node.entries.forEach((entry, i) => {
      const probability = total > 0 ? share * (raw[i] / total) : 0;
      if (entry.kind === 'mixture') this.visit(entry, entry.sampling, probability, [...path, entry.name]);
      else this.leaves.push({ task: entry, via: path, raw: raw[i], probability, sampling });
    });
  }
}

/** Rates, epochs and balance of a mixture: exactly the `taskmix rates --json` result, or typed errors. */
export function computeRates(root: RateMixtureNode, opts: ComputeRatesOptions): RatesOutcome {
  const S = opts.examplesDrawn;
  if (S !== null && !(Number.isFinite(S) && S >= 0)) {
    return { ok: false, errors: [{ code: 'invalid-number', message: 'examples drawn must be a number >= 0', mixturePath: [root.name] }] };
  }
  const rootSampling = applyOverrides(root.sampling, opts.overrides);
  const walk = new RatesWalk(S);
  walk.visit(root, rootSampling, 1, [root.name]);
  if (walk.errors.length > 0) return { ok: false, errors: walk.errors };

  const byName = new Map<string, { rate: TaskRate; detail: TaskRateDetail }>();
  for (const leaf of walk.leaves) {
    const seen = byName.get(leaf.task.name);
    if (seen) {
      seen.rate.rate += leaf.probability;
      seen.detail.paths += 1;
      continue;
    }
    byName.set(leaf.task.name, {
      rate: {
        name: leaf.task.name,
        via: leaf.via,
        prefix: leaf.task.prefix,
        examples: leaf.task.examples,
        raw: leaf.raw,
        rate: leaf.probability,
        epochs: null,
      },
      detail: lazyFormulaDetail(leaf),
    });
  }
  const entries = [...byName.values()];
  const tasks = entries.map((e) => e.rate);
  for (const t of tasks) t.epochs = S !== null && t.examples > 0 ? (S * t.rate) / t.examples : null;
  return {
    ok: true,
    result: {
      mixture: root.name,
      strategy: rootSampling.strategy,
      examples_drawn: S,
      tasks,
      balance: computeBalance(tasks.map((t) => t.rate), tasks.map((t) => t.examples)),
    },
    details: entries.map((e) => e.detail),
    rootSampling,
  };
}

/** The formula text is only read by hover, so it is written on first read, not on every keystroke. */
class LazyFormulaDetail implements TaskRateDetail {
  readonly name: string;
  paths = 1;
  readonly sampling: StrategyConfig;
  private text: string | undefined;
  constructor(private readonly leaf: LeafShare) {
    this.name = leaf.task.name;
    this.sampling = leaf.sampling;
  }
  get formula(): string {
    return (this.text ??= describeRawRate(this.leaf.task, this.leaf.sampling, this.leaf.raw));
  }
  toJSON(): { name: string; paths: number; formula: string; sampling: StrategyConfig } {
    return { name: this.name, paths: this.paths, formula: this.formula, sampling: this.sampling };
  }
}

function lazyFormulaDetail(leaf: LeafShare): TaskRateDetail {
  return new LazyFormulaDetail(leaf);
}
