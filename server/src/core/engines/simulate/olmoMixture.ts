// OLMo-core's source mixture (src/olmo_core/data/source_mixture.py, `SourceMixtureDatasetConfig.build`): each
// source needs int(requested_tokens * target_ratio) tokens and may give at most
// int(available * max_source_fraction * max_repetition_ratio); when it cannot, OLMo-core refuses the mixture
// ("Insufficient tokens for source"). The target ratios must sum to 1 (`np.allclose`, SourceMixtureList.validate).

export interface OlmoSource {
  available: number;
  targetRatio: number;
  /** max_repetition_ratio (>= 1, default 1). */
  repetitionFactor?: number;
}

export interface OlmoOutcome {
  needed: number;
  max: number;
  /** needed > max: OLMo-core raises. */
  insufficient: boolean;
}

export function olmoSourceMixture(sources: readonly OlmoSource[], requestedTokens: number): OlmoOutcome[] {
  return sources.map((s) => {
    const needed = Math.trunc(requestedTokens * s.targetRatio);
    const max = Math.trunc(s.available * 1 * (s.repetitionFactor ?? 1));
    return { needed, max, insufficient: max < needed };
  });
}

/** numpy's `np.allclose(sum, 1.0)`: |sum - 1| <= 1e-8 + 1e-5. */
export function sumsToOne(weights: readonly number[]): boolean {
  let sum = 0;
  for (const w of weights) sum += w;
  return Math.abs(sum - 1) <= 1e-8 + 1e-5 * 1;
}
