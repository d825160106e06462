// Tokens as a unit of the rates engine (spec 1.1, "Unit", "Epochs"): the sizes a strategy reads, how a share in one
// unit becomes a share in the other, UniMax's budget when it is given in the other unit, and the token figures of
// the result (token share, epochs under a token budget, effective epochs).
//
// Choices where the spec is silent:
// - A sub-mixture's mean tokens per example is its distinct tasks' pooled mean (their tokens / their examples). It
//   converts the parent's shares of the sub-mixture (token share <-> example probability) and a UniMax budget
//   handed down to it; inside, the sub-mixture's own strategy decides as usual. With no includes it is exact.
// - UniMax with a budget in the other unit (`unit: tokens` with `budget.steps`, or `unit: examples` with
//   `budget.tokens`) spends the budget B in its own unit for which the allotments, converted with each entry's
//   mean, come to the budget as given: found by bisection, since the converted total grows with B. Once every
//   entry is at N epochs more budget changes nothing, and the allotments are those (as with a budget in its own unit).
// - A task's token share is rate * mean / sum of rate * mean over the final rates (exact whatever the tree), and null
//   for every task as soon as one task's tokens are unknown.
import { effectiveEpochs } from './effectiveEpochs';
import { describeRawRate } from './rawRate';
import type { RateEntry, RateMixtureNode, RatesError, RateTaskNode, SizeUnit, StrategyConfig, TaskRate } from './types';
import { unimaxAllocation } from './unimax';

export function unitOf(sampling: StrategyConfig): SizeUnit {
  return sampling.unit ?? 'examples';
}

/** Distinct leaf tasks below a mixture (a task listed twice counts once), in order. */
function leaves(node: RateMixtureNode, seen = new Set<string>(), out: RateTaskNode[] = []): RateTaskNode[] {
  for (const e of node.entries) {
    if (e.kind === 'mixture') leaves(e, seen, out);
    else if (!seen.has(e.name)) {
      seen.add(e.name);
      out.push(e);
    }
  }
  return out;
}

/** An entry's tokens (a sub-mixture: its distinct tasks'), or NaN when any is unknown. */
export function entryTokens(entry: RateEntry): number {
  if (entry.kind === 'task') return entry.tokens ?? NaN;
  let total = 0;
  for (const t of leaves(entry)) total += t.tokens ?? NaN;
  return total;
}

/** An entry's mean tokens per example (a sub-mixture: pooled); 0 without examples, NaN when unknown. */
export function entryMean(entry: RateEntry): number {
  const tasks = entry.kind === 'task' ? [entry] : leaves(entry);
  let tokens = 0;
  let examples = 0;
  for (const t of tasks) {
    tokens += t.tokens ?? NaN;
    examples += t.examples;
  }
  if (Number.isNaN(tokens) || Number.isNaN(examples)) return NaN;
  return examples > 0 ? tokens / examples : 0;
}

/** The sizes the mixture's strategy reads: tokens with `unit: tokens`, else what `examplesOf` gives. */
export function unitSizes(entries: readonly RateEntry[], sampling: StrategyConfig, examplesOf: (e: RateEntry) => number): number[] {
  return unitOf(sampling) === 'tokens' ? entries.map(entryTokens) : entries.map(examplesOf);
}

/**
 * Each entry's share of the mixture's examples and of its tokens, from raw rates whose unit is the strategy's:
 * with `unit: tokens` the normalized raw rates are token shares q and the example shares are (q / mean) normalized;
 * with `unit: examples` it is the other way round. The token shares are null when some mean is unknown.
 */
export function withinShares(entries: readonly RateEntry[], raw: readonly number[], unit: SizeUnit): { examples: number[]; tokens: number[] | null } {
  const total = raw.reduce((a, b) => a + b, 0);
  const own = raw.map((r) => (total > 0 ? r / total : 0));
  const means = entries.map(entryMean);
  const known = means.every((m) => !Number.isNaN(m));
  if (unit === 'examples') {
    if (!known) return { examples: own, tokens: null };
    return { examples: own, tokens: normalized(own.map((p, i) => p * means[i]!)) };
  }
  // An entry without examples (mean 0) draws none, whatever its share: tokenUnitErrors rejects one with tokens.
  return { examples: normalized(own.map((q, i) => (q > 0 && means[i]! > 0 ? q / means[i]! : 0))), tokens: own };
}

function normalized(xs: number[]): number[] {
  const total = xs.reduce((a, b) => a + b, 0);
  return xs.map((x) => (total > 0 ? x / total : 0));
}

/** The budget one mixture of the tree spends: its part of the examples drawn, or of the tokens drawn. */
export interface NodeBudget {
  unit: SizeUnit;
  amount: number;
}

/**
 * UniMax's allotments (in the strategy's unit) for a budget given in either unit. In the strategy's own unit it is
 * Algorithm 1 as is; in the other, the budget B in the strategy's unit whose allotments convert to the amount given.
 */
