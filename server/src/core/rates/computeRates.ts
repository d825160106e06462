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
// - A mixture whose raw rates are all zero is an error, a sub-mixture's too even when it gets probability 0:
//   seqio divides by a sub-mixture's total rate (Mixture.get_rate: rate * mix.get_rate(task) / mix.total_rate),
//   so it fails there. The one exception is a unimax sub-mixture given probability 0, whose allotments are 0
//   only because its budget S * 0 is.
// - Overrides (what-ifs) change the ROOT mixture's strategy, temperature and cap only.
// - epochs = S * p / n; null without a budget, and null when n = 0 (the validator warns about it) or unknown (NaN:
//   manual and uniform need no sizes, so an imported blend has none).
// - Tokens (spec 1.1): with `unit: tokens` a mixture's strategy reads tokens and shares them; a budget may be in
//   tokens (`tokensDrawn`); the token shares, the examples drawn and effective epochs follow (tokenUnit.ts).

import { computeBalance } from './balance';
import { sizeBasedRawRate } from './rawRate';
import { unimaxAllocation } from './unimax';
import { entryMean, finishTokenFigures, formulaText, tokenUnitErrors, unimaxForBudget, unitOf, unitSizes, withinShares, type NodeBudget } from './tokenUnit';
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
  /** The budget in tokens, used when `examplesDrawn` is null; default: the root's `tokensDrawn` (budget.tokens). */
  tokensDrawn?: number | null;
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

/** Whether `sampling` reads this entry's size n: unimax always; the size-based strategies unless a fixed `rate`
 *  replaces the computed one; manual and uniform never. */
function readsSize(sampling: StrategyConfig, entry: RateEntry): boolean {
  if (sampling.strategy === 'unimax') return true;
  if (sampling.strategy === 'manual' || sampling.strategy === 'uniform') return false;
  return entry.rate === undefined;
}

class RatesWalk {
  readonly leaves: LeafShare[] = [];
  readonly errors: RatesError[] = [];

  constructor(
    private readonly examplesDrawn: number | null,
    /** The budget in tokens when there is no S in examples (spec 1.1: `budget.tokens`). */
    private readonly tokensDrawn: number | null = null,
  ) {}

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
      if (this.examplesDrawn === null && this.tokensDrawn === null) {
        this.fail('unimax-needs-budget', `mixture ${node.name}: unimax needs a budget (steps and batch_size, or examples)`, path);
      }
      const n = sampling.maxEpochs;
      if (n === undefined || !Number.isFinite(n) || n <= 0) {
        this.fail('unimax-needs-max-epochs', `mixture ${node.name}: unimax needs budget.max_epochs N > 0`, path);
      }
    }
    for (const e of node.entries) {
      if (!isNonNegative(e.rate)) this.fail('invalid-number', `${e.name}: rate must be a number >= 0`, path, e.name);
      // An unknown size (NaN) is fine where this mixture's strategy never reads it (spec 1.1).
      const size = e.kind === 'task' ? e.examples : leafExamples(e);
      if (Number.isNaN(size) && readsSize(sampling, e)) {
        this.fail('invalid-number', `${e.name}: its size is unknown (no \`examples\`, and no \`data\` counted), and strategy ${sampling.strategy} of mixture ${node.name} needs it; add \`examples: N\``, path, e.name);
      }
      if (e.kind === 'task') {
        if (!Number.isNaN(e.examples) && !isNonNegative(e.examples)) this.fail('invalid-number', `${e.name}: examples must be a number >= 0`, path, e.name);
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
    this.errors.push(...tokenUnitErrors(node, sampling, this.examplesDrawn === null && this.tokensDrawn !== null, path));
    return this.errors.length === before;
  }

  /** UniMax's budget for a mixture that gets `share` of the examples drawn and `tokenShare` of the tokens. */
  private budgetOf(share: number, tokenShare: number): NodeBudget {
    if (this.examplesDrawn === null && this.tokensDrawn !== null) return { unit: 'tokens', amount: this.tokensDrawn * tokenShare };
    return { unit: 'examples', amount: (this.examplesDrawn ?? 0) * share };
  }

  private rawRates(entries: readonly RateEntry[], sampling: StrategyConfig, share: number, tokenShare = share): number[] {
    const sizes = unitSizes(entries, sampling, (e) => (e.kind === 'task' ? e.examples : leafExamples(e)));
    switch (sampling.strategy) {
      case 'unimax':
        if (unitOf(sampling) === 'examples' && this.tokensDrawn === null) return unimaxAllocation(sizes, (this.examplesDrawn ?? 0) * share, sampling.maxEpochs ?? 0);
        return unimaxForBudget(sizes, entries.map(entryMean), unitOf(sampling), this.budgetOf(share, tokenShare), sampling.maxEpochs ?? 0);
      case 'manual':
        return entries.map((e) => e.rate ?? sampling.defaultRate ?? 0);
      case 'uniform':
        return entries.map((e) => e.rate ?? 1);
      default:
        return entries.map((e, i) => e.rate ?? sizeBasedRawRate(sizes[i], e.kind === 'task' ? e.scale ?? 1 : 1, sampling));
    }
  }

  /** Shares `share` (this mixture's probability) among its entries, recursively. */
  visit(node: RateMixtureNode, sampling: StrategyConfig, share: number, path: string[], tokenShare = share): void {
    if (!this.checkMixture(node, sampling, path)) return;
    const raw = this.rawRates(node.entries, sampling, share, tokenShare);
    const total = raw.reduce((a, b) => a + b, 0);
    if (!(total > 0) && (share > 0 || sampling.strategy !== 'unimax')) {
      this.fail('all-rates-zero', `mixture ${node.name}: every raw rate is zero, so no task can be sampled`, path);
      return;
    }
    // With `unit: tokens` the raw rates share the tokens; each entry's probability of an example follows (tokenUnit.ts).
    const within = unitOf(sampling) === 'examples' && this.tokensDrawn === null ? null : withinShares(node.entries, raw, unitOf(sampling));
    node.entries.forEach((entry, i) => {
      const probability = total > 0 ? share * (within ? within.examples[i]! : raw[i] / total) : 0;
      const entryTokenShare = total > 0 && within?.tokens ? tokenShare * within.tokens[i]! : probability;
      if (entry.kind === 'mixture') this.visit(entry, entry.sampling, probability, [...path, entry.name], entryTokenShare);
      else this.leaves.push({ task: entry, via: path, raw: raw[i], probability, sampling });
    });
  }
}

