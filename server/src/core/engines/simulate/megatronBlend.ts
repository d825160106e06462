// Megatron-LM's blended index (megatron/core/datasets/helpers.cpp, `build_blending_indices`; NeMo builds its blends
// with the same Megatron-core code): the weights are normalized (utils.py `normalize`, float64), then sample k comes
// from the dataset whose error weight * max(k, 1) - drawn is largest, the first on ties. The counts are therefore
// the engine's own, not expectations, and a dataset with a tiny weight may be drawn 0 times.

/** The weights as Megatron's `normalize` makes them: w / sum(w) in float64. */
export function normalizeWeights(weights: readonly number[]): number[] {
  let sum = 0;
  for (const w of weights) sum += w;
  return weights.map((w) => w / sum);
}

/** How many of `size` samples `build_blending_indices` takes from each dataset. Weights must be normalized. */
export function megatronBlendCounts(weights: readonly number[], size: number): number[] {
  const n = weights.length;
  const w = Float64Array.from(weights);
  const drawn = new Float64Array(n);
  for (let k = 0; k < size; k++) {
    const at = Math.max(k, 1);
    let best = 0;
    let bestError = w[0]! * at - drawn[0]!;
    for (let i = 1; i < n; i++) {
      const error = w[i]! * at - drawn[i]!;
      if (error > bestError) {
        bestError = error;
        best = i;
      }
    }
    drawn[best]! += 1;
  }
  return Array.from(drawn);
}
