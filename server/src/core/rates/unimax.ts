// UniMax (Chung et al. 2023, "UniMax: Fairer and More Effective Language Sampling for Large-Scale
// Multilingual Pretraining", Algorithm 1): spend the budget as uniformly as possible, but never more than
// N epochs of any task. Walking the tasks from the smallest up, each takes the uniform share of what is
// left or its N-epoch limit, whichever is smaller; what a small task cannot use flows to the larger ones.

/**
 * Examples allotted to each task (same order as `examples`) from a budget of `budget` examples.
 * When N * sum(n) < budget every task is capped and the allotments sum to less than the budget; the
 * caller normalizes them into probabilities (so those epochs then exceed N: the budget cannot be met).
 */
export function unimaxAllocation(examples: readonly number[], budget: number, maxEpochs: number): number[] {
  const order = examples.map((n, i) => ({ n, i })).sort((a, b) => a.n - b.n || a.i - b.i);
  const out = new Array<number>(examples.length).fill(0);
  let remaining = budget;
  order.forEach(({ n, i }, k) => {
    const tasksLeft = order.length - k;
    // Ties need no special order: equal n get equal allotments whichever comes first.
    const u = Math.max(0, Math.min(remaining / tasksLeft, maxEpochs * n));
    out[i] = u;
    remaining -= u;
  });
  return out;
}
