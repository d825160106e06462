// The rates engine's vocabulary: a resolved mixture tree in, plain JSON-able results out.
// The tree is independent of YAML: the caller (analyze.ts) builds it from the parsed files and the
// counted data, so the engine can be tested and reused without a parser or a file system.

/** The strategy names the engine knows; `equal` is mapped to `uniform` by whoever builds the tree. */
export type RateStrategy = 'uniform' | 'proportional' | 'temperature' | 'sqrt' | 'unimax' | 'manual';

export interface StrategyConfig {
  strategy: RateStrategy;
  /** T > 0; required by `temperature`. */
  temperature?: number;
  /** K: examples-proportional limit; absent or 0 means no cap. */
  cap?: number;
  /** `manual` only: the raw rate of an entry that has no `rate`. */
  defaultRate?: number;
  /** UniMax's epoch cap N (the file's `budget.max_epochs`). */
  maxEpochs?: number;
  /** The size the strategy reads (`sampling.unit`): examples (absent) or tokens; the cap K and UniMax's budget and N
   *  are then in that unit too (spec 1.1, "Unit"). */
  unit?: SizeUnit;
}

/** What a size counts: examples (records) or training tokens. */
export type SizeUnit = 'examples' | 'tokens';

export interface RateTaskNode {
  kind: 'task';
  name: string;
  prefix: string;
  /** n: declared `examples`, or the counted data when absent; NaN when unknown, which only strategies that read no
   *  size accept (manual, uniform, or a fixed `rate`). */
  examples: number;
  /** The task's `data` as written in its file (passed through to the result). */
  data?: string;
  /** seqio's scale, applied before the cap; default 1. */
  scale?: number;
  /** A fixed raw rate: replaces the computed one (manual: the task's rate). */
  rate?: number;
  /** Training tokens: declared `tokens`, or counted from `data` with the tokenizer; absent when unknown. */
  tokens?: number;
  /** The token count is an estimate from the first records (the data file is over the counting limit). */
  tokensEstimated?: boolean;
}

export interface RateMixtureNode {
  kind: 'mixture';
  name: string;
  sampling: StrategyConfig;
  entries: RateEntry[];
  /** Raw rate among its siblings when included with `rate:`; absent for the root. */
  rate?: number;
  /** The budget in tokens (`budget.tokens`); read on the root only. It travels with the tree, not as an option, so that
   *  every caller that recomputes rates from an analysis's tree (what-ifs, compare, exports) keeps it. */
  tokensDrawn?: number;
}

export type RateEntry = RateTaskNode | RateMixtureNode;

/** What-ifs applied to the ROOT mixture's strategy only (sub-mixtures keep their own). */
export interface RateOverrides {
  strategy?: RateStrategy | 'equal';
  temperature?: number;
  /** 0 removes the file's cap. */
  cap?: number;
}

/** One leaf task in `taskmix rates --json`. */
export interface TaskRate {
  name: string;
  /** Mixture names from the root down to the one that lists the task (first path). */
  via: string[];
  prefix: string;
  /** n; NaN when unknown (then `JSON.stringify` writes null, and epochs are null). */
  examples: number;
  /** The task's `data` as written in the mixture file, when it has one. */
  data?: string;
  /** Raw rate among its siblings (first path). */
  raw: number;
  /** Final sampling probability; all tasks sum to 1. */
  rate: number;
  /** S * rate / examples; null without a budget or when examples is 0. */
  epochs: number | null;
  // The token figures are always set by computeRates (so `taskmix rates --json` always has them); optional so that
  // rates unpacked from a view's packed answer, which carry none, are still TaskRates.
  /** Training tokens of the task; null when unknown. */
  tokens?: number | null;
  /** True when `tokens` is an estimate from the data file's first records. */
  tokens_estimated?: boolean;
  /** The task's share of the training tokens, rate * mean / sum of rate * mean; null when any task's tokens are unknown. */
  token_share?: number | null;
  /** The epochs as the value of that much repeated data, in epochs of new data (Muennighoff et al. 2023); null with epochs. */
  effective_epochs?: number | null;
}

export interface BalanceFigures {
  /** H(p) in nats. */
  entropy: number;
  /** H(p) / ln N; 1 when N = 1. */
  normalized_entropy: number;
  /** exp(H(p)). */
  effective_tasks: number;
  /** max p / min p; null when unbounded (some task has p = 0, or the ratio overflows). */
  max_min_ratio: number | null;
  /** Gini coefficient of p, 0 (equal) .. 1 - 1/N. */
  gini: number;
  /** KL(p || uniform) in nats. */
  kl_uniform: number;
  /** KL(p || n / sum n) in nats; null when unbounded (p > 0 where n = 0) or sum n = 0. */
  kl_proportional: number | null;
}

/** Exactly what `taskmix rates --json` prints. */
export interface RatesResult {
  mixture: string;
  strategy: RateStrategy;
  examples_drawn: number | null;
  /** The budget in tokens, present only when the budget is given in tokens (`budget.tokens`). */
  tokens_drawn?: number;
  tasks: TaskRate[];
  balance: BalanceFigures;
}

/** Per-task facts that are not part of the JSON (aligned with `RatesResult.tasks`). */
export interface TaskRateDetail {
  name: string;
  /** How many include paths reach the task (its rate is summed over them). */
  paths: number;
  /** The raw-rate formula with the numbers, for hover (first path). */
  formula: string;
  /** The sampling of the mixture that lists the task (first path), after overrides. */
  sampling: StrategyConfig;
}

export type RatesErrorCode =
  | 'no-tasks'
  | 'unimax-needs-budget'
  | 'unimax-needs-max-epochs'
  | 'rate-with-unimax'
  | 'manual-needs-rate'
  | 'invalid-temperature'
  | 'invalid-number'
  | 'all-rates-zero'
  | 'tokens-unknown';

export interface RatesError {
  code: RatesErrorCode;
  message: string;
  /** Mixture names from the root to where the problem is. */
  mixturePath: string[];
  /** The entry (task or sub-mixture name) at fault, when one is. */
  entry?: string;
}

export type RatesOutcome =
  | { ok: true; result: RatesResult; details: TaskRateDetail[]; rootSampling: StrategyConfig }
  | { ok: false; errors: RatesError[] };