export function unimaxForBudget(sizes: readonly number[], means: readonly number[], unit: SizeUnit, budget: NodeBudget, maxEpochs: number): number[] {
  if (budget.unit === unit) return unimaxAllocation(sizes, budget.amount, maxEpochs);
  // Allotted tokens become examples at each entry's mean, allotted examples tokens.
  const converted = (alloc: number[]): number =>
    alloc.reduce((sum, a, i) => sum + (unit === 'tokens' ? (means[i]! > 0 ? a / means[i]! : 0) : a * means[i]!), 0);
  // Past N times the total every entry is capped: more budget changes nothing.
  let hi = maxEpochs * sizes.reduce((a, b) => a + b, 0);
  if (!(hi > 0) || converted(unimaxAllocation(sizes, hi, maxEpochs)) <= budget.amount) return unimaxAllocation(sizes, hi, maxEpochs);
  let lo = 0;
  // 200 halvings take any double range down to adjacent values; stop there.
  for (let step = 0; step < 200 && hi - lo > Math.max(1e-12 * hi, Number.MIN_VALUE); step++) {
    const mid = (lo + hi) / 2;
    if (converted(unimaxAllocation(sizes, mid, maxEpochs)) < budget.amount) lo = mid;
    else hi = mid;
  }
  return unimaxAllocation(sizes, (lo + hi) / 2, maxEpochs);
}

/** What the token unit needs of a mixture's entries (its tokens, consistent with its examples), as rate errors. */
export function tokenUnitErrors(node: RateMixtureNode, sampling: StrategyConfig, budgetInTokens: boolean, path: string[]): RatesError[] {
  const errors: RatesError[] = [];
  const tokensNeeded = unitOf(sampling) === 'tokens' || budgetInTokens;
  if (!tokensNeeded) return errors;
  const why = unitOf(sampling) === 'tokens' ? `mixture ${node.name} samples by tokens (\`unit: tokens\`)` : 'the budget is in tokens';
  for (const e of node.entries) {
    for (const t of e.kind === 'task' ? [e] : leaves(e)) {
      if (t.tokens === undefined || Number.isNaN(t.tokens)) {
        errors.push({ code: 'tokens-unknown', message: `${t.name}: its token count is unknown, and ${why}; write \`tokens: N\`, or give \`data\` and a \`tokenizer\``, mixturePath: path, entry: t.name });
      } else if (!(t.tokens >= 0 && Number.isFinite(t.tokens))) {
        errors.push({ code: 'invalid-number', message: `${t.name}: tokens must be a number >= 0`, mixturePath: path, entry: t.name });
      } else if (t.tokens > 0 && t.examples === 0) {
        errors.push({ code: 'invalid-number', message: `${t.name}: ${t.tokens} tokens in 0 examples; tokens are counted per example, so a task without examples has none`, mixturePath: path, entry: t.name });
      } else if (t.tokens === 0 && t.examples > 0 && unitOf(sampling) === 'tokens' && e.kind === 'task' && (e.rate !== undefined || sampling.strategy === 'manual' || sampling.strategy === 'uniform')) {
        errors.push({ code: 'invalid-number', message: `${t.name}: a share of the tokens for a task of 0 tokens cannot be drawn; give it tokens, or another rate`, mixturePath: path, entry: t.name });
      }
    }
  }
  return errors;
}

/** The raw-rate formula with the size the strategy read: its tokens, said so, with `unit: tokens`. */
export function formulaText(task: RateTaskNode, sampling: StrategyConfig, raw: number): string {
  if (unitOf(sampling) !== 'tokens') return describeRawRate(task, sampling, raw);
  return `${describeRawRate({ ...task, examples: task.tokens ?? NaN }, sampling, raw)} (n in tokens)`;
}

/**
 * Fills in each task's epochs, token share and effective epochs from the final rates, and returns the examples
 * drawn: S as given, or S_tok / sum of rate * mean with a budget in tokens (null when a mean is unknown).
 */
export function finishTokenFigures(tasks: TaskRate[], examplesDrawn: number | null, tokensDrawn: number | null): number | null {
  let meanDrawn = 0;
  let tokensKnown = true;
  for (const t of tasks) {
    const tokens = t.tokens ?? null;
    if (tokens === null || Number.isNaN(t.examples)) {
      tokensKnown = false;
      continue;
    }
    if (t.examples > 0) meanDrawn += t.rate * (tokens / t.examples);
  }
  const S = examplesDrawn ?? (tokensDrawn !== null && tokensKnown && meanDrawn > 0 ? tokensDrawn / meanDrawn : null);
  for (const t of tasks) {
    t.epochs = S !== null && t.examples > 0 ? (S * t.rate) / t.examples : null;
    t.effective_epochs = t.epochs === null ? null : effectiveEpochs(t.epochs);
    const tokens = t.tokens ?? null;
    t.token_share = tokensKnown && meanDrawn > 0 && tokens !== null ? (t.examples > 0 ? (t.rate * (tokens / t.examples)) / meanDrawn : 0) : null;
  }
  return S;
}