/**
 * The errors computeRates would give for this tree as a root, without computing the result: how a mixture that
 * is included elsewhere is checked on its own (an included file whose rates are all zero has errors).
 */
export function rateTreeErrors(root: RateMixtureNode, examplesDrawn: number | null): RatesError[] {
  const walk = new RatesWalk(examplesDrawn, examplesDrawn === null ? root.tokensDrawn ?? null : null);
  walk.visit(root, root.sampling, 1, [root.name]);
  return walk.errors;
}

/** Rates, epochs and balance of a mixture: exactly the `taskmix rates --json` result, or typed errors. */
export function computeRates(root: RateMixtureNode, opts: ComputeRatesOptions): RatesOutcome {
  const S = opts.examplesDrawn;
  if (S !== null && !(Number.isFinite(S) && S >= 0)) {
    return { ok: false, errors: [{ code: 'invalid-number', message: 'examples drawn must be a number >= 0', mixturePath: [root.name] }] };
  }
  const rootSampling = applyOverrides(root.sampling, opts.overrides);
  const T = S === null ? (opts.tokensDrawn !== undefined ? opts.tokensDrawn : root.tokensDrawn ?? null) : null;
  if (T !== null && !(Number.isFinite(T) && T >= 0)) {
    return { ok: false, errors: [{ code: 'invalid-number', message: 'tokens drawn must be a number >= 0', mixturePath: [root.name] }] };
  }
  const walk = new RatesWalk(S, T);
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
        ...(leaf.task.data !== undefined ? { data: leaf.task.data } : {}),
        raw: leaf.raw,
        rate: leaf.probability,
        epochs: null,
        tokens: leaf.task.tokens ?? null,
        tokens_estimated: leaf.task.tokensEstimated === true,
        token_share: null,
        effective_epochs: null,
      },
      detail: lazyFormulaDetail(leaf),
    });
  }
  const entries = [...byName.values()];
  const tasks = entries.map((e) => e.rate);
  // Epochs, token shares and effective epochs; with a budget in tokens, S follows from the rates (tokenUnit.ts).
  const examplesDrawn = finishTokenFigures(tasks, S, T);
  return {
    ok: true,
    result: {
      mixture: root.name,
      strategy: rootSampling.strategy,
      examples_drawn: examplesDrawn,
      ...(T !== null ? { tokens_drawn: T } : {}),
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
    return (this.text ??= formulaText(this.leaf.task, this.leaf.sampling, this.leaf.raw));
  }
  toJSON(): { name: string; paths: number; formula: string; sampling: StrategyConfig } {
    return { name: this.name, paths: this.paths, formula: this.formula, sampling: this.sampling };
  }
}

function lazyFormulaDetail(leaf: LeafShare): TaskRateDetail {
  return new LazyFormulaDetail(leaf);
}
